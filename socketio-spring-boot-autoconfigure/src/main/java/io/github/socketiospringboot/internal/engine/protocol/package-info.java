/**
 * Internal: Engine.IO v4 packets and the long-polling payload codec, with no I/O. Not an
 * API: it may change in any release.
 */
@NullMarked
package io.github.socketiospringboot.internal.engine.protocol;

import org.jspecify.annotations.NullMarked;
