package io.github.socketiospringboot.internal.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RawConnection;
import io.github.socketiospringboot.test.RawConnection.Response;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket handshakes that the reference server's WebSocket library ({@code ws})
 * refuses: 400 with a plain-text reason and the connection closed, before anything is
 * committed, and the session a refused upgrade was meant for keeps working.
 */
class EngineWebSocketHandshakeTests {

	private static final String PATH = "/engine.io/?EIO=4&transport=websocket";

	private static TestEngineServer server;

	private static PollingClient client;

	@BeforeAll
	static void start() {
		server = TestEngineServer.start(SocketIOOptions.defaults(), CorsOptions.disabled(), new RecordingEchoHandler());
		client = new PollingClient(server);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void handshakeWithoutAKeyIsRefusedWith400AndItsReason() {
		Response response = handshake(PATH, headers(null, "13"));
		assertRefused(response, "Missing or invalid Sec-WebSocket-Key header");
		assertThat(response.headers()).doesNotContainKey("sec-websocket-version");
	}

	@Test
	void handshakeWithAKeyThatIsNotSixteenBytesOfBase64IsRefused() {
		assertRefused(handshake(PATH, headers("abc", "13")), "Missing or invalid Sec-WebSocket-Key header");
		assertRefused(handshake(PATH, headers("dGhlIHNhbXBsZSBub25jZQ", "13")),
				"Missing or invalid Sec-WebSocket-Key header");
	}

	@Test
	void handshakeWithAnUnknownVersionIsRefusedNamingTheVersionsSupported() {
		Response response = handshake(PATH, headers(RawConnection.KEY, "99"));
		assertRefused(response, "Missing or invalid Sec-WebSocket-Version header");
		assertThat(response.headers()).containsEntry("sec-websocket-version", "13, 8");
	}

	@Test
	void handshakeWithoutAVersionIsRefused() {
		Response response = handshake(PATH, headers(RawConnection.KEY, null));
		assertRefused(response, "Missing or invalid Sec-WebSocket-Version header");
		assertThat(response.headers()).containsEntry("sec-websocket-version", "13, 8");
	}

	@Test
	void handshakeWithVersion8IsAccepted() {
		try (RawConnection connection = RawConnection.open(server.port())) {
			connection.write(RawConnection.handshake(PATH, headers(RawConnection.KEY, "8")));
			assertThat(connection.readResponse().status()).isEqualTo(101);
			assertThat(connection.readText()).startsWith("0{\"sid\":");
		}
	}

	@Test
	void upgradeHeaderWithoutConnectionUpgradeIsAnOrdinaryGetAndABadRequest() {
		// Node's HTTP server sees no upgrade without "Connection: upgrade": engine.io
		// answers a websocket GET without one with its "Bad request"
		try (RawConnection connection = RawConnection.open(server.port())) {
			connection.write("GET " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
					+ "Sec-WebSocket-Key: " + RawConnection.KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
			Response response = connection.readResponse();
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
		}
	}

	@Test
	void refusedUpgradeOfAPollingSessionLeavesTheSessionWorking() {
		String sid = client.handshake();
		assertRefused(handshake(PATH + "&sid=" + sid, headers(null, "13")),
				"Missing or invalid Sec-WebSocket-Key header");
		assertThat(client.post(sid, "4still here").body()).isEqualTo("ok");
		assertThat(client.poll(sid).body()).isEqualTo("4still here");
	}

	private static Map<String, String> headers(String key, String version) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (key != null) {
			headers.put("Sec-WebSocket-Key", key);
		}
		if (version != null) {
			headers.put("Sec-WebSocket-Version", version);
		}
		return headers;
	}

	private static Response handshake(String pathAndQuery, Map<String, String> headers) {
		try (RawConnection connection = RawConnection.open(server.port())) {
			connection.write(RawConnection.handshake(pathAndQuery, headers));
			Response response = connection.readResponse();
			assertThat(connection.awaitEndOfStream(Duration.ofSeconds(5))).as("connection closed after the answer")
				.isTrue();
			return response;
		}
	}

	private static void assertRefused(Response response, String reason) {
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo(reason);
		assertThat(response.headers()).containsEntry("content-type", "text/html").containsEntry("connection", "close");
	}

}
