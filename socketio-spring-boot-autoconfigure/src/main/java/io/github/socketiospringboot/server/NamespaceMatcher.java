package io.github.socketiospringboot.server;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a namespace that was not declared may be created on demand, as a child
 * of a dynamic namespace.
 */
@FunctionalInterface
public interface NamespaceMatcher {

	/**
	 * Decides on a namespace a client wants to join. Must not block.
	 * @param name the namespace name
	 * @param auth the client's auth payload
	 * @return {@code true} to create (or reuse) the namespace
	 */
	Mono<Boolean> matches(String name, JsonNode auth);

}
