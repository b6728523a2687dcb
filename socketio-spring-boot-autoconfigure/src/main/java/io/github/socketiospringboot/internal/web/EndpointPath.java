package io.github.socketiospringboot.internal.web;

import org.springframework.util.Assert;

/**
 * The path of an Engine.IO endpoint, matched the same way by both of its entries (the
 * Reactor Netty route and the WebFlux handler mapping): the path itself, with or without
 * its trailing slash, and anything under it.
 */
final class EndpointPath {

	private final String path;

	private final String pathWithoutSlash;

	/**
	 * Creates the path of an endpoint.
	 * @param path the path as clients send it, starting with {@code /}; a trailing slash
	 * is added when missing
	 */
	EndpointPath(String path) {
		Assert.isTrue(path.startsWith("/"), "path must start with '/'");
		this.path = path.endsWith("/") ? path : path + "/";
		this.pathWithoutSlash = this.path.substring(0, this.path.length() - 1);
	}

	/**
	 * Returns the path with its trailing slash.
	 * @return the path
	 */
	String value() {
		return this.path;
	}

	/**
	 * Tells whether a request is for the endpoint: its path is the endpoint's (with or
	 * without the trailing slash) or under it.
	 * @param uri the request's raw path, or its raw URI in origin form (a query or a
	 * fragment may follow the path)
	 * @return whether the endpoint serves it
	 */
	boolean matches(String uri) {
		if (!uri.startsWith(this.pathWithoutSlash)) {
			return false;
		}
		int length = this.pathWithoutSlash.length();
		if (uri.length() == length) {
			return true;
		}
		char next = uri.charAt(length);
		return next == '/' || next == '?' || next == '#';
	}

}
