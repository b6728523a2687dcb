package io.github.socketiospringboot.internal.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The WebSocket handshakes that the reference server's WebSocket library ({@code ws})
 * refuses with 400 before upgrading, each with its plain-text reason and headers. They
 * are checked before the response is committed, so that a client gets an answer rather
 * than a dropped connection.
 *
 * @param message the reason sent as the body
 * @param headers the extra response headers
 */
record WebSocketHandshakeError(String message, Map<String, String> headers) {

	private static final WebSocketHandshakeError INVALID_KEY = new WebSocketHandshakeError(
			"Missing or invalid Sec-WebSocket-Key header", Map.of());

	private static final WebSocketHandshakeError INVALID_VERSION = new WebSocketHandshakeError(
			"Missing or invalid Sec-WebSocket-Version header", Map.of("Sec-WebSocket-Version", "13, 8"));

	/**
	 * Checks the WebSocket headers of an upgrade request.
	 * @param key the {@code Sec-WebSocket-Key} header, when there is one
	 * @param version the {@code Sec-WebSocket-Version} header, when there is one
	 * @return what is wrong, or {@code null} when the handshake can go ahead
	 */
	static @Nullable WebSocketHandshakeError of(@Nullable String key, @Nullable String version) {
		if (key == null || !isNonce(key)) {
			return INVALID_KEY;
		}
		if (version == null || !(version.trim().equals("13") || version.trim().equals("8"))) {
			return INVALID_VERSION;
		}
		return null;
	}

	/**
	 * Tells whether a key is a nonce of 16 bytes in base64, as RFC 6455 (§4.1) requires
	 * and {@code ws} checks: 22 characters of the base64 alphabet, then {@code ==}.
	 */
	private static boolean isNonce(String key) {
		if (key.length() != 24 || key.charAt(22) != '=' || key.charAt(23) != '=') {
			return false;
		}
		for (int i = 0; i < 22; i++) {
			char c = key.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
				return false;
			}
		}
		return true;
	}

}
