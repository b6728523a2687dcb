/**
 * Internal: the WebFlux handler and mapping that serve an Engine.IO endpoint on the
 * application port. Not an API: it may change in any release.
 */
@NullMarked
package io.github.socketiospringboot.internal.web;

import org.jspecify.annotations.NullMarked;
