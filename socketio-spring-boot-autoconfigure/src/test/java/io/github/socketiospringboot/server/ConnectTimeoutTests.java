package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Map;

import io.github.socketiospringboot.test.RawWebSocket;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connect timeout (protocol.md §3.1): a connection that joins no namespace in time is
 * closed; one that joined is not, even after it left every namespace.
 */
class ConnectTimeoutTests {

	private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

	private static TestSocketIOServer server;

	@BeforeAll
	static void start() {
		server = SuiteApplication.start(SocketIOOptions.defaults().withConnectTimeout(CONNECT_TIMEOUT));
		server.io()
			.of("/guarded")
			.use((socket) -> Mono.error(new ConnectionRefusedException("not authorized", Map.of())));
		// the first connection of a JVM loads many classes: keep that out of the timed
		// tests
		try (RawWebSocket warmUp = RawWebSocket.connect(server, 1)) {
			warmUp.send("40/guarded,");
			warmUp.nextPacket();
		}
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	/**
	 * Checks that a connection stays open for twice the connect timeout.
	 */
	private static void assertStaysOpen(RawWebSocket ws) {
		await().during(CONNECT_TIMEOUT.multipliedBy(2))
			.atMost(CONNECT_TIMEOUT.multipliedBy(2).plus(RawWebSocket.TIMEOUT))
			.until(() -> !ws.isClosed());
	}

	@Test
	void connectionThatJoinsNoNamespaceIsClosedAfterTheConnectTimeout() {
		long start = System.nanoTime();
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.awaitClosed();
			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.isGreaterThanOrEqualTo(CONNECT_TIMEOUT.minusMillis(20));
		}
	}

	@Test
	void refusedNamespaceDoesNotCountAsJoined() {
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.send("40/guarded,");
			assertThat(ws.nextPacket()).startsWith("44/guarded,");
			ws.awaitClosed();
		}
	}

	@Test
	void connectionThatJoinedInTimeIsKept() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			assertStaysOpen(ws);
			ws.send("42[\"message\",1]");
			assertThat(ws.nextPacket()).isEqualTo("42[\"message-back\",1]");
		}
	}

	@Test
	void leavingEveryNamespaceDoesNotArmTheConnectTimeoutAgain() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("41");
			assertStaysOpen(ws);
			ws.send("40");
			assertThat(ws.nextPacket()).startsWith("40{");
		}
	}

}
