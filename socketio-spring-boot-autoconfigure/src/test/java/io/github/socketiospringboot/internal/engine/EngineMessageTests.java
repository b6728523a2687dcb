package io.github.socketiospringboot.internal.engine;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import io.github.socketiospringboot.test.TestWebSocket.Binary;
import io.github.socketiospringboot.test.TestWebSocket.Text;
import io.github.socketiospringboot.test.WarmUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message cases E8 to E16 of the official Engine.IO v4 suite, with its settings
 * except for the heartbeat, and an echo application. The heartbeat is not the subject:
 * the ping timeout is patient, pings are answered and left out so that one falling
 * between two steps cannot fail a test, and the cases that hold a poll pending get no
 * ping at all.
 */
class EngineMessageTests {

	private TestEngineServer server;

	private RecordingEchoHandler handler;

	private PollingClient client;

	@BeforeAll
	static void warmUp() {
		WarmUp.once();
	}

	@BeforeEach
	void start() {
		start(TestEngineServer.PATIENT_SUITE_OPTIONS);
	}

	private void start(SocketIOOptions options) {
		if (this.server != null) {
			this.server.close();
		}
		this.handler = new RecordingEchoHandler();
		this.server = TestEngineServer.start(options, CorsOptions.disabled(), this.handler);
		this.client = new PollingClient(this.server);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	// E8
	@Test
	void pollingEchoesOneTextPacket() {
		String sid = this.client.handshake();
		HttpResponse<String> post = this.client.post(sid, "4hello");
		assertThat(post.statusCode()).isEqualTo(200);
		assertThat(post.body()).isEqualTo("ok");
		assertThat(this.client.pollSkippingPings(sid)).containsExactly("4hello");
	}

	// E9
	@Test
	void pollingEchoesSeveralTextPacketsAsOneBatch() {
		String sid = this.client.handshake();
		HttpResponse<String> post = this.client.post(sid, "4test1\u001e4test2\u001e4test3");
		assertThat(post.statusCode()).isEqualTo(200);
		assertThat(post.body()).isEqualTo("ok");
		assertThat(this.client.pollSkippingPings(sid)).containsExactly("4test1", "4test2", "4test3");
	}

	// E10
	@Test
	void pollingEchoesTextAndBinaryPacketsWithBinaryAsBase64() {
		String sid = this.client.handshake();
		HttpResponse<String> post = this.client.post(sid, "4hello\u001ebAQIDBA==");
		assertThat(post.statusCode()).isEqualTo(200);
		assertThat(post.body()).isEqualTo("ok");
		assertThat(this.client.pollSkippingPings(sid)).containsExactly("4hello", "bAQIDBA==");
	}

	// E11
	@Test
	void pollingPostOfAnInvalidPacketClosesTheSession() {
		String sid = this.client.handshake();
		this.client.post(sid, "abc");
		assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
	}

	// E12
	@Test
	void overlappingPollsCloseTheSessionAndReleaseThePendingOneWithAClosePacket() {
		// no ping may answer the pending poll first
		start(TestEngineServer.QUIET_SUITE_OPTIONS);
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> first = this.client.pollAsync(sid);
		EngineTestAccess.awaitPendingPoll(this.server.engine(), sid, PollingClient.TIMEOUT);
		HttpResponse<String> second = this.client
			.send(this.client.request(PollingClient.sessionQuery(sid) + "&t=burst").GET().build());
		assertThat(second.statusCode()).isIn(400, 500);
		HttpResponse<String> pending = PollingClient.join(first);
		assertThat(pending.statusCode()).isEqualTo(200);
		assertThat(pending.body()).isEqualTo("1");
		assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
	}

	// E13
	@Test
	void cancellingAPendingPollClosesTheSession() {
		// no ping may answer the pending poll first
		start(TestEngineServer.QUIET_SUITE_OPTIONS);
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> pending = this.client.pollAsync(sid);
		EngineTestAccess.awaitPendingPoll(this.server.engine(), sid, PollingClient.TIMEOUT);
		pending.cancel(true);
		// waiting for the engine to see the aborted request keeps the next poll from
		// racing it; a transport error, as in the reference ("poll connection closed
		// prematurely")
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
		assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
	}

	// E14
	@Test
	void webSocketEchoesATextPacket() {
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			socket.awaitOpen();
			socket.send("4hello");
			assertThat(socket.nextSkippingPings()).isEqualTo(new Text("4hello"));
		}
	}

	// E15
	@Test
	void webSocketEchoesABinaryPacketAsABinaryFrame() {
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			socket.awaitOpen();
			socket.send(new byte[] { 1, 2, 3, 4 });
			assertThat(socket.nextSkippingPings()).isEqualTo(new Binary(new byte[] { 1, 2, 3, 4 }));
		}
	}

	// E16
	@Test
	void webSocketFrameWithAnInvalidPacketMakesTheServerCloseTheConnection() {
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String sid = socket.awaitOpen();
			socket.send("abc");
			assertThat(socket.awaitClosed()).isInstanceOf(TestWebSocket.Closed.class);
			assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.PARSE_ERROR);
		}
	}

}
