package io.github.socketiospringboot.server;

import java.util.Map;
import java.util.regex.Pattern;

import io.github.socketiospringboot.adapter.RoomEvent;
import io.github.socketiospringboot.metrics.SocketIOMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the meters count stays balanced, and holds nothing of what is gone, when sockets
 * come and go at awkward moments: a connection that ends while its socket connects, a
 * child namespace removed as its last socket leaves.
 */
class MetricsBalanceTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void aSocketWhoseConnectionEndsWhileItConnectsIsNeitherCountedInNorOut() {
		SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared());
		io.addObserver(new SocketIOMetrics(this.registry));
		// the socket joins its own room as it connects: the connection ends right there
		io.sockets().adapter().addRoomListener((event) -> {
			String id = event.socketId();
			if (event.type() == RoomEvent.Type.JOIN_ROOM && id != null && event.room().equals(id)) {
				io.sockets().sockets().get(id).disconnect(true);
			}
		});
		try {
			ScriptedConnection connection = ScriptedConnection.open(io);
			connection.client().onMessage("0");

			assertThat(io.sockets().sockets()).isEmpty();
			assertThat(this.registry.get("socketio.sockets").tag("namespace", "/").gauge().value()).isZero();
			double connects = this.registry.find("socketio.connects")
				.counters()
				.stream()
				.mapToDouble((c) -> c.count())
				.sum();
			double disconnects = this.registry.find("socketio.disconnects")
				.counters()
				.stream()
				.mapToDouble((c) -> c.count())
				.sum();
			assertThat(disconnects).isEqualTo(connects);
		}
		finally {
			io.close();
		}
	}

	@Test
	void aRemovedChildNamespaceIsNotKeptByTheMeters() {
		SocketIOServer io = new SocketIOServer(SocketIOOptions.builder().cleanupEmptyChildNamespaces(true).build(),
				JsonMapper.shared());
		SocketIOMetrics metrics = new SocketIOMetrics(this.registry);
		io.addObserver(metrics);
		io.of(Pattern.compile("^/ws-\\d+$"));
		try {
			ScriptedConnection connection = ScriptedConnection.open(io);
			connection.client().onMessage("0/ws-1,");
			assertThat(io.namespaces()).anyMatch((namespace) -> namespace.name().equals("/ws-1"));

			connection.end();

			assertThat(io.namespaces()).noneMatch((namespace) -> namespace.name().equals("/ws-1"));
			Map<?, ?> byNamespace = (Map<?, ?>) ReflectionTestUtils.getField(metrics, "byNamespace");
			assertThat(byNamespace.keySet()).noneMatch((namespace) -> ((Namespace) namespace).name().equals("/ws-1"));
		}
		finally {
			io.close();
		}
	}

}
