package io.github.socketiospringboot.internal.web;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Cross-origin settings of the Engine.IO endpoint. With no allowed origins (the default)
 * no CORS header is written, so browsers on other origins are refused, as by the
 * reference server.
 *
 * @param allowedOrigins origins allowed exactly, or {@code *} for any
 * @param allowedOriginPatterns origin patterns such as {@code https://*.example.com}
 * @param allowCredentials whether browsers may send cookies and credentials
 * @param allowedMethods methods announced in preflight answers
 * @param allowedHeaders request headers allowed in preflight answers; empty echoes the
 * requested ones
 * @param exposedHeaders response headers exposed to scripts
 * @param maxAge how long browsers may cache a preflight answer, or {@code null} to not
 * say
 */
public record CorsOptions(List<String> allowedOrigins, List<String> allowedOriginPatterns, boolean allowCredentials,
		List<String> allowedMethods, List<String> allowedHeaders, List<String> exposedHeaders,
		@Nullable Duration maxAge) {

	/**
	 * The methods the reference server announces: {@code GET,HEAD,PUT,PATCH,POST,DELETE}.
	 */
	public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE");

	/**
	 * Freezes the lists.
	 */
	public CorsOptions {
		allowedOrigins = List.copyOf(allowedOrigins);
		allowedOriginPatterns = List.copyOf(allowedOriginPatterns);
		allowedMethods = List.copyOf(allowedMethods.isEmpty() ? DEFAULT_METHODS : allowedMethods);
		allowedHeaders = List.copyOf(allowedHeaders);
		exposedHeaders = List.copyOf(exposedHeaders);
	}

	/**
	 * Returns the default: closed to other origins.
	 * @return settings with no allowed origin
	 */
	public static CorsOptions disabled() {
		return new CorsOptions(List.of(), List.of(), false, DEFAULT_METHODS, List.of(), List.of(), null);
	}

	/**
	 * Returns settings that allow any origin without credentials, as the official
	 * conformance suites expect.
	 * @return settings allowing every origin
	 */
	public static CorsOptions allowAll() {
		return new CorsOptions(List.of("*"), List.of(), false, DEFAULT_METHODS, List.of(), List.of(), null);
	}

	/**
	 * Tells whether any origin is configured.
	 * @return {@code true} when cross-origin requests may be allowed
	 */
	public boolean isEnabled() {
		return !this.allowedOrigins.isEmpty() || !this.allowedOriginPatterns.isEmpty();
	}

}
