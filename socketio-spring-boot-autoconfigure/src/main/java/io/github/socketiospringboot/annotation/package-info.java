/**
 * Annotation-driven Socket.IO handlers: {@code @SocketIOController} beans with
 * {@code @OnConnect}, {@code @OnEvent}, {@code @OnDisconnect} and
 * {@code @SocketIOExceptionHandler} methods, and the {@code SocketIOArgumentResolver} SPI
 * that gives such methods parameters of the application's own.
 */
@NullMarked
package io.github.socketiospringboot.annotation;

import org.jspecify.annotations.NullMarked;
