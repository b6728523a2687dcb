package io.github.socketiospringboot.internal.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import io.github.socketiospringboot.test.TestWebSocket.Binary;
import io.github.socketiospringboot.test.TestWebSocket.Closed;
import io.github.socketiospringboot.test.TestWebSocket.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The size limit ({@code maxHttpBufferSize}, advertised as {@code maxPayload}): a POST
 * body over it is refused with 413 and the session kept, a WebSocket message over it
 * closes the connection with status 1009 and ends the session; anything up to the limit
 * passes.
 */
class EngineSizeLimitTests {

	private static final int LIMIT = 1000;

	private TestEngineServer server;

	private RecordingEchoHandler handler;

	private PollingClient client;

	@BeforeEach
	void start() {
		this.handler = new RecordingEchoHandler();
		this.server = TestEngineServer.start(SocketIOOptions.builder().maxHttpBufferSize(LIMIT).build(),
				CorsOptions.disabled(), this.handler);
		this.client = new PollingClient(this.server);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void handshakeAdvertisesTheLimitAsMaxPayload() {
		assertThat(this.client.handshakeData().get("maxPayload").asInt()).isEqualTo(LIMIT);
	}

	@Test
	void postBodyExactlyAtTheLimitIsAccepted() {
		String sid = this.client.handshake();
		String message = "4" + "a".repeat(LIMIT - 1);
		HttpResponse<String> post = this.client.post(sid, message);
		assertThat(post.statusCode()).isEqualTo(200);
		assertThat(post.body()).isEqualTo("ok");
		assertThat(this.client.poll(sid).body()).isEqualTo(message);
	}

	@Test
	void postBodyOverTheLimitIsRefusedWith413AndTheSessionIsKept() {
		String sid = this.client.handshake();
		HttpResponse<String> post = this.client.post(sid, "4" + "a".repeat(LIMIT));
		assertThat(post.statusCode()).isEqualTo(413);
		assertThat(post.body()).isEmpty();
		assertSessionStillWorks(sid);
	}

	@Test
	void chunkedPostBodyOverTheLimitIsRefusedWith413AndTheSessionIsKept() {
		String sid = this.client.handshake();
		HttpRequest.BodyPublisher unknownLength = HttpRequest.BodyPublishers
			.fromPublisher(HttpRequest.BodyPublishers.ofString("4" + "a".repeat(LIMIT)));
		HttpResponse<String> post = this.client
			.send(this.client.request(PollingClient.sessionQuery(sid)).POST(unknownLength).build());
		assertThat(post.statusCode()).isEqualTo(413);
		assertThat(post.body()).isEmpty();
		assertSessionStillWorks(sid);
	}

	@Test
	void webSocketMessageExactlyAtTheLimitIsEchoed() {
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			socket.awaitOpen();
			String text = "4" + "a".repeat(LIMIT - 1);
			socket.send(text);
			assertThat(socket.nextSkippingPings()).isEqualTo(new Text(text));
			byte[] bytes = new byte[LIMIT];
			bytes[LIMIT - 1] = 7;
			socket.send(bytes);
			assertThat(socket.nextSkippingPings()).isEqualTo(new Binary(bytes));
		}
	}

	@Test
	void webSocketTextMessageOverTheLimitClosesTheConnectionWith1009AndEndsTheSession() {
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String sid = socket.awaitOpen();
			socket.send("4" + "a".repeat(LIMIT));
			assertThat(socket.awaitClosed()).isInstanceOfSatisfying(Closed.class,
					(closed) -> assertThat(closed.status()).isEqualTo(1009));
			assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);

		}
	}

	@Test
	void webSocketBinaryMessageOverTheLimitClosesTheConnectionWith1009AndEndsTheSession() {
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String sid = socket.awaitOpen();
			socket.send(new byte[LIMIT + 1]);
			assertThat(socket.awaitClosed()).isInstanceOfSatisfying(Closed.class,
					(closed) -> assertThat(closed.status()).isEqualTo(1009));
			assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);

		}
	}

	private void assertSessionStillWorks(String sid) {
		assertThat(this.handler.isClosed(sid)).isFalse();
		assertThat(this.client.post(sid, "4still here").body()).isEqualTo("ok");
		HttpResponse<String> poll = this.client.poll(sid);
		assertThat(poll.statusCode()).isEqualTo(200);
		assertThat(poll.body()).isEqualTo("4still here");
	}

}
