package io.github.socketiospringboot.tests.recovery;

import java.time.Duration;

import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.tests.recovery.RecoveryApplication.NewsController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection state recovery in a Spring Boot application, enabled by
 * {@code socketio.connection-state-recovery.enabled}: an {@code @OnConnect} handler sees
 * {@code recovered()} and skips what it did on the first connection, and the client gets
 * what was broadcast while its WebSocket was gone.
 */
@SpringBootTest(classes = RecoveryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "socketio.connection-state-recovery.enabled=true",
				"socketio.connection-state-recovery.max-disconnection-duration=30s" })
class RecoveryIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@LocalServerPort
	int port;

	@Autowired
	NewsController controller;

	@Autowired
	SocketIOServer io;

	@Test
	void anOnConnectHandlerSeesTheRecoveredSocket() {
		SioClient client = SioClient.start(this.node, "http://127.0.0.1:" + this.port)
			.connect("/news", Transport.WEBSOCKET);
		String id = client.awaitConnect("/news", TIMEOUT);
		// the welcome is the client's first stored packet: it has an offset from now on
		assertThat(SioClient.args(client.awaitEvent("/news", "welcome", TIMEOUT)).get(0).asString()).isEqualTo(id);
		client.cut("/news");
		client.awaitReport("disconnect", "/news", TIMEOUT);
		await().atMost(TIMEOUT).until(() -> !this.io.of("/news").sockets().containsKey(id));
		this.io.of("/news").to("readers").emit("headline", "missed");
		client.reopen("/news");
		JsonNode connect = client.awaitReport("connect", "/news", TIMEOUT);
		assertThat(connect.get("id").asString()).isEqualTo(id);
		assertThat(connect.get("recovered").asBoolean()).isTrue();
		assertThat(SioClient.args(client.awaitEvent("/news", "headline", TIMEOUT)).get(0).asString())
			.isEqualTo("missed");
		await().atMost(TIMEOUT).until(() -> this.controller.connections.contains(id + " recovered"));
		assertThat(this.controller.connections).containsSubsequence(id + " new", id + " recovered");
		assertThat(this.io.of("/news").sockets().get(id).rooms()).contains("readers");
		assertThat(client.received("/news").stream().map((event) -> event.get("name").asString()))
			.containsExactly("welcome", "headline");
	}

}
