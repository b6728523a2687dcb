package io.github.socketiospringboot.internal.engine;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import io.github.socketiospringboot.test.WarmUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The close cases E21 and E22 of the official Engine.IO v4 suite, with its settings
 * except for the heartbeat: a client that sends the close packet ends its session. The
 * ping timeout is patient, and the case that holds a poll pending gets no ping at all.
 */
class EngineCloseTests {

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

	// E21
	@Test
	void closePacketPostedWhileAPollIsPendingReleasesThePollWithANoopAndEndsTheSession() {
		// no ping may answer the pending poll first
		start(TestEngineServer.QUIET_SUITE_OPTIONS);
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> pending = this.client.pollAsync(sid);
		EngineTestAccess.awaitPendingPoll(this.server.engine(), sid, PollingClient.TIMEOUT);
		HttpResponse<String> post = this.client.post(sid, "1");
		assertThat(post.statusCode()).isEqualTo(200);
		assertThat(post.body()).isEqualTo("ok");
		HttpResponse<String> poll = PollingClient.join(pending);
		assertThat(poll.statusCode()).isEqualTo(200);
		assertThat(poll.body()).isEqualTo("6");
		assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_CLOSE);
	}

	@Test
	void closePacketPostedWithNoPollPendingReleasesTheNextPollWithANoop() {
		String sid = this.client.handshake();
		assertThat(this.client.post(sid, "1").body()).isEqualTo("ok");
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_CLOSE);
		HttpResponse<String> poll = this.client.poll(sid);
		assertThat(poll.statusCode()).isEqualTo(200);
		assertThat(poll.body()).isEqualTo("6");
		assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
	}

	// E22
	@Test
	void closePacketSentOverWebSocketMakesTheServerCloseTheConnection() {
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String sid = socket.awaitOpen();
			socket.send("1");
			assertThat(socket.awaitClosed()).isInstanceOf(TestWebSocket.Closed.class);
			assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_CLOSE);
		}
	}

}
