package io.github.socketiospringboot.test;

import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the error responses of the Engine.IO endpoint against the reference server's: a
 * status, {@code Content-Type: application/json} and {@code {"code":N,"message":"..."}}.
 */
public final class EngineErrors {

	private EngineErrors() {
	}

	/**
	 * Checks an error response.
	 * @param response the response
	 * @param status the expected HTTP status
	 * @param code the expected error code
	 * @param message the expected message
	 */
	public static void assertError(HttpResponse<String> response, int status, int code, String message) {
		assertThat(response.statusCode()).as("status").isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as("content type").hasValue("application/json");
		JsonNode body = JsonMapper.shared().readTree(response.body());
		assertThat(body.propertyNames()).containsExactly("code", "message");
		assertThat(body.get("code").isInt()).isTrue();
		assertThat(body.get("code").asInt()).as("code").isEqualTo(code);
		assertThat(body.get("message").asString()).as("message").isEqualTo(message);
	}

	/**
	 * Checks that a response is the reference's "Session ID unknown" error, which every
	 * request of a closed session gets.
	 * @param response the response
	 */
	public static void assertUnknownSession(HttpResponse<String> response) {
		assertError(response, 400, 1, "Session ID unknown");
	}

}
