/**
 * The adapter SPI (rooms and broadcasts of a namespace, what a multi-server adapter
 * implements) and the default in-memory adapter.
 */
@NullMarked
package io.github.socketiospringboot.adapter;

import org.jspecify.annotations.NullMarked;
