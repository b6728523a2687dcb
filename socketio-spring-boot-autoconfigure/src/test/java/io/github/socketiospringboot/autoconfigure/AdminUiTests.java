package io.github.socketiospringboot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.github.socketiospringboot.admin.AdminUi;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.RedisServer;
import io.github.socketiospringboot.test.SioClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Admin UI's protocol as the UI speaks it, with the official {@code socket.io-client}
 * in place of the UI: authentication and sessions, the configuration, the socket list,
 * the statistics, the development-mode feeds (and none in production), read-only mode,
 * and the actions across two servers on a real Redis.
 */
class AdminUiTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** Cost 4: the lowest bcrypt takes, quick to check. */
	private static final String HASH = BCrypt.hashpw("s3cret", BCrypt.gensalt(4));

	@RegisterExtension
	final NodeScripts node = NodeScripts.create().withHardTimeout(Duration.ofSeconds(60));

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	private RunningApplication start(String... properties) {
		List<String> all = new ArrayList<>(List.of("socketio.admin-ui.enabled=true", "socketio.admin-ui.username=admin",
				"socketio.admin-ui.password=" + HASH));
		all.addAll(List.of(properties));
		RunningApplication application = RunningApplication.start(new Class<?>[] { AdminApplication.class },
				all.toArray(String[]::new));
		this.resources.add(application);
		return application;
	}

	private SioClient client(RunningApplication application) {
		return SioClient.start(this.node, "http://127.0.0.1:" + application.port());
	}

	private static Map<String, Object> admin(Object auth) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("forceNew", true);
		options.put("auth", auth);
		return options;
	}

	private static Map<String, Object> login(String username, String password) {
		return admin(Map.of("username", username, "password", password));
	}

	private static JsonNode arg(JsonNode event, int index) {
		return SioClient.args(event).get(index);
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((item) -> texts.add(item.asString()));
		return texts;
	}

	@Test
	void theUiLogsInGetsASessionAndReconnectsWithIt() {
		RunningApplication application = start();
		SioClient client = client(application);
		client.connect("admin", "/admin", login("admin", "s3cret"));
		client.awaitConnect("admin", TIMEOUT);
		String session = arg(client.awaitEvent("admin", "session", TIMEOUT), 0).asString();
		assertThat(session).matches("[0-9a-f]{16}");
		JsonNode config = arg(client.awaitEvent("admin", "config", TIMEOUT), 0);
		assertThat(texts(config.get("supportedFeatures"))).containsExactly("EMIT", "JOIN", "LEAVE", "DISCONNECT",
				"MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS");

		client.connect("again", "/admin", admin(Map.of("sessionId", session)));
		client.awaitConnect("again", TIMEOUT);
		assertThat(client.reports("event", "again"))
			.noneMatch((event) -> event.path("name").asString().equals("session"));
	}

	@Test
	void wrongCredentialsAndUnknownSessionsAreRefused() {
		RunningApplication application = start();
		SioClient client = client(application);
		client.connect("password", "/admin", login("admin", "wrong"));
		client.connect("username", "/admin", login("root", "s3cret"));
		client.connect("session", "/admin", admin(Map.of("sessionId", "0123456789abcdef")));
		client.connect("nothing", "/admin", Map.of("forceNew", true));
		for (String socket : List.of("password", "username", "session", "nothing")) {
			JsonNode error = client.awaitReport("connect_error", socket, TIMEOUT);
			assertThat(error.get("message").asString()).as(socket).isEqualTo("invalid credentials");
		}
	}

	@Test
	void developmentModeListsTheSocketsAndFeedsEveryConnectionRoomAndEvent() {
		RunningApplication application = start("socketio.admin-ui.server-id=server-a");
		SioClient users = client(application);
		users.connect("first", "/", Map.of("forceNew", true, "transports", List.of("websocket")));
		String first = users.awaitConnect("first", TIMEOUT);

		SioClient ui = client(application);
		ui.connect("admin", "/admin", login("admin", "s3cret"));
		ui.awaitConnect("admin", TIMEOUT);
		ArrayNode sockets = (ArrayNode) arg(ui.awaitEvent("admin", "all_sockets", TIMEOUT), 0);
		JsonNode listed = find(sockets, (socket) -> socket.get("id").asString().equals(first));
		assertThat(listed.get("nsp").asString()).isEqualTo("/");
		assertThat(listed.get("transport").asString()).isEqualTo("websocket");
		assertThat(listed.get("clientId").asString()).hasSize(12);
		assertThat(texts(listed.get("rooms"))).containsExactly(first);
		assertThat(listed.get("handshake").get("address").asString()).isEqualTo("127.0.0.1");
		assertThat(listed.get("data").isEmpty()).isTrue();

		JsonNode stats = arg(ui.awaitEvent("admin", "server_stats", TIMEOUT), 0);
		assertThat(stats.get("serverId").asString()).isEqualTo("server-a");
		assertThat(stats.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
		assertThat(stats.get("clientsCount").asInt()).isEqualTo(2);
		assertThat(find(stats.get("namespaces"), (nsp) -> nsp.get("name").asString().equals("/")).get("socketsCount")
			.asInt()).isEqualTo(1);

		users.connect("second", "/", Map.of("forceNew", true));
		String second = users.awaitConnect("second", TIMEOUT);
		JsonNode connected = awaitFeed(ui, "socket_connected",
				(args) -> args.get(0).get("id").asString().equals(second));
		assertThat(arg(connected, 0).get("id").asString()).isEqualTo(second);
		assertThat(arg(connected, 0).get("transport").asString()).isEqualTo("polling");
		assertThat(arg(connected, 1).asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

		users.emit("first", "hello", "world", 42);
		JsonNode received = ui.awaitEvent("admin", "event_received", TIMEOUT);
		assertThat(arg(received, 0).asString()).isEqualTo("/");
		assertThat(arg(received, 1).asString()).isEqualTo(first);
		assertThat(arg(received, 2).toString()).isEqualTo("[\"hello\",\"world\",42]");

		ui.emit("admin", "emit", "/", first, "greeting", "hi");
		assertThat(SioClient.args(users.awaitEvent("first", "greeting", TIMEOUT)).toString()).isEqualTo("[\"hi\"]");
		JsonNode sent = ui.awaitEvent("admin", "event_sent", TIMEOUT);
		assertThat(arg(sent, 1).asString()).isEqualTo(first);
		assertThat(arg(sent, 2).toString()).isEqualTo("[\"greeting\",\"hi\"]");
		assertThat(users.received("second")).isEmpty();

		ui.emit("admin", "join", "/", "vip", second);
		JsonNode joined = awaitFeed(ui, "room_joined", (args) -> args.get(1).asString().equals("vip"));
		assertThat(SioClient.args(joined).toString()).startsWith("[\"/\",\"vip\",\"" + second + "\"");

		ui.emit("admin", "_disconnect", "/", false, second);
		assertThat(users.awaitReport("disconnect", "second", TIMEOUT).get("reason").asString())
			.isEqualTo("io server disconnect");
		JsonNode disconnected = awaitFeed(ui, "socket_disconnected", (args) -> args.get(1).asString().equals(second));
		assertThat(SioClient.args(disconnected).toString())
			.startsWith("[\"/\",\"" + second + "\",\"server namespace disconnect\"");
		assertThat(users.reports("disconnect", "first")).isEmpty();

		// another UI logs in: the session it is given is its own, not in what the first
		// sees
		SioClient otherUi = client(application);
		otherUi.connect("admin", "/admin", login("admin", "s3cret"));
		String otherAdmin = otherUi.awaitConnect("admin", TIMEOUT);
		JsonNode adminConnected = awaitFeed(ui, "socket_connected",
				(args) -> args.get(0).get("id").asString().equals(otherAdmin));
		assertThat(arg(adminConnected, 0).get("data").isEmpty()).as("%s", adminConnected).isTrue();
	}

	@Test
	void productionModeOnlyAggregates() {
		RunningApplication application = start("socketio.admin-ui.mode=production");
		SioClient ui = client(application);
		ui.connect("admin", "/admin", login("admin", "s3cret"));
		ui.awaitConnect("admin", TIMEOUT);
		JsonNode config = arg(ui.awaitEvent("admin", "config", TIMEOUT), 0);
		assertThat(texts(config.get("supportedFeatures"))).contains("AGGREGATED_EVENTS").doesNotContain("ALL_EVENTS");

		SioClient users = client(application);
		users.connect("user", "/", Map.of("forceNew", true));
		users.awaitConnect("user", TIMEOUT);
		users.emit("user", "hello", "world");
		// the statistics that count the event come after any feed the event would cause
		long packetsIn = 0;
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (packetsIn == 0) {
			assertThat(System.nanoTime()).as("statistics counting the event in time").isLessThan(deadline);
			JsonNode stats = arg(ui.awaitEvent("admin", "server_stats", TIMEOUT), 0);
			for (JsonNode aggregated : stats.get("aggregatedEvents")) {
				if (aggregated.get("type").asString().equals("packetsIn")) {
					packetsIn += aggregated.get("count").asLong();
				}
			}
		}
		assertThat(packetsIn).isEqualTo(1);
		assertThat(ui.received("admin")).extracting((event) -> event.get("name").asString())
			.doesNotContain("all_sockets", "socket_connected", "event_received", "event_sent", "room_joined");
	}

	@Test
	void readOnlyModeRefusesTheActions() {
		RunningApplication application = start("socketio.admin-ui.read-only=true");
		SioClient users = client(application);
		users.connect("user", "/", Map.of("forceNew", true));
		String user = users.awaitConnect("user", TIMEOUT);
		SioClient ui = client(application);
		ui.connect("admin", "/admin", login("admin", "s3cret"));
		ui.awaitConnect("admin", TIMEOUT);
		JsonNode config = arg(ui.awaitEvent("admin", "config", TIMEOUT), 0);
		assertThat(texts(config.get("supportedFeatures"))).containsExactly("AGGREGATED_EVENTS", "ALL_EVENTS");

		ui.emit("admin", "_disconnect", "/", true, user);
		ui.emit("admin", "emit", "/", "", "greeting", "hi");
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> application.io().sockets().sockets().containsKey(user) && users.received("user").isEmpty());
	}

	@Test
	void theActionsSessionsAndSocketListSpanTwoServersOnRedis() {
		RedisServer redis = RedisServer.start();
		this.resources.add(redis);
		String[] cluster = { "socketio.adapter.type=redis", "spring.data.redis.port=" + redis.port() };
		RunningApplication a = start(with(cluster, "socketio.admin-ui.server-id=a"));
		RunningApplication b = start(with(cluster, "socketio.admin-ui.server-id=b"));
		SioClient users = client(b);
		users.connect("user", "/", Map.of("forceNew", true));
		String user = users.awaitConnect("user", TIMEOUT);

		SioClient ui = client(a);
		ui.connect("admin", "/admin", login("admin", "s3cret"));
		ui.awaitConnect("admin", TIMEOUT);
		String session = arg(ui.awaitEvent("admin", "session", TIMEOUT), 0).asString();
		ArrayNode sockets = (ArrayNode) arg(ui.awaitEvent("admin", "all_sockets", TIMEOUT), 0);
		JsonNode remote = find(sockets, (socket) -> socket.get("id").asString().equals(user));
		assertThat(remote.get("clientId").asString()).hasSize(12);
		assertThat(remote.get("transport").asString()).isNotEmpty();
		// both servers' statistics reach the UI, whichever server it is connected to
		List<String> servers = new ArrayList<>();
		while (!servers.containsAll(List.of("a", "b"))) {
			servers.add(arg(ui.awaitEvent("admin", "server_stats", TIMEOUT), 0).get("serverId").asString());
		}

		ui.emit("admin", "join", "/", "vip", user);
		await().atMost(TIMEOUT).until(() -> {
			var socket = b.io().sockets().sockets().get(user);
			return socket != null && socket.rooms().contains("vip");
		});
		ui.emit("admin", "emit", "/", "vip", "greeting", "from a");
		assertThat(SioClient.args(users.awaitEvent("user", "greeting", TIMEOUT)).toString()).isEqualTo("[\"from a\"]");
		ui.emit("admin", "_disconnect", "/", false, user);
		assertThat(users.awaitReport("disconnect", "user", TIMEOUT).get("reason").asString())
			.isEqualTo("io server disconnect");

		// the session given by a is known to b
		SioClient other = client(b);
		other.connect("admin", "/admin", admin(Map.of("sessionId", session)));
		other.awaitConnect("admin", TIMEOUT);
	}

	@Test
	void enablingWithoutCredentialsFailsAtStartupUnlessAuthenticationIsTurnedOffExplicitly() {
		ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SocketIOAutoConfiguration.class,
					SocketIOAdminUiAutoConfiguration.class))
			.withPropertyValues("socketio.admin-ui.enabled=true");
		runner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("socketio.admin-ui.username")
			.hasMessageContaining("socketio.admin-ui.auth-enabled=false"));
		runner.withPropertyValues("socketio.admin-ui.username=admin", "socketio.admin-ui.password=s3cret")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bcrypt hash"));
		runner.withPropertyValues("socketio.admin-ui.auth-enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(AdminUi.class));
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SocketIOAutoConfiguration.class,
					SocketIOAdminUiAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AdminUi.class));
	}

	private static JsonNode awaitFeed(SioClient ui, String name, Predicate<ArrayNode> condition) {
		return ui.process()
			.await((event) -> "event".equals(event.path("event").asString(""))
					&& "admin".equals(event.path("socket").asString("")) && name.equals(event.path("name").asString(""))
					&& condition.test(SioClient.args(event)), name + " on the UI", TIMEOUT);
	}

	private static String[] with(String[] base, String... more) {
		List<String> all = new ArrayList<>(List.of(base));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	private static JsonNode find(JsonNode array, Predicate<JsonNode> condition) {
		for (JsonNode item : array) {
			if (condition.test(item)) {
				return item;
			}
		}
		throw new AssertionError("None matches in " + array);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, SocketIOAdapterAutoConfiguration.class,
			SocketIOAdminUiAutoConfiguration.class })
	static class AdminApplication {

	}

}
