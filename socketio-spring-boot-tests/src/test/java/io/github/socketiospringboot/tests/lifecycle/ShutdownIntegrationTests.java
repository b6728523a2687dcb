package io.github.socketiospringboot.tests.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.annotation.OnDisconnect;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.tests.AppClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the application disconnects its clients at once: the server's sockets leave
 * with "server shutting down", the clients see their connection close well before a ping
 * timeout would tell them, and pending long-polling requests do not hold the graceful
 * shutdown.
 */
class ShutdownIntegrationTests {

	/**
	 * Far below the reference ping interval plus ping timeout (45 s) the client would
	 * otherwise wait.
	 */
	private static final Duration PROMPTLY = Duration.ofSeconds(5);

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@ParameterizedTest
	@ValueSource(strings = { "polling", "websocket" })
	void stoppingTheApplicationDisconnectsConnectedClientsAtOnce(String transport) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ShutdownApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.run();
		try {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			DisconnectRecorder recorder = context.getBean(DisconnectRecorder.class);
			AppClient client = AppClient.start(this.node, "http://127.0.0.1:" + port + "/",
					Map.of("transports", List.of(transport)));
			String id = client.awaitConnect().get("id").asString();

			long start = System.nanoTime();
			context.close();
			Duration closing = Duration.ofNanos(System.nanoTime() - start);
			JsonNode disconnect = client.awaitDisconnect();
			Duration untilClientKnew = Duration.ofNanos(System.nanoTime() - start);

			assertThat(recorder.reasons).containsExactly(Map.entry(id, DisconnectReason.SERVER_SHUTTING_DOWN));
			if (transport.equals("websocket")) {
				assertThat(disconnect.get("reason").asString()).isEqualTo("transport close");
			}
			else {
				// the pending poll gets the close packet ("transport close"); a poll
				// still on
				// its way when the server closed (right after the CONNECT packet, say)
				// gets
				// 400 "Session ID unknown" instead ("transport error")
				assertThat(disconnect.get("reason").asString()).isIn("transport close", "transport error");
			}
			assertThat(untilClientKnew).as("time until the client saw its disconnection").isLessThan(PROMPTLY);
			assertThat(closing).as("time the application took to stop").isLessThan(PROMPTLY);
		}
		finally {
			context.close();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(DisconnectRecorder.class)
	static class ShutdownApplication {

	}

	@SocketIOController
	static class DisconnectRecorder {

		final Map<String, DisconnectReason> reasons = new ConcurrentHashMap<>();

		@OnDisconnect
		void disconnected(SocketIOSocket socket, DisconnectReason reason) {
			this.reasons.put(socket.id(), reason);
		}

	}

}
