package io.github.socketiospringboot.internal.engine;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import io.github.socketiospringboot.test.WarmUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heartbeat cases E17 to E20 of the official Engine.IO v4 suite. The ping timeout
 * cases use its settings exactly (a ping every 300 ms, 200 ms to answer it); the
 * ping/pong rounds give the client 2 s to answer instead, so that a busy machine cannot
 * make it miss the deadline: what they check is what the server sends, and that answering
 * keeps the session open.
 */
class EngineHeartbeatTests {

	private static final Duration PING_INTERVAL = TestEngineServer.SUITE_OPTIONS.pingInterval();

	private static final Duration PING_TIMEOUT = TestEngineServer.SUITE_OPTIONS.pingTimeout();

	private TestEngineServer server;

	private RecordingEchoHandler handler;

	private PollingClient client;

	@BeforeAll
	static void warmUp() {
		WarmUp.once();
	}

	private void start(SocketIOOptions options) {
		this.handler = new RecordingEchoHandler();
		this.server = TestEngineServer.start(options, CorsOptions.disabled(), this.handler);
		this.client = new PollingClient(this.server);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	// E17
	@Test
	void pollingSessionReceivesAPingAloneInEachRoundAndStaysOpenWhenItAnswers() {
		start(TestEngineServer.PATIENT_SUITE_OPTIONS);
		String sid = this.client.handshake();
		for (int round = 0; round < 3; round++) {
			HttpResponse<String> poll = this.client.poll(sid);
			assertThat(poll.statusCode()).isEqualTo(200);
			assertThat(poll.body()).as("round %d", round).isEqualTo("2");
			assertThat(this.client.post(sid, "3").statusCode()).isEqualTo(200);
		}
		assertThat(this.handler.isClosed(sid)).isFalse();
	}

	// E18
	@Test
	void pollingSessionThatDoesNotAnswerThePingIsGoneAfterPingIntervalPlusPingTimeout() throws Exception {
		start(TestEngineServer.SUITE_OPTIONS);
		String sid = this.client.handshake();
		// the subject is the passing of time: the suite polls exactly pingInterval +
		// pingTimeout after the handshake and expects the session to be gone by then
		Thread.sleep(PING_INTERVAL.plus(PING_TIMEOUT).toMillis());
		assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.PING_TIMEOUT);
	}

	// E19
	@Test
	void webSocketSessionReceivesAPingFrameInEachRoundAndStaysOpenWhenItAnswers() {
		start(TestEngineServer.PATIENT_SUITE_OPTIONS);
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String sid = socket.awaitOpen();
			for (int round = 0; round < 3; round++) {
				assertThat(socket.nextText()).as("round %d", round).isEqualTo("2");
				socket.send("3");
			}
			assertThat(this.handler.isClosed(sid)).isFalse();
		}
	}

	// E20
	@Test
	void webSocketSessionThatDoesNotAnswerThePingIsClosedByTheServer() {
		start(TestEngineServer.SUITE_OPTIONS);
		long start = System.nanoTime();
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String sid = socket.awaitOpen();
			assertThat(socket.nextText()).isEqualTo("2");
			assertThat(socket.awaitClosed()).isInstanceOf(TestWebSocket.Closed.class);
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			// the deadline was fixed after the connection opened, so the close cannot
			// come
			// sooner (less one timer tick)
			assertThat(elapsed).isGreaterThanOrEqualTo(PING_INTERVAL.plus(PING_TIMEOUT).minusMillis(20));
			assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.PING_TIMEOUT);
		}
	}

}
