/**
 * The WebFlux handler and mapping that serve an Engine.IO endpoint on the application
 * port.
 */
@NullMarked
package io.github.socketiospringboot.internal.web;

import org.jspecify.annotations.NullMarked;
