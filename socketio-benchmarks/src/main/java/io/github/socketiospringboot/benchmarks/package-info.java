/**
 * JMH microbenchmarks of the hot path: Socket.IO packet encoding and decoding, and
 * broadcasts through the in-memory adapter to in-process connections.
 */
@NullMarked
package io.github.socketiospringboot.benchmarks;

import org.jspecify.annotations.NullMarked;
