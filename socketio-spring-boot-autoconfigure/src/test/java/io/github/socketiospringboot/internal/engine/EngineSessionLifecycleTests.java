package io.github.socketiospringboot.internal.engine;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import io.github.socketiospringboot.test.TestWebSocket.Text;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session as the layer above the engine sees it: closing it from the server, closing
 * the whole engine, and the reason its listener is given for each way a session ends.
 */
class EngineSessionLifecycleTests {

	private TestEngineServer server;

	private RecordingEchoHandler handler;

	private PollingClient client;

	@BeforeEach
	void start() {
		this.handler = new RecordingEchoHandler();
		this.server = TestEngineServer.start(SocketIOOptions.defaults(), CorsOptions.disabled(), this.handler);
		this.client = new PollingClient(this.server);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void serverCloseWithNoPollPendingIsDeliveredToTheNextPoll() {
		String sid = this.client.handshake();
		EngineSocket socket = this.handler.socket(sid);
		socket.close();
		assertThat(socket.isOpen()).isFalse();
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.FORCED_CLOSE);
		HttpResponse<String> poll = this.client.poll(sid);
		assertThat(poll.statusCode()).isEqualTo(200);
		// the reference writes a noop before the close packet in this case
		assertThat(poll.body()).isIn("1", "6\u001e1");
		assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
	}

	@Test
	void serverCloseDeliversWhatWasSentBeforeIt() {
		String sid = this.client.handshake();
		EngineSocket socket = this.handler.socket(sid);
		socket.send("bye");
		socket.send(new byte[] { 1, 2, 3 });
		socket.close();
		// like the reference, the close packet travels in the poll after the one with the
		// last packets
		assertThat(this.client.poll(sid).body()).isEqualTo("4bye\u001ebAQID");
		assertThat(this.client.poll(sid).body()).isEqualTo("1");
		assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
	}

	@Test
	void aPostToASessionTheServerClosedIsAnsweredOkAndTheNextPollsBringTheClose() {
		String sid = this.client.handshake();
		EngineSocket socket = this.handler.socket(sid);
		socket.send("bye");
		socket.close();
		// the client's packet crosses the close: like the reference, ok, and dropped
		HttpResponse<String> post = this.client.post(sid, "4late");
		assertThat(post.statusCode()).isEqualTo(200);
		assertThat(post.body()).isEqualTo("ok");
		assertThat(this.client.poll(sid).body()).isEqualTo("4bye");
		assertThat(this.client.poll(sid).body()).isEqualTo("1");
	}

	@Test
	void serverCloseReleasesAPendingPollWithTheClosePacket() {
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> pending = this.client.pollAsync(sid);
		EngineTestAccess.awaitPendingPoll(this.server.engine(), sid, PollingClient.TIMEOUT);
		this.handler.socket(sid).close();
		assertThat(PollingClient.join(pending).body()).isEqualTo("1");
		assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
	}

	@Test
	void serverCloseOnWebSocketClosesTheConnectionAfterWhatWasSentBefore() {
		try (TestWebSocket ws = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String sid = ws.awaitOpen();
			EngineSocket socket = this.handler.socket(sid);
			socket.send("bye");
			socket.close();
			assertThat(ws.next()).isEqualTo(new Text("4bye"));
			assertThat(ws.awaitClosed()).isInstanceOf(TestWebSocket.Closed.class);
			assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.FORCED_CLOSE);
		}
	}

	@Test
	void sendingAfterCloseIsIgnoredAndTheListenerIsToldOnce() {
		String sid = this.client.handshake();
		EngineSocket socket = this.handler.socket(sid);
		socket.close();
		socket.send("too late");
		socket.close();
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.FORCED_CLOSE);
		assertThat(this.handler.closeCount(sid)).isEqualTo(1);
		assertThat(this.client.poll(sid).body()).doesNotContain("too late");
	}

	@Test
	void closeFromInsideOnOpenIsReportedToTheListenerOnOpenReturns() {
		CompletableFuture<EngineCloseReason> told = new CompletableFuture<>();
		EngineHandler closingHandler = (socket) -> {
			socket.close();
			return new EngineSocketListener() {

				@Override
				public void onMessage(String text) {
				}

				@Override
				public void onBinary(byte[] bytes) {
				}

				@Override
				public void onClose(EngineCloseReason reason, @Nullable String description) {
					told.complete(reason);
				}

			};
		};
		try (TestEngineServer closing = TestEngineServer.start(SocketIOOptions.defaults(), CorsOptions.disabled(),
				closingHandler)) {
			PollingClient client = new PollingClient(closing);
			HttpResponse<String> handshake = client.get("EIO=4&transport=polling");
			assertThat(handshake.body()).startsWith("0{").doesNotContain("\u001e");
			String sid = handshake.body().substring(9, 29);
			assertThat(client.poll(sid).body()).isEqualTo("1");
			assertThat(PollingClient.join(told)).isEqualTo(EngineCloseReason.FORCED_CLOSE);
		}
	}

	@Test
	void engineCloseEndsEverySessionAsServerShuttingDown() {
		String pollingSid = this.client.handshake();
		try (TestWebSocket ws = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String webSocketSid = ws.awaitOpen();
			assertThat(this.server.engine().sessions()).extracting(EngineSocket::id)
				.containsExactlyInAnyOrder(pollingSid, webSocketSid);
			this.server.engine().close();
			assertThat(this.handler.awaitClose(pollingSid).reason()).isEqualTo(EngineCloseReason.SERVER_SHUTTING_DOWN);
			assertThat(this.handler.awaitClose(webSocketSid).reason())
				.isEqualTo(EngineCloseReason.SERVER_SHUTTING_DOWN);
			assertThat(ws.awaitClosed()).isInstanceOf(TestWebSocket.Closed.class);
			// a stopped engine releases what it still owed polling clients: their next
			// poll finds no session
			assertThat(this.client.poll(pollingSid).body()).isIn("1", "6\u001e1",
					"{\"code\":1,\"message\":\"Session ID unknown\"}");
			assertThat(this.server.engine().sessions()).isEmpty();
		}
	}

	@Test
	void clientClosePacketIsTransportClose() {
		String sid = this.client.handshake();
		this.client.post(sid, "1");
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_CLOSE);
	}

	@Test
	void droppedWebSocketIsTransportClose() {
		String sid;
		try (TestWebSocket ws = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			sid = ws.awaitOpen();
		}
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_CLOSE);
	}

	@Test
	void missedPongIsPingTimeoutAndReleasesThePendingPollWithTheClosePacket() {
		RecordingEchoHandler timingOutHandler = new RecordingEchoHandler();
		// a ping timeout long enough for the second poll to be pending before it ends,
		// however slow the machine
		SocketIOOptions options = SocketIOOptions.builder()
			.pingInterval(Duration.ofMillis(100))
			.pingTimeout(Duration.ofSeconds(1))
			.build();
		try (TestEngineServer timingOut = TestEngineServer.start(options, CorsOptions.disabled(), timingOutHandler)) {
			PollingClient timingOutClient = new PollingClient(timingOut);
			String sid = timingOutClient.handshake();
			assertThat(timingOutClient.poll(sid).body()).isEqualTo("2");
			// no pong: this poll waits until the ping timeout ends the session
			assertThat(timingOutClient.poll(sid).body()).isEqualTo("1");
			assertThat(timingOutHandler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.PING_TIMEOUT);
			assertThat(timingOutClient.poll(sid).statusCode()).isEqualTo(400);
		}
	}

	@Test
	void undecodablePacketIsParseError() {
		String sid = this.client.handshake();
		this.client.post(sid, "9");
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.PARSE_ERROR);
	}

	@Test
	void overlappingPollsAreTransportError() {
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> pending = this.client.pollAsync(sid);
		EngineTestAccess.awaitPendingPoll(this.server.engine(), sid, PollingClient.TIMEOUT);
		assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
		assertThat(PollingClient.join(pending).body()).isEqualTo("1");
	}

}
