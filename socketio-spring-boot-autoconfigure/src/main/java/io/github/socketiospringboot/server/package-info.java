/**
 * The Socket.IO server: namespaces, sockets, rooms, events, acknowledgements and
 * broadcast operators.
 */
@NullMarked
package io.github.socketiospringboot.server;

import org.jspecify.annotations.NullMarked;
