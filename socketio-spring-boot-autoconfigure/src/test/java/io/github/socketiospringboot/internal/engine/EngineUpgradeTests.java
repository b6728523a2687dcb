package io.github.socketiospringboot.internal.engine;

import java.net.URI;
import java.time.Duration;

import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import io.github.socketiospringboot.test.TestWebSocket.Text;
import io.github.socketiospringboot.test.WarmUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upgrade cases E23 to E25 of the official Engine.IO v4 suite, with its settings
 * (except a patient ping timeout): a polling session moves to a WebSocket through the
 * probe, and its old transport and any later WebSocket are refused afterwards. Heartbeats
 * are answered and left out, as they are not the subject.
 */
class EngineUpgradeTests {

	private TestEngineServer server;

	private RecordingEchoHandler handler;

	private PollingClient client;

	@BeforeAll
	static void warmUp() {
		WarmUp.once();
	}

	@BeforeEach
	void start() {
		this.handler = new RecordingEchoHandler();
		this.server = TestEngineServer.start(TestEngineServer.PATIENT_SUITE_OPTIONS, CorsOptions.disabled(),
				this.handler);
		this.client = new PollingClient(this.server);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	// E23
	@Test
	void probeIsAnsweredThePollIsReleasedWithANoopAndTheUpgradedSocketEchoes() {
		String sid = this.client.handshake();
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(), upgradeUri(sid))) {
			socket.send("2probe");
			assertThat(socket.nextText()).isEqualTo("3probe");
			assertThat(this.client.pollSkippingPings(sid)).containsExactly("6");
			socket.send("5");
			socket.send("4hello");
			assertThat(socket.nextSkippingPings()).isEqualTo(new Text("4hello"));
			assertThat(this.handler.socket(sid).transport()).isEqualTo(TransportType.WEBSOCKET);
		}
	}

	// E24
	@Test
	void pollingRequestsOfAnUpgradedSessionAreRefusedWhileTheWebSocketKeepsWorking() {
		String sid = this.client.handshake();
		try (TestWebSocket socket = upgrade(sid)) {
			assertThat(this.client.poll(sid).statusCode()).isEqualTo(400);
			socket.send("4hello");
			assertThat(socket.nextSkippingPings()).isEqualTo(new Text("4hello"));
		}
	}

	// E25
	@Test
	void secondWebSocketOfAnUpgradedSessionIsClosedWhileTheFirstKeepsWorking() {
		String sid = this.client.handshake();
		try (TestWebSocket socket = upgrade(sid)) {
			try (TestWebSocket second = TestWebSocket.connect(this.client.http(), upgradeUri(sid))) {
				second.awaitClosed();
			}
			assertThat(this.handler.isClosed(sid)).isFalse();
			socket.send("4hello");
			assertThat(socket.nextSkippingPings()).isEqualTo(new Text("4hello"));
		}
	}

	@Test
	void upgradeThatIsNotCompletedInTimeIsAbandonedAndTheSessionStaysOnPolling() {
		RecordingEchoHandler slowHandler = new RecordingEchoHandler();
		SocketIOOptions options = SocketIOOptions.builder().upgradeTimeout(Duration.ofSeconds(1)).build();
		try (TestEngineServer slow = TestEngineServer.start(options, CorsOptions.disabled(), slowHandler)) {
			PollingClient slowClient = new PollingClient(slow);
			String sid = slowClient.handshake();
			try (TestWebSocket socket = TestWebSocket.connect(slowClient.http(),
					slow.ws("EIO=4&transport=websocket&sid=" + sid))) {
				socket.send("2probe");
				assertThat(socket.nextText()).isEqualTo("3probe");
				assertThat(socket.awaitClosed()).isInstanceOf(TestWebSocket.Closed.class);
			}
			assertThat(slowClient.post(sid, "4still polling").body()).isEqualTo("ok");
			assertThat(slowClient.poll(sid).body()).isEqualTo("4still polling");
			assertThat(slowHandler.socket(sid).transport()).isEqualTo(TransportType.POLLING);
		}
	}

	private TestWebSocket upgrade(String sid) {
		TestWebSocket socket = TestWebSocket.connect(this.client.http(), upgradeUri(sid));
		socket.send("2probe");
		assertThat(socket.nextText()).isEqualTo("3probe");
		socket.send("5");
		// the suite polls right after sending the upgrade packet; waiting until the
		// engine has switched keeps that poll from racing the packet
		EngineSocket engineSocket = this.handler.socket(sid);
		await().atMost(PollingClient.TIMEOUT).until(() -> engineSocket.transport() == TransportType.WEBSOCKET);
		return socket;
	}

	private URI upgradeUri(String sid) {
		return this.server.ws("EIO=4&transport=websocket&sid=" + sid);
	}

}
