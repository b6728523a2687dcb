package io.github.socketiospringboot.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long-polling Engine.IO client over the JDK {@link HttpClient}, for tests: every
 * request has a timeout, and every method returns the raw response so that tests assert
 * on status, headers and body.
 */
public final class PollingClient {

	/** How long any single request or wait may take. */
	public static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** The record separator that joins the packets of a polling payload. */
	public static final String SEPARATOR = "\u001e";

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private final TestEngineServer server;

	public PollingClient(TestEngineServer server) {
		this.server = server;
	}

	/**
	 * Returns the underlying client, also usable for WebSockets.
	 * @return the HTTP client
	 */
	public HttpClient http() {
		return this.http;
	}

	/**
	 * Starts a request to the endpoint with a query and the request timeout.
	 * @param query the query, without {@code ?}
	 * @return a request builder
	 */
	public HttpRequest.Builder request(String query) {
		return HttpRequest.newBuilder(this.server.http(query)).timeout(TIMEOUT);
	}

	/**
	 * Sends a request and waits for its response.
	 * @param request the request
	 * @return the response
	 */
	public HttpResponse<String> send(HttpRequest request) {
		return join(sendAsync(request));
	}

	/**
	 * Sends a request without waiting.
	 * @param request the request
	 * @return the pending response
	 */
	public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Sends a GET with a query.
	 * @param query the query, without {@code ?}
	 * @return the response
	 */
	public HttpResponse<String> get(String query) {
		return send(request(query).GET().build());
	}

	/**
	 * Opens a polling session and checks that the handshake succeeded.
	 * @return the handshake data
	 */
	public JsonNode handshakeData() {
		HttpResponse<String> response = get("EIO=4&transport=polling");
		assertThat(response.statusCode()).as("handshake status").isEqualTo(200);
		assertThat(response.body()).startsWith("0");
		return JsonMapper.shared().readTree(response.body().substring(1));
	}

	/**
	 * Opens a polling session.
	 * @return its id
	 */
	public String handshake() {
		return handshakeData().get("sid").asString();
	}

	/**
	 * Sends a polling GET for a session.
	 * @param sid the session id
	 * @return the response
	 */
	public HttpResponse<String> poll(String sid) {
		return join(pollAsync(sid));
	}

	/**
	 * Sends a polling GET for a session without waiting.
	 * @param sid the session id
	 * @return the pending response
	 */
	public CompletableFuture<HttpResponse<String>> pollAsync(String sid) {
		return sendAsync(request(sessionQuery(sid)).GET().build());
	}

	/**
	 * Sends a polling POST for a session.
	 * @param sid the session id
	 * @param payload the body
	 * @return the response
	 */
	public HttpResponse<String> post(String sid, String payload) {
		return send(request(sessionQuery(sid)).POST(HttpRequest.BodyPublishers.ofString(payload)).build());
	}

	/**
	 * Polls until the session sends something other than pings, answering each ping with
	 * a pong as a real client would, so that a heartbeat falling in the middle of a test
	 * that is not about the heartbeat cannot make it fail.
	 * @param sid the session id
	 * @return the packets received, pings left out, in order
	 */
	public List<String> pollSkippingPings(String sid) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> response = poll(sid);
			assertThat(response.statusCode()).as("poll status").isEqualTo(200);
			List<String> packets = new ArrayList<>(List.of(response.body().split(SEPARATOR, -1)));
			if (packets.removeIf("2"::equals)) {
				assertThat(post(sid, "3").statusCode()).as("pong status").isEqualTo(200);
			}
			if (!packets.isEmpty()) {
				return packets;
			}
		}
		throw new AssertionError("Nothing but pings received within " + TIMEOUT);
	}

	/**
	 * Returns the query of a polling request of a session.
	 * @param sid the session id
	 * @return the query
	 */
	public static String sessionQuery(String sid) {
		return "EIO=4&transport=polling&sid=" + sid;
	}

	/**
	 * Waits for a pending response.
	 * @param <T> the result type
	 * @param future the pending result
	 * @return the result
	 */
	public static <T> T join(CompletableFuture<T> future) {
		try {
			return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw new UncheckedIOException(io);
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No response within " + TIMEOUT, ex);
		}
	}

}
