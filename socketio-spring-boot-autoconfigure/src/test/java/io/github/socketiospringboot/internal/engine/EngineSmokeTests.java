package io.github.socketiospringboot.internal.engine;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.TestEngineServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EngineSmokeTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private TestEngineServer server;

	@BeforeEach
	void start() {
		this.server = TestEngineServer.start(SocketIOOptions.defaults(), CorsOptions.disabled(),
				(socket) -> new EngineSocketListener() {

					@Override
					public void onMessage(String text) {
						socket.send(text);
					}

					@Override
					public void onBinary(byte[] bytes) {
						socket.send(bytes);
					}

					@Override
					public void onClose(EngineCloseReason reason, @Nullable String description) {
					}

				});
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void pollingHandshakeAnswersTheFiveReferenceKeysAndAPostIsEchoed() throws Exception {
		HttpResponse<String> handshake = this.http
			.send(HttpRequest.newBuilder(this.server.http("EIO=4&transport=polling"))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(handshake.statusCode()).isEqualTo(200);
		assertThat(handshake.body()).startsWith("0");
		JsonNode open = JsonMapper.shared().readTree(handshake.body().substring(1));
		assertThat(open.propertyNames()).containsExactly("sid", "upgrades", "pingInterval", "pingTimeout",
				"maxPayload");
		assertThat(open.get("maxPayload").asLong()).isEqualTo(1_000_000);
		String sid = open.get("sid").asString();
		HttpResponse<String> post = this.http
			.send(HttpRequest.newBuilder(this.server.http("EIO=4&transport=polling&sid=" + sid))
				.POST(HttpRequest.BodyPublishers.ofString("4hello"))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.body()).isEqualTo("ok");
		HttpResponse<String> poll = this.http
			.send(HttpRequest.newBuilder(this.server.http("EIO=4&transport=polling&sid=" + sid))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(poll.body()).isEqualTo("4hello");
	}

}
