package io.github.socketiospringboot.internal.web;

import java.net.http.HttpRequest;
import java.util.EnumSet;
import java.util.Map;

import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.socketiospringboot.test.EngineErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference server's refusals of requests that carry no session id, with their
 * status, error code and message, checked in the reference's order: transport, then
 * method and upgrade, then protocol version.
 */
class EngineHandshakeErrorTests {

	private TestEngineServer server;

	private PollingClient client;

	@BeforeEach
	void start() {
		this.server = TestEngineServer.start(SocketIOOptions.defaults(), CorsOptions.disabled(),
				new RecordingEchoHandler());
		this.client = new PollingClient(this.server);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void missingTransportIsTransportUnknown() {
		assertError(this.client.get("EIO=4"), 400, 0, "Transport unknown");
	}

	@Test
	void unknownTransportIsTransportUnknown() {
		assertError(this.client.get("EIO=4&transport=abc"), 400, 0, "Transport unknown");
	}

	@Test
	void transportIsCheckedBeforeTheProtocolVersion() {
		assertError(this.client.get("EIO=3&transport=abc"), 400, 0, "Transport unknown");
	}

	@Test
	void disabledTransportIsTransportUnknown() {
		SocketIOOptions pollingOnly = SocketIOOptions.builder()
			.transports(EnumSet.of(SocketIOOptions.Transport.POLLING))
			.build();
		try (TestEngineServer restricted = TestEngineServer.start(pollingOnly, CorsOptions.disabled(),
				new RecordingEchoHandler())) {
			PollingClient restrictedClient = new PollingClient(restricted);
			assertError(restrictedClient.get("EIO=4&transport=websocket"), 400, 0, "Transport unknown");
			assertThat(restrictedClient.handshakeData().get("upgrades").isEmpty()).isTrue();
		}
	}

	@Test
	void handshakeByPostIsABadHandshakeMethod() {
		assertError(this.client.send(this.client.request("EIO=4&transport=polling")
			.POST(HttpRequest.BodyPublishers.ofString("4hello"))
			.build()), 400, 2, "Bad handshake method");
	}

	@Test
	void handshakeByPutIsABadHandshakeMethod() {
		assertError(this.client
			.send(this.client.request("EIO=4&transport=polling").PUT(HttpRequest.BodyPublishers.noBody()).build()), 400,
				2, "Bad handshake method");
	}

	@Test
	void methodIsCheckedBeforeTheProtocolVersion() {
		assertError(this.client
			.send(this.client.request("EIO=3&transport=polling").POST(HttpRequest.BodyPublishers.noBody()).build()),
				400, 2, "Bad handshake method");
	}

	@Test
	void webSocketTransportOverAPlainGetIsABadRequest() {
		assertError(this.client.get("EIO=4&transport=websocket"), 400, 3, "Bad request");
	}

	@Test
	void missingProtocolVersionIsUnsupported() {
		assertError(this.client.get("transport=polling"), 400, 5, "Unsupported protocol version");
	}

	@Test
	void protocolVersion3IsUnsupported() {
		assertError(this.client.get("EIO=3&transport=polling"), 400, 5, "Unsupported protocol version");
	}

	@Test
	void nonNumericProtocolVersionIsUnsupported() {
		assertError(this.client.get("EIO=abc&transport=polling"), 400, 5, "Unsupported protocol version");
	}

	@Test
	void webSocketHandshakeWithAnUnsupportedProtocolVersionIsRefusedBeforeTheUpgrade() {
		assertThat(
				TestWebSocket.refusedStatus(this.client.http(), this.server.ws("EIO=3&transport=websocket"), Map.of()))
			.isEqualTo(400);
	}

	@Test
	void handshakeAfterTheEngineClosedIsABadRequest() {
		this.server.engine().close();
		assertError(this.client.get("EIO=4&transport=polling"), 400, 3, "Bad request");
	}

}
