package io.github.socketiospringboot.internal.web;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import static io.github.socketiospringboot.test.EngineErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-origin headers of the Engine.IO endpoint, as the reference server's {@code cors}
 * option writes them, and the origin check of WebSocket handshakes.
 */
class EngineCorsTests {

	private static final String ORIGIN = "https://app.example.com";

	private static final String OTHER_ORIGIN = "https://evil.example.org";

	private TestEngineServer server;

	private PollingClient client;

	private void start(CorsOptions cors) {
		this.server = TestEngineServer.start(SocketIOOptions.defaults(), cors, new RecordingEchoHandler());
		this.client = new PollingClient(this.server);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void disabledCorsWritesNoCorsHeaders() {
		start(CorsOptions.disabled());
		HttpResponse<String> handshake = handshakeFrom(ORIGIN);
		assertThat(handshake.statusCode()).isEqualTo(200);
		assertThat(corsHeaders(handshake.headers())).isEmpty();
	}

	@Test
	void disabledCorsDoesNotAnswerPreflights() {
		start(CorsOptions.disabled());
		HttpResponse<String> preflight = preflightFrom(ORIGIN);
		// handled as a handshake by another method than GET
		assertError(preflight, 400, 2, "Bad handshake method");
		assertThat(corsHeaders(preflight.headers())).isEmpty();
	}

	@Test
	void allowedOriginIsEchoedWithCredentialsOnEveryResponse() {
		start(origins(List.of(ORIGIN), List.of(), true, null));
		HttpResponse<String> handshake = handshakeFrom(ORIGIN);
		assertAllowed(handshake.headers(), ORIGIN);
		assertThat(handshake.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		String sid = JsonMapper.shared().readTree(handshake.body().substring(1)).get("sid").asString();
		HttpResponse<String> post = this.client.send(this.client.request(PollingClient.sessionQuery(sid))
			.header("Origin", ORIGIN)
			.POST(HttpRequest.BodyPublishers.ofString("4hello"))
			.build());
		assertAllowed(post.headers(), ORIGIN);
		HttpResponse<String> poll = this.client
			.send(this.client.request(PollingClient.sessionQuery(sid)).header("Origin", ORIGIN).build());
		assertThat(poll.body()).isEqualTo("4hello");
		assertAllowed(poll.headers(), ORIGIN);
	}

	@Test
	void otherOriginIsServedWithoutAllowHeaders() {
		start(origins(List.of(ORIGIN), List.of(), true, null));
		HttpResponse<String> handshake = handshakeFrom(OTHER_ORIGIN);
		assertThat(handshake.statusCode()).isEqualTo(200);
		assertThat(handshake.body()).startsWith("0{");
		assertThat(handshake.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(handshake.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
	}

	@Test
	void anyOriginIsAllowedWithAWildcard() {
		start(CorsOptions.allowAll());
		HttpResponse<String> handshake = handshakeFrom(ORIGIN);
		assertThat(handshake.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
		assertThat(handshake.headers().allValues("Vary")).doesNotContain("Origin");
		assertThat(handshake.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
	}

	@Test
	void wildcardWithCredentialsEchoesTheOrigin() {
		start(origins(List.of("*"), List.of(), true, null));
		assertAllowed(handshakeFrom(OTHER_ORIGIN).headers(), OTHER_ORIGIN);
	}

	@Test
	void originPatternsAllowMatchingOriginsOnly() {
		start(origins(List.of(), List.of("https://*.example.com"), false, null));
		assertThat(handshakeFrom(ORIGIN).headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
		assertThat(handshakeFrom("https://example.com").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(handshakeFrom(OTHER_ORIGIN).headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void errorResponsesCarryTheCorsHeadersToo() {
		start(origins(List.of(ORIGIN), List.of(), false, null));
		HttpResponse<String> error = this.client
			.send(this.client.request("EIO=4&transport=abc").header("Origin", ORIGIN).build());
		assertError(error, 400, 0, "Transport unknown");
		assertThat(error.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
	}

	@Test
	void preflightIsAnsweredWithTheDefaultMethodsAndTheRequestedHeaders() {
		start(origins(List.of(ORIGIN), List.of(), true, null));
		HttpResponse<String> preflight = preflightFrom(ORIGIN);
		assertThat(preflight.statusCode()).isEqualTo(204);
		HttpHeaders headers = preflight.headers();
		assertAllowed(headers, ORIGIN);
		assertThat(headers.firstValue("Access-Control-Allow-Methods")).hasValue("GET,HEAD,PUT,PATCH,POST,DELETE");
		assertThat(headers.firstValue("Access-Control-Allow-Headers")).hasValue("content-type,x-token");
		assertThat(headers.firstValue("Access-Control-Max-Age")).isEmpty();
	}

	@Test
	void preflightAnnouncesTheMaxAgeWhenSet() {
		start(origins(List.of(ORIGIN), List.of(), false, Duration.ofMinutes(10)));
		HttpResponse<String> preflight = preflightFrom(ORIGIN);
		assertThat(preflight.statusCode()).isEqualTo(204);
		assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
	}

	@Test
	void preflightFromAnotherOriginGetsNoAllowHeaders() {
		start(origins(List.of(ORIGIN), List.of(), true, null));
		HttpResponse<String> preflight = preflightFrom(OTHER_ORIGIN);
		assertThat(preflight.statusCode()).isEqualTo(204);
		assertThat(corsHeaders(preflight.headers())).isEmpty();
	}

	@Test
	void configuredAllowedAndExposedHeadersAreAnnounced() {
		start(new CorsOptions(List.of(ORIGIN), List.of(), false, List.of("GET", "POST"), List.of("X-Token"),
				List.of("X-Trace"), null));
		HttpResponse<String> preflight = preflightFrom(ORIGIN);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET,POST");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("X-Token");
		assertThat(handshakeFrom(ORIGIN).headers().firstValue("Access-Control-Expose-Headers")).hasValue("X-Trace");
	}

	@Test
	void webSocketHandshakeFromAnotherOriginIsForbidden() {
		start(origins(List.of(ORIGIN), List.of(), true, null));
		assertThat(TestWebSocket.refusedStatus(this.client.http(), this.server.ws("EIO=4&transport=websocket"),
				Map.of("Origin", OTHER_ORIGIN)))
			.isEqualTo(403);
		// the same request without a WebSocket key, which the JDK client cannot send,
		// shows the error body
		RawResponse refusal = HttpClient.newConnection()
			.headers((headers) -> headers.set("Upgrade", "websocket")
				.set("Connection", "Upgrade")
				.set("Origin", OTHER_ORIGIN))
			.get()
			.uri(this.server.http("EIO=4&transport=websocket").toString())
			.responseSingle((response, content) -> content.asString()
				.defaultIfEmpty("")
				.map((text) -> new RawResponse(response.status().code(), response.responseHeaders().get("Content-Type"),
						text)))
			.block(PollingClient.TIMEOUT);
		assertThat(refusal)
			.isEqualTo(new RawResponse(403, "application/json", "{\"code\":4,\"message\":\"Forbidden\"}"));
	}

	@Test
	void webSocketUpgradeOfASessionFromAnotherOriginIsForbidden() {
		start(origins(List.of(ORIGIN), List.of(), true, null));
		String sid = this.client.handshake();
		assertThat(TestWebSocket.refusedStatus(this.client.http(),
				this.server.ws("EIO=4&transport=websocket&sid=" + sid), Map.of("Origin", OTHER_ORIGIN)))
			.isEqualTo(403);
	}

	@Test
	void webSocketHandshakeFromAnAllowedOriginOrWithoutOriginWorks() {
		start(origins(List.of(ORIGIN), List.of(), true, null));
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"), Map.of("Origin", ORIGIN))) {
			socket.awaitOpen();
			socket.send("4hello");
			assertThat(socket.nextSkippingPings()).isEqualTo(new TestWebSocket.Text("4hello"));
		}
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			socket.awaitOpen();
		}
	}

	private static CorsOptions origins(List<String> origins, List<String> patterns, boolean credentials,
			@Nullable Duration maxAge) {
		return new CorsOptions(origins, patterns, credentials, CorsOptions.DEFAULT_METHODS, List.of(), List.of(),
				maxAge);
	}

	private HttpResponse<String> handshakeFrom(String origin) {
		return this.client.send(this.client.request("EIO=4&transport=polling").header("Origin", origin).build());
	}

	private HttpResponse<String> preflightFrom(String origin) {
		return this.client.send(this.client.request("EIO=4&transport=polling")
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type,x-token")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private static void assertAllowed(HttpHeaders headers, String origin) {
		assertThat(headers.firstValue("Access-Control-Allow-Origin")).hasValue(origin);
		assertThat(headers.allValues("Vary")).contains("Origin");
	}

	private static Map<String, List<String>> corsHeaders(HttpHeaders headers) {
		return headers.map()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().toLowerCase(Locale.ROOT).startsWith("access-control-"))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private record RawResponse(int status, @Nullable String contentType, String body) {

	}

}
