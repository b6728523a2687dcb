/**
 * Internal: Engine.IO v4 sessions, handshake, heartbeat and upgrade, independent of HTTP;
 * the transport SPI. Not an API: it may change in any release.
 */
@NullMarked
package io.github.socketiospringboot.internal.engine;

import org.jspecify.annotations.NullMarked;
