/**
 * The Socket.IO server: its options, namespaces, sockets, rooms, events, middlewares and
 * handlers; what it broadcasts with is in {@code io.github.socketiospringboot.broadcast}.
 */
@NullMarked
package io.github.socketiospringboot.server;

import org.jspecify.annotations.NullMarked;
