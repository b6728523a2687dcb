package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.broadcast.BroadcastTemplate;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Parent namespaces as the reference's {@code io.of}, {@code parentNsps} and
 * {@code parentNamespacesFromRegExp} make them, seen by official {@code socket.io-client}
 * processes: a name that code asks for before any client becomes the child of the pattern
 * parent that matches it (never of a matcher parent), one expression gives one parent
 * (our choice, documented), what is registered on a parent reaches the children that
 * exist already, and a parent has no cluster adapter.
 */
class ParentNamespaceTests {

	private static final Duration TIMEOUT = Peer.TIMEOUT;

	private static TestSocketIOServer server;

	private static ParentNamespace digits;

	private static ParentNamespace byMatcher;

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@BeforeAll
	static void start() {
		server = TestSocketIOServer.start();
		SocketIOServer io = server.io();
		digits = io.of(Pattern.compile("^/dyn-\\d+$"));
		digits.use((socket) -> socket.handshake().auth().has("deny")
				? Mono.error(new ConnectionRefusedException("denied by the parent")) : Mono.empty());
		digits.onConnection((socket) -> socket.emit("welcome", socket.namespace().name()));
		digits.on("where", (event) -> event.ack(event.socket().namespace().name()));
		byMatcher = io.of((name, auth) -> Mono.just(name.startsWith("/fn-")));
		byMatcher.onConnection((socket) -> socket.emit("welcome-fn", socket.namespace().name()));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aNameCodeAsksForBeforeAnyClientBecomesTheChildOfThePatternParentThatMatchesIt() {
		SocketIOServer io = server.io();
		Namespace early = io.of("/dyn-42");
		new BroadcastTemplate(io::of, io::of).namespace("/dyn-43").emit("nobody-yet");
		Namespace viaTemplate = io.namespace("/dyn-43");
		assertThat(early.parent()).isSameAs(digits);
		assertThat(viaTemplate).isNotNull();
		assertThat(viaTemplate.parent()).isSameAs(digits);
		assertThat(digits.children()).contains(early, viaTemplate);
		// a matcher parent decides with a client's auth: code's names never become its
		// children
		Namespace plain = io.of("/fn-1");
		assertThat(plain.parent()).isNull();
		assertThat(byMatcher.children()).doesNotContain(plain);
		plain.onConnection((socket) -> socket.emit("plain"));

		SioClient client = SioClient.start(this.node, server.url())
			.connect("/dyn-42", Transport.WEBSOCKET)
			.connect("/dyn-43", "/dyn-43",
					Map.of("transports", List.of("websocket"), "reconnection", false, "auth", Map.of("deny", true)))
			.connect("/fn-1", Transport.WEBSOCKET)
			.connect("/fn-2", Transport.WEBSOCKET);
		String id = client.awaitConnect("/dyn-42", TIMEOUT);
		assertThat(early.sockets()).containsKey(id);
		assertThat(SioClient.args(client.awaitEvent("/dyn-42", "welcome", TIMEOUT)).get(0).asString())
			.isEqualTo("/dyn-42");
		String where = client.emitWithCallback("/dyn-42", "where");
		assertThat(client.awaitAck(where, TIMEOUT).get(0).asString()).as("the parent's event handler answers")
			.isEqualTo("/dyn-42");
		assertThat(client.awaitReport("connect_error", "/dyn-43", TIMEOUT).get("message").asString())
			.as("the parent's middleware refuses")
			.isEqualTo("denied by the parent");

		client.awaitConnect("/fn-1", TIMEOUT);
		client.awaitEvent("/fn-1", "plain", TIMEOUT);
		assertThat(client.received("/fn-1")).extracting((event) -> event.get("name").asString())
			.as("the plain namespace's handler ran, not the matcher parent's")
			.containsExactly("plain");
		client.awaitConnect("/fn-2", TIMEOUT);
		assertThat(SioClient.args(client.awaitEvent("/fn-2", "welcome-fn", TIMEOUT)).get(0).asString())
			.isEqualTo("/fn-2");
	}

	@Test
	void oneExpressionGivesOneParentReachableFromTheServerAndFromTheBroadcastTemplate() {
		SocketIOServer io = server.io();
		assertThat(io.of(Pattern.compile("^/dyn-\\d+$"))).isSameAs(digits);
		assertThat(digits.pattern()).isNotNull();
		assertThat(digits.pattern().pattern()).isEqualTo("^/dyn-\\d+$");
		ParentNamespace caseInsensitive = io.of(Pattern.compile("^/dyn-\\d+$", Pattern.CASE_INSENSITIVE));
		assertThat(caseInsensitive).as("other flags, another parent").isNotSameAs(digits);
		assertThat(io.of(Pattern.compile("^/dyn-\\d+$", Pattern.CASE_INSENSITIVE))).isSameAs(caseInsensitive);
		ParentNamespace first = io.of((name, auth) -> Mono.just(false));
		assertThat(io.of((name, auth) -> Mono.just(false))).as("a matcher parent per call").isNotSameAs(first);
		assertThat(first.pattern()).isNull();

		SioClient client = SioClient.start(this.node, server.url())
			.connect("/dyn-7", Transport.WEBSOCKET)
			.connect("/dyn-8", Transport.POLLING);
		client.awaitConnect("/dyn-7", TIMEOUT);
		client.awaitConnect("/dyn-8", TIMEOUT);
		new BroadcastTemplate(io::of, io::of).namespace(Pattern.compile("^/dyn-\\d+$")).emit("to-every-child", 1);
		client.awaitEvent("/dyn-7", "to-every-child", TIMEOUT);
		client.awaitEvent("/dyn-8", "to-every-child", TIMEOUT);
	}

	@Test
	void whatIsRegisteredOnAParentReachesTheChildrenThatExistAlready() {
		SocketIOServer io = server.io();
		ParentNamespace late = io.of(Pattern.compile("^/late-\\d+$"));
		Namespace child = io.of("/late-1");
		Set<String> left = ConcurrentHashMap.newKeySet();
		late.use((socket) -> {
			socket.data().put("checked", true);
			return Mono.empty();
		});
		late.onConnection((socket) -> socket.emit("late-welcome", socket.data().get("checked")));
		late.on("late-event", (event) -> event.ack("answered by the parent"));
		late.onDisconnect((socket, reason) -> left.add(socket.id()));

		SioClient client = SioClient.start(this.node, server.url()).connect("/late-1", Transport.WEBSOCKET);
		String id = client.awaitConnect("/late-1", TIMEOUT);
		assertThat(child.sockets()).containsKey(id);
		assertThat(SioClient.args(client.awaitEvent("/late-1", "late-welcome", TIMEOUT)).get(0).asBoolean()).isTrue();
		String ref = client.emitWithCallback("/late-1", "late-event");
		assertThat(client.awaitAck(ref, TIMEOUT).get(0).asString()).isEqualTo("answered by the parent");
		client.disconnect("/late-1");
		await().atMost(TIMEOUT).until(() -> left.contains(id));
	}

	@Test
	void aParentHasNoClusterAdapterOfItsOwn() {
		List<String> adapters = new CopyOnWriteArrayList<>();
		try (SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared(), (host) -> {
			adapters.add(host.name());
			return new InMemoryAdapter(host);
		})) {
			ParentNamespace parent = io.of(Pattern.compile("^/x-\\d+$"));
			io.of("/x-1");
			assertThat(adapters).containsExactly("/", "/x-1").doesNotContain(parent.name());
			assertThat(parent.adapter()).isInstanceOf(InMemoryAdapter.class);
		}
	}

}
