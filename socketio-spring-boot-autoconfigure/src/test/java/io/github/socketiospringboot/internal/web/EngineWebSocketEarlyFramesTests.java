package io.github.socketiospringboot.internal.web;

import java.time.Duration;
import java.util.List;

import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RawConnection;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames a client sends the moment it reads the answer to its WebSocket handshake are
 * read, also when the upgrade was let through from another thread (a security chain
 * checks credentials on a worker thread, for example). Reactor Netty binds the WebSocket
 * to the connection in a listener of the handshake's write; a handshake started off the
 * event loop could have that listener run as a later task of the loop, after the loop had
 * read the client's first frame and dropped it: an upgrade probe lost so, the upgrade
 * timed out. Many connections each, as the loss depended on timing.
 */
class EngineWebSocketEarlyFramesTests {

	/** Connections per case: enough that a loss of a few percent shows. */
	private static final int CONNECTIONS = 100;

	private static TestEngineServer direct;

	private static TestEngineServer filtered;

	@BeforeAll
	static void start() {
		direct = TestEngineServer.start(TestEngineServer.QUIET_SUITE_OPTIONS, CorsOptions.disabled(),
				new RecordingEchoHandler());
		// lets each request through from a worker thread, as a security chain can
		WebFilter elsewhere = (exchange, chain) -> Mono.delay(Duration.ZERO, Schedulers.parallel())
			.then(chain.filter(exchange));
		filtered = TestEngineServer.mount("/engine.io/",
				TestEngineServer.engine(TestEngineServer.QUIET_SUITE_OPTIONS, new RecordingEchoHandler()),
				CorsOptions.disabled(), List.of(elsewhere));
	}

	@AfterAll
	static void stop() {
		direct.close();
		filtered.close();
	}

	enum Route {

		DIRECT, BEHIND_A_FILTER_ON_ANOTHER_THREAD;

		TestEngineServer server() {
			return (this == DIRECT) ? direct : filtered;
		}

	}

	@ParameterizedTest
	@EnumSource(Route.class)
	void aMessageSentAsSoonAsTheHandshakeIsAnsweredIsRead(Route route) {
		for (int i = 0; i < CONNECTIONS; i++) {
			try (RawConnection connection = RawConnection.webSocket(route.server().port(),
					"/engine.io/?EIO=4&transport=websocket")) {
				connection.writeText("4first " + i);
				assertThat(connection.readText()).startsWith("0{\"sid\":");
				assertThat(connection.readText()).as("connection %d", i).isEqualTo("4first " + i);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Route.class)
	void aProbeSentAsSoonAsTheUpgradeIsAnsweredIsAnswered(Route route) {
		PollingClient polling = new PollingClient(route.server());
		for (int i = 0; i < CONNECTIONS; i++) {
			String sid = polling.handshake();
			try (RawConnection connection = RawConnection.webSocket(route.server().port(),
					"/engine.io/?EIO=4&transport=websocket&sid=" + sid)) {
				connection.writeText("2probe");
				assertThat(connection.readText()).as("connection %d", i).isEqualTo("3probe");
				connection.writeText("5");
				connection.writeText("4after the upgrade");
				assertThat(connection.readText()).isEqualTo("4after the upgrade");
			}
		}
	}

}
