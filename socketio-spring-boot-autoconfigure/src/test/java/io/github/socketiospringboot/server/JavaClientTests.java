package io.github.socketiospringboot.server;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.test.RawWebSocket;
import io.github.socketiospringboot.test.TestSocketIOServer;
import io.socket.client.IO;
import io.socket.client.Manager;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The official Java client against the server: the three ways to connect, events and
 * acknowledgements both ways, binary payloads, auth, namespaces and refusals.
 */
class JavaClientTests {

	private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

	private static TestSocketIOServer server;

	@BeforeAll
	static void start() {
		server = SuiteApplication.start(SocketIOOptions.defaults());
		server.io()
			.onConnection(
					(socket) -> socket.on("size", (event) -> event.ack(event.args().get(0, byte[].class).length)));
		server.io()
			.of("/guarded")
			.use((socket) -> Mono.error(new ConnectionRefusedException("not authorized", Map.of("retry", true))));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	enum Mode {

		WEBSOCKET_ONLY(TransportType.WEBSOCKET, "websocket"), POLLING_ONLY(TransportType.POLLING, "polling"),
		POLLING_THEN_UPGRADE(TransportType.WEBSOCKET);

		final TransportType settlesOn;

		final String[] transports;

		Mode(TransportType settlesOn, String... transports) {
			this.settlesOn = settlesOn;
			this.transports = transports;
		}

		JavaClient connect() {
			JavaClient client = JavaClient.connect(server, "/", JavaClient.options(this.transports));
			assertThat(client.next("auth")[0]).isInstanceOf(JSONObject.class);
			return client;
		}

	}

	private static DefaultSocket serverSocket(JavaClient client) {
		SocketIOSocket socket = server.io().sockets().sockets().get(client.id());
		assertThat(socket).as("server socket of %s", client.id()).isNotNull();
		return (DefaultSocket) socket;
	}

	@ParameterizedTest
	@EnumSource
	void connectsAndSettlesOnTheExpectedTransport(Mode mode) {
		try (JavaClient client = mode.connect()) {
			DefaultSocket socket = serverSocket(client);
			await().atMost(RawWebSocket.TIMEOUT)
				.untilAsserted(() -> assertThat(socket.client().connection().transport()).isEqualTo(mode.settlesOn));
			client.emit("message", "after settling");
			assertThat(client.next("message-back")).containsExactly("after settling");
		}
	}

	@ParameterizedTest
	@EnumSource
	void eventsGoBothWaysWithTheirArguments(Mode mode) throws Exception {
		try (JavaClient client = mode.connect()) {
			client.emit("message", 1, "2", new JSONObject(Map.of("3", true)));
			Object[] back = client.next("message-back");
			assertThat(back[0]).isEqualTo(1);
			assertThat(back[1]).isEqualTo("2");
			assertThat(((JSONObject) back[2]).getBoolean("3")).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource
	void clientAcknowledgementIsAnsweredByTheServer(Mode mode) {
		try (JavaClient client = mode.connect()) {
			assertThat(client.emitWithAck("message-with-ack", 1, "2")).containsExactly(1, "2");
		}
	}

	@ParameterizedTest
	@EnumSource
	void serverAcknowledgementIsAnsweredByTheClient(Mode mode) {
		try (JavaClient client = mode.connect()) {
			client.answer("ask", (args) -> new Object[] { ((Integer) args[0]) * 2 });
			Ack ack = serverSocket(client).timeout(ACK_TIMEOUT)
				.emitWithAck("ask", 21)
				.block(ACK_TIMEOUT.plusSeconds(1));
			assertThat(ack.socketId()).isEqualTo(client.id());
			assertThat(ack.get(0, Integer.class)).isEqualTo(42);
		}
	}

	@ParameterizedTest
	@EnumSource
	void binaryPayloadsTravelBothWays(Mode mode) throws Exception {
		try (JavaClient client = mode.connect()) {
			assertThat(client.emitWithAck("size", (Object) new byte[] { 1, 2, 3, 4 })).containsExactly(4);
			Object[] echoed = client.emitWithAck("message-with-ack", new byte[] { 1, 2, 3 }, "text");
			assertThat((byte[]) echoed[0]).containsExactly(1, 2, 3);
			assertThat(echoed[1]).isEqualTo("text");
			serverSocket(client).emit("file", Map.of("name", "a.bin", "data", new byte[] { 9, 8 }), new byte[] { 7 });
			Object[] file = client.next("file");
			assertThat(((JSONObject) file[0]).getString("name")).isEqualTo("a.bin");
			assertThat((byte[]) ((JSONObject) file[0]).get("data")).containsExactly(9, 8);
			assertThat((byte[]) file[1]).containsExactly(7);
		}
	}

	@Test
	void serverAcknowledgementTimesOutWhenTheClientDoesNotAnswer() {
		try (JavaClient client = Mode.WEBSOCKET_ONLY.connect()) {
			AckTimeoutException timeout = catchThrowableOfType(AckTimeoutException.class,
					() -> serverSocket(client).timeout(Duration.ofMillis(200))
						.emitWithAck("unanswered")
						.block(RawWebSocket.TIMEOUT));
			assertThat(timeout.missing()).containsExactly(client.id());
			assertThat(timeout.received()).isEmpty();
		}
	}

	@Test
	void authPayloadReachesTheServer() throws Exception {
		IO.Options options = JavaClient.options("websocket");
		options.auth = Map.of("token", "abc");
		try (JavaClient client = JavaClient.connect(server, "/", options)) {
			assertThat(((JSONObject) client.next("auth")[0]).getString("token")).isEqualTo("abc");
			assertThat(serverSocket(client).handshake().auth().get("token").stringValue()).isEqualTo("abc");
		}
	}

	@Test
	void namespacesShareOneConnection() {
		Manager manager = new Manager(URI.create(server.url()), JavaClient.options("websocket"));
		try (JavaClient main = JavaClient.of(manager.socket("/")).connect();
				JavaClient custom = JavaClient.of(manager.socket("/custom")).connect()) {
			assertThat(custom.next("auth")[0]).isInstanceOf(JSONObject.class);
			SocketIOSocket customSocket = server.io().of("/custom").sockets().get(custom.id());
			assertThat(customSocket).isNotNull();
			assertThat(((DefaultSocket) customSocket).client()).isSameAs(serverSocket(main).client());
			assertThat(main.emitWithAck("message-with-ack", "main")).containsExactly("main");
		}
	}

	@Test
	void refusalReachesTheClientWithItsMessageAndData() throws Exception {
		JavaClient client = JavaClient.of(IO.socket(URI.create(server.url() + "/guarded"), JavaClient.options()));
		try (client) {
			JSONObject error = (JSONObject) client.connectError();
			assertThat(error.getString("message")).isEqualTo("not authorized");
			assertThat(error.getJSONObject("data").getBoolean("retry")).isTrue();
		}
	}

	@Test
	void unknownNamespaceIsRefusedToTheClient() throws Exception {
		JavaClient client = JavaClient.of(IO.socket(URI.create(server.url() + "/random"), JavaClient.options()));
		try (client) {
			assertThat(((JSONObject) client.connectError()).getString("message")).isEqualTo("Invalid namespace");
		}
	}

}
