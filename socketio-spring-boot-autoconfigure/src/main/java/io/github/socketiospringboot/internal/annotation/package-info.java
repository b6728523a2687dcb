/**
 * Support for the annotation-driven handlers: discovery at startup, argument resolvers,
 * return values and exception handlers.
 */
@NullMarked
package io.github.socketiospringboot.internal.annotation;

import org.jspecify.annotations.NullMarked;
