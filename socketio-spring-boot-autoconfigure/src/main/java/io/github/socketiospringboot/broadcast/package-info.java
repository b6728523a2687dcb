/**
 * Broadcasting for application services: {@code BroadcastOperations} and its
 * {@code BroadcastTemplate}.
 */
@NullMarked
package io.github.socketiospringboot.broadcast;

import org.jspecify.annotations.NullMarked;
