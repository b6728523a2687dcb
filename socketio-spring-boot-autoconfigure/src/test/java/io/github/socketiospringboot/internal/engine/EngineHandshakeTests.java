package io.github.socketiospringboot.internal.engine;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake cases E1 to E7 of the official Engine.IO v4 suite, with its settings.
 */
class EngineHandshakeTests {

	private TestEngineServer server;

	private PollingClient client;

	@BeforeEach
	void start() {
		this.server = TestEngineServer.start(TestEngineServer.SUITE_OPTIONS, CorsOptions.disabled(),
				new RecordingEchoHandler());
		this.client = new PollingClient(this.server);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	// E1
	@Test
	void pollingHandshakeAnswersTheOpenPacketWithExactlyTheFiveKeys() {
		HttpResponse<String> response = this.client.get("EIO=4&transport=polling");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(response.body()).startsWith("0");
		JsonNode open = JsonMapper.shared().readTree(response.body().substring(1));
		assertThat(open.propertyNames()).containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout",
				"maxPayload");
		assertThat(open.get("sid").isString()).isTrue();
		assertThat(open.get("sid").asString()).hasSize(20);
		assertThat(open.get("upgrades").toString()).isEqualTo("[\"websocket\"]");
		assertThat(open.get("pingInterval").asInt()).isEqualTo(300);
		assertThat(open.get("pingTimeout").asInt()).isEqualTo(200);
		assertThat(open.get("maxPayload").asLong()).isEqualTo(1_000_000);
	}

	// E2
	@Test
	void pollingHandshakeWithoutOrWithAnInvalidEioIsRefused() {
		assertThat(this.client.get("transport=polling").statusCode()).isEqualTo(400);
		assertThat(this.client.get("EIO=abc&transport=polling").statusCode()).isEqualTo(400);
	}

	// E3
	@Test
	void pollingHandshakeWithoutOrWithAnUnknownTransportIsRefused() {
		assertThat(this.client.get("EIO=4").statusCode()).isEqualTo(400);
		assertThat(this.client.get("EIO=4&transport=abc").statusCode()).isEqualTo(400);
	}

	// E4
	@Test
	void handshakeByPostOrPutIsRefused() {
		HttpResponse<String> post = this.client
			.send(this.client.request("EIO=4&transport=polling").POST(HttpRequest.BodyPublishers.noBody()).build());
		assertThat(post.statusCode()).isEqualTo(400);
		HttpResponse<String> put = this.client
			.send(this.client.request("EIO=4&transport=polling").PUT(HttpRequest.BodyPublishers.noBody()).build());
		assertThat(put.statusCode()).isEqualTo(400);
	}

	// E5
	@Test
	void webSocketHandshakeSendsTheOpenPacketWithNoUpgradesAsFirstFrame() {
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String first = socket.nextText();
			assertThat(first).startsWith("0");
			JsonNode open = JsonMapper.shared().readTree(first.substring(1));
			assertThat(open.propertyNames()).containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout",
					"maxPayload");
			assertThat(open.get("sid").isString()).isTrue();
			assertThat(open.get("upgrades").isArray()).isTrue();
			assertThat(open.get("upgrades").isEmpty()).isTrue();
			assertThat(open.get("pingInterval").asInt()).isEqualTo(300);
			assertThat(open.get("pingTimeout").asInt()).isEqualTo(200);
			assertThat(open.get("maxPayload").asLong()).isEqualTo(1_000_000);
		}
	}

	// E6
	@Test
	void webSocketHandshakeWithoutOrWithAnInvalidEioIsRefused() {
		assertThat(TestWebSocket.refusedStatus(this.client.http(), this.server.ws("transport=websocket"), Map.of()))
			.isEqualTo(400);
		assertThat(TestWebSocket.refusedStatus(this.client.http(), this.server.ws("EIO=abc&transport=websocket"),
				Map.of()))
			.isEqualTo(400);
	}

	// E7
	@Test
	void webSocketHandshakeWithoutOrWithAnUnknownTransportIsRefused() {
		assertThat(TestWebSocket.refusedStatus(this.client.http(), this.server.ws("EIO=4"), Map.of())).isEqualTo(400);
		assertThat(TestWebSocket.refusedStatus(this.client.http(), this.server.ws("EIO=4&transport=abc"), Map.of()))
			.isEqualTo(400);
	}

}
