/**
 * MessagePack in the dialect of notepack.io, the codec of the official Node Redis adapter
 * and emitter, over JSON trees.
 */
@NullMarked
package io.github.socketiospringboot.adapter.cluster.msgpack;

import org.jspecify.annotations.NullMarked;
