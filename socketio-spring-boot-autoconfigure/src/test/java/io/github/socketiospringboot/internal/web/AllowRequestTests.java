package io.github.socketiospringboot.internal.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketiospringboot.broadcast.Handshake;
import io.github.socketiospringboot.server.AllowRequest;
import io.github.socketiospringboot.server.ConnectionRefusedException;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static io.github.socketiospringboot.test.EngineErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allow-request hook, as the engine receives it from the options: it sees every
 * handshake, and only handshakes, and its refusal is answered with 403 and error code 4.
 */
class AllowRequestTests {

	private TestEngineServer server;

	private PollingClient client;

	private void start(AllowRequest allowRequest) {
		this.server = TestEngineServer.start(SocketIOOptions.builder().allowRequest(allowRequest).build(),
				CorsOptions.disabled(), new RecordingEchoHandler());
		this.client = new PollingClient(this.server);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void refusedHandshakeIsForbidden() {
		start((request) -> Mono.just(false));
		assertError(this.client.get("EIO=4&transport=polling"), 403, 4, "Forbidden");
	}

	@Test
	void handshakeRefusedWithAnExceptionIsForbiddenWithItsMessage() {
		start((request) -> Mono.error(new ConnectionRefusedException("No \"token\" given")));
		assertError(this.client.get("EIO=4&transport=polling"), 403, 4, "No \"token\" given");
	}

	@Test
	void hookThatAnswersNothingRefusesTheHandshake() {
		start((request) -> Mono.empty());
		assertError(this.client.get("EIO=4&transport=polling"), 403, 4, "Forbidden");
	}

	@Test
	void refusedWebSocketHandshakeIsForbiddenBeforeTheUpgrade() {
		start((request) -> Mono.just(false));
		assertThat(
				TestWebSocket.refusedStatus(this.client.http(), this.server.ws("EIO=4&transport=websocket"), Map.of()))
			.isEqualTo(403);
	}

	@Test
	void hookSeesTheHandshakeQueryAndHeadersAndMayAnswerLater() {
		start((request) -> Mono.delay(Duration.ofMillis(20))
			.thenReturn("secret".equals(request.query().getFirst("token"))
					&& "yes".equals(request.headers().getFirst("X-Allowed"))));
		assertError(this.client.get("EIO=4&transport=polling&token=wrong"), 403, 4, "Forbidden");
		assertThat(this.client
			.send(this.client.request("EIO=4&transport=polling&token=secret").header("X-Allowed", "yes").build())
			.statusCode()).isEqualTo(200);
	}

	@Test
	void hookRunsBeforeTheProtocolVersionCheck() {
		start((request) -> Mono.just(false));
		assertError(this.client.get("EIO=3&transport=polling"), 403, 4, "Forbidden");
	}

	@Test
	void hookIsAskedOnlyForHandshakes() {
		List<Handshake> asked = new CopyOnWriteArrayList<>();
		start((request) -> {
			asked.add(request);
			return Mono.just(true);
		});
		String sid = this.client.handshake();
		assertThat(this.client.post(sid, "4hello").body()).isEqualTo("ok");
		assertThat(this.client.poll(sid).body()).isEqualTo("4hello");
		assertThat(asked).singleElement().satisfies((request) -> {
			assertThat(request.query().getFirst("transport")).isEqualTo("polling");
			assertThat(request.query().containsKey("sid")).isFalse();
			assertThat(request.address()).isNotNull();
			assertThat(request.secure()).isFalse();
		});
	}

}
