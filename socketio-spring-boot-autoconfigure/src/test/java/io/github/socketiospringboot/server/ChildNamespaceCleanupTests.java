package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.test.TestEngineServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reference's {@code cleanupEmptyChildNamespaces}, with official
 * {@code socket.io-client} processes: a child of a dynamic namespace goes, its adapter
 * closed, when its last socket leaves, and comes back on demand with the parent's
 * handlers; a socket still in the middlewares keeps it; without the option children stay.
 */
class ChildNamespaceCleanupTests {

	private static final Duration TIMEOUT = Peer.TIMEOUT;

	private static final Set<InMemoryAdapter> closed = ConcurrentHashMap.newKeySet();

	private static final Sinks.Empty<Void> release = Sinks.empty();

	private static final Set<String> held = ConcurrentHashMap.newKeySet();

	private static final Set<String> left = ConcurrentHashMap.newKeySet();

	private static SocketIOServer io;

	private static TestEngineServer http;

	private static ParentNamespace rooms;

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@BeforeAll
	static void start() {
		io = new SocketIOServer(SocketIOOptions.defaults().withCleanupEmptyChildNamespaces(true), JsonMapper.shared(),
				ClosingAdapter::new);
		http = TestEngineServer.mount("/socket.io/", EngineAccess.engine(io), CorsOptions.disabled());
		rooms = io.of(Pattern.compile("^/room-\\d+$"));
		rooms.use((socket) -> {
			if (socket.handshake().auth().has("refuse")) {
				return Mono.error(new ConnectionRefusedException("refused"));
			}
			if (socket.handshake().auth().has("hold")) {
				held.add(socket.namespace().name());
				return release.asMono();
			}
			return Mono.empty();
		});
		rooms.onConnection((socket) -> socket.emit("welcome", socket.namespace().name()));
		rooms.onDisconnect((socket, reason) -> left.add(socket.id()));
	}

	@AfterAll
	static void stop() {
		io.close();
		http.close();
	}

	private static String url() {
		return "http://127.0.0.1:" + http.port();
	}

	private static Map<String, Object> options(Object... auth) {
		return Map.of("transports", List.of("websocket"), "reconnection", false, "forceNew", true, "auth",
				Map.of(auth[0], auth[1]));
	}

	@Test
	void aChildGoesWithItsAdapterWhenItsLastSocketLeavesAndComesBackOnDemandWithTheParentsHandlers() {
		SioClient client = SioClient.start(this.node, url())
			.connect("a", "/room-1", options("who", "a"))
			.connect("b", "/room-1", options("who", "b"));
		client.awaitConnect("a", TIMEOUT);
		client.awaitConnect("b", TIMEOUT);
		Namespace child = io.namespace("/room-1");
		assertThat(child).isNotNull();
		assertThat(rooms.children()).contains(child);

		client.disconnect("a");
		await().atMost(TIMEOUT).until(() -> child.sockets().size() == 1);
		assertThat(io.namespace("/room-1")).as("a socket is left").isSameAs(child);
		assertThat(closed).doesNotContain((InMemoryAdapter) child.adapter());

		client.disconnect("b");
		await().atMost(TIMEOUT).until(() -> io.namespace("/room-1") == null);
		assertThat(rooms.children()).doesNotContain(child);
		assertThat(closed).as("the adapter of the removed child is closed").contains((InMemoryAdapter) child.adapter());

		client.connect("c", "/room-1", options("who", "c"));
		String id = client.awaitConnect("c", TIMEOUT);
		assertThat(SioClient.args(client.awaitEvent("c", "welcome", TIMEOUT)).get(0).asString()).isEqualTo("/room-1");
		Namespace again = io.namespace("/room-1");
		assertThat(again).isNotNull().isNotSameAs(child);
		assertThat(again.parent()).isSameAs(rooms);
		assertThat(again.sockets()).containsKey(id);
		rooms.emit("from-parent");
		client.awaitEvent("c", "from-parent", TIMEOUT);
	}

	@Test
	void aSocketStillInTheMiddlewaresKeepsTheChild() {
		SioClient client = SioClient.start(this.node, url()).connect("a", "/room-2", options("who", "a"));
		String first = client.awaitConnect("a", TIMEOUT);
		Namespace child = io.namespace("/room-2");
		client.connect("held", "/room-2", options("hold", true));
		await().atMost(TIMEOUT).until(() -> held.contains("/room-2"));

		client.disconnect("a");
		// disconnect listeners run once the socket has left the namespace
		await().atMost(TIMEOUT).until(() -> left.contains(first));
		assertThat(child.sockets()).isEmpty();
		assertThat(io.namespace("/room-2")).isSameAs(child);
		assertThat(closed).doesNotContain((InMemoryAdapter) child.adapter());

		release.tryEmitEmpty();
		String id = client.awaitConnect("held", TIMEOUT);
		assertThat(child.sockets()).containsKey(id);
		assertThat(io.namespace("/room-2")).isSameAs(child);
		client.awaitEvent("held", "welcome", TIMEOUT);
	}

	@Test
	void aRefusedClientLeavesNoEmptyChildBehind() {
		SioClient client = SioClient.start(this.node, url()).connect("r", "/room-3", options("refuse", true));
		assertThat(client.awaitReport("connect_error", "r", TIMEOUT).get("message").asString()).isEqualTo("refused");
		await().atMost(TIMEOUT).until(() -> io.namespace("/room-3") == null);
		assertThat(rooms.children()).extracting(Namespace::name).doesNotContain("/room-3");
	}

	@Test
	void withoutTheOptionAChildStaysOnceEmptyAsInTheReference() {
		assertThat(SocketIOOptions.defaults().cleanupEmptyChildNamespaces()).isFalse();
		try (SocketIOServer keeping = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared());
				TestEngineServer keepingHttp = TestEngineServer.mount("/socket.io/", EngineAccess.engine(keeping),
						CorsOptions.disabled())) {
			ParentNamespace parent = keeping.of(Pattern.compile("^/room-\\d+$"));
			parent.onDisconnect((socket, reason) -> left.add(socket.id()));
			SioClient client = SioClient.start(this.node, "http://127.0.0.1:" + keepingHttp.port())
				.connect("/room-4", Transport.WEBSOCKET);
			String id = client.awaitConnect("/room-4", TIMEOUT);
			Namespace child = keeping.namespace("/room-4");
			client.disconnect("/room-4");
			await().atMost(TIMEOUT).until(() -> left.contains(id));
			assertThat(keeping.namespace("/room-4")).isSameAs(child);
			assertThat(parent.children()).contains(child);
		}
	}

	/**
	 * The in-memory adapter, remembering that it was closed.
	 */
	static final class ClosingAdapter extends InMemoryAdapter {

		ClosingAdapter(AdapterHost namespace) {
			super(namespace);
		}

		@Override
		public Mono<Void> close() {
			closed.add(this);
			return super.close();
		}

	}

}
