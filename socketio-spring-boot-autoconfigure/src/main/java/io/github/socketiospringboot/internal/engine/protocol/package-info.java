/**
 * Engine.IO v4 packets and the long-polling payload codec, with no I/O.
 */
@NullMarked
package io.github.socketiospringboot.internal.engine.protocol;

import org.jspecify.annotations.NullMarked;
