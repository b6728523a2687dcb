package io.github.socketiospringboot.internal.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Writes the CORS headers of the Engine.IO endpoint the way the reference server's
 * {@code cors} option does: a request from an allowed origin gets the allow headers, a
 * request from any other origin is still served but gets none (so a browser refuses it),
 * and a preflight is answered with 204.
 */
final class EngineCors {

	private final CorsOptions options;

	private final CorsConfiguration origins;

	private final boolean anyOrigin;

	private final String allowedMethods;

	EngineCors(CorsOptions options) {
		this.options = options;
		this.anyOrigin = options.allowedOrigins().contains(CorsConfiguration.ALL);
		CorsConfiguration config = new CorsConfiguration();
		for (String origin : options.allowedOrigins()) {
			if (!CorsConfiguration.ALL.equals(origin)) {
				config.addAllowedOrigin(origin);
			}
		}
		options.allowedOriginPatterns().forEach(config::addAllowedOriginPattern);
		this.origins = config;
		this.allowedMethods = String.join(",", options.allowedMethods());
	}

	boolean isEnabled() {
		return this.options.isEnabled();
	}

	/**
	 * Returns the value of {@code Access-Control-Allow-Origin} for a request's origin.
	 */
	@Nullable String allowOrigin(@Nullable String origin) {
		if (!isEnabled()) {
			return null;
		}
		if (this.anyOrigin) {
			// "*" cannot be combined with credentials: echo the origin instead
			return (this.options.allowCredentials() && origin != null) ? origin : CorsConfiguration.ALL;
		}
		return (origin != null) ? this.origins.checkOrigin(origin) : null;
	}

	/**
	 * Tells whether a WebSocket handshake from this origin may proceed: always when CORS
	 * is off (as the reference does), otherwise only from an allowed origin or from a
	 * client that sends none.
	 */
	boolean isOriginAllowed(@Nullable String origin) {
		return !isEnabled() || origin == null || allowOrigin(origin) != null;
	}

	boolean isPreflight(EngineExchange exchange) {
		return isEnabled() && exchange.method() == HttpMethod.OPTIONS && exchange.header(HttpHeaders.ORIGIN) != null
				&& exchange.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
	}

	/**
	 * Adds the headers of an actual (non-preflight) response.
	 */
	void applyHeaders(EngineExchange exchange) {
		String allow = allowOrigin(exchange.header(HttpHeaders.ORIGIN));
		if (allow == null) {
			return;
		}
		exchange.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allow);
		if (!CorsConfiguration.ALL.equals(allow)) {
			exchange.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
		}
		if (this.options.allowCredentials()) {
			exchange.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
		}
		if (!this.options.exposedHeaders().isEmpty()) {
			exchange.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
					String.join(",", this.options.exposedHeaders()));
		}
	}

	/**
	 * Answers a preflight request.
	 */
	void answerPreflight(EngineExchange exchange) {
		exchange.setStatus(HttpStatus.NO_CONTENT);
		String allow = allowOrigin(exchange.header(HttpHeaders.ORIGIN));
		if (allow == null) {
			return;
		}
		exchange.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allow);
		if (!CorsConfiguration.ALL.equals(allow)) {
			exchange.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
		}
		if (this.options.allowCredentials()) {
			exchange.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
		}
		exchange.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, this.allowedMethods);
		List<String> allowedHeaders = this.options.allowedHeaders();
		if (!allowedHeaders.isEmpty()) {
			exchange.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, String.join(",", allowedHeaders));
		}
		else {
			String requested = exchange.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
			if (StringUtils.hasText(requested)) {
				exchange.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, requested);
				exchange.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
			}
		}
		if (this.options.maxAge() != null) {
			exchange.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, Long.toString(this.options.maxAge().toSeconds()));
		}
		exchange.setHeader(HttpHeaders.CONTENT_LENGTH, "0");
	}

}
