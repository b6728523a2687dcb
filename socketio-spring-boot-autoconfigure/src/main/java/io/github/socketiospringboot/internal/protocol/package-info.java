/**
 * Internal: Socket.IO v5 packets: the decoder with binary reassembly and the encoder that
 * encodes a packet once into Engine.IO frames. Not an API: it may change in any release.
 */
@NullMarked
package io.github.socketiospringboot.internal.protocol;

import org.jspecify.annotations.NullMarked;
