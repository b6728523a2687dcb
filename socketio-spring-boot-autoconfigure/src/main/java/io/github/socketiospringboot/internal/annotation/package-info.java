/**
 * Internal: support for the annotation-driven handlers: discovery at startup, argument
 * resolvers, return values and exception handlers. Not an API: it may change in any
 * release.
 */
@NullMarked
package io.github.socketiospringboot.internal.annotation;

import org.jspecify.annotations.NullMarked;
