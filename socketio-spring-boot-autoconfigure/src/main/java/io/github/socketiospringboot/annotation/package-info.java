/**
 * Annotation-driven Socket.IO handlers: {@code @SocketIOController} beans with
 * {@code @OnConnect}, {@code @OnEvent}, {@code @OnDisconnect} and
 * {@code @SocketIOExceptionHandler} methods.
 */
@NullMarked
package io.github.socketiospringboot.annotation;

import org.jspecify.annotations.NullMarked;
