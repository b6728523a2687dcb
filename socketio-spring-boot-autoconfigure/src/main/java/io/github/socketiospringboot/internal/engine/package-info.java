/**
 * Engine.IO v4 sessions, handshake, heartbeat and upgrade, independent of HTTP; the
 * transport SPI.
 */
@NullMarked
package io.github.socketiospringboot.internal.engine;

import org.jspecify.annotations.NullMarked;
