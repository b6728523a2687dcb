package io.github.socketiospringboot.internal.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.NodeProcess;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.TestEngineServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The official npm {@code engine.io-client} against our engine, with an echo handler,
 * over its three ways of connecting.
 */
class EngineIoClientInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final int SIZE_LIMIT = 10_000;

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	private final Map<String, EngineCloseReason> serverCloses = new ConcurrentHashMap<>();

	private @Nullable TestEngineServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void textAndBinaryMessagesComeBackIdenticalAndInOrder(Mode mode) {
		startEchoServer(SocketIOOptions.defaults());
		// sent from the client's own event handlers: right after the handshake and, with
		// the default transports, between the probe and the upgrade
		Map<String, List<Message>> sendOn = new LinkedHashMap<>();
		sendOn.put("open", messages("on open"));
		if (mode == Mode.DEFAULT) {
			sendOn.put("upgrading", messages("while upgrading"));
		}
		Map<String, Object> sendOnCommands = new LinkedHashMap<>();
		sendOn.forEach((event, messages) -> sendOnCommands.put(event, commands(messages)));
		NodeProcess client = connect(mode, Map.of("sendOn", sendOnCommands));
		JsonNode open = client.awaitEvent("open", TIMEOUT);
		assertThat(open.get("transport").asString()).isEqualTo(mode.initialTransport);
		assertThat(client.awaitEvent("sent", TIMEOUT).get("transport").asString()).isEqualTo(mode.initialTransport);
		if (mode == Mode.DEFAULT) {
			assertThat(client.awaitEvent("upgrading", TIMEOUT).get("transport").asString()).isEqualTo("websocket");
			assertThat(client.awaitEvent("sent", TIMEOUT).get("transport").asString()).as("transport while upgrading")
				.isEqualTo("polling");
			assertThat(client.awaitEvent("upgrade", TIMEOUT).get("transport").asString()).isEqualTo("websocket");
		}
		List<Message> sent = new ArrayList<>();
		sendOn.values().forEach(sent::addAll);
		sent.addAll(messages("afterwards"));
		send(client, messages("afterwards"));
		List<JsonNode> received = client.awaitEvents("message", sent.size(), TIMEOUT);
		assertThat(received.stream().map(Message::of).toList()).containsExactlyElementsOf(sent);
		assertThat(
				received.stream().filter((event) -> event.has("binary")).map((event) -> event.get("type").asString()))
			.as("binary messages arrive as Node buffers")
			.containsOnly("Buffer");
		JsonNode state = state(client);
		assertThat(state.get("transport").asString()).isEqualTo(mode.finalTransport);
		assertThat(state.get("readyState").asString()).isEqualTo("open");
		if (mode != Mode.DEFAULT) {
			assertThat(client.events("upgrading")).isEmpty();
		}
		assertThat(received.get(received.size() - 1).get("transport").asString()).isEqualTo(mode.finalTransport);
		EngineSession session = session(open);
		assertThat(session.transport().wireName()).isEqualTo(mode.finalTransport);
		assertThat(client.events("close")).isEmpty();
		assertThat(client.events("error")).isEmpty();
		assertThat(client.events("upgradeError")).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void aSessionClosedByTheServerClosesTheClientAfterWhatWasSentBefore(Mode mode) {
		startEchoServer(SocketIOOptions.defaults());
		NodeProcess client = connect(mode);
		JsonNode open = client.awaitEvent("open", TIMEOUT);
		EngineSession session = session(open);
		// the client reports the upgrade when it sends the upgrade packet, before the
		// server has switched
		await().atMost(TIMEOUT).until(() -> session.transport().wireName().equals(mode.finalTransport));
		session.send("last words");
		session.close();
		assertThat(client.awaitEvent("message", TIMEOUT).get("text").asString()).isEqualTo("last words");
		JsonNode close = client.awaitEvent("close", TIMEOUT);
		assertThat(close.get("reason").asString()).isEqualTo("transport close");
		assertThat(close.at("/description/description").asString()).isEqualTo(mode.serverCloseDescription);
		assertThat(this.serverCloses).containsEntry(session.id(), EngineCloseReason.FORCED_CLOSE);
		await().atMost(TIMEOUT).until(() -> server().engine().sessionCount() == 0);
		assertThat(client.events("error")).isEmpty();
	}

	@Test
	void aSessionClosedByTheServerDuringTheUpgradeClosesOnTheNewTransportAfterWhatWasSentBefore() {
		startEchoServer(SocketIOOptions.defaults());
		NodeProcess client = connect(Mode.DEFAULT, Map.of("holdUpgrade", true));
		JsonNode open = client.awaitEvent("open", TIMEOUT);
		client.awaitEvent("upgradeHeld", TIMEOUT);
		EngineSession session = session(open);
		// probed, and the client has stopped polling: the server is between probe and
		// upgrade packet
		assertThat(session.transport()).isEqualTo(TransportType.POLLING);
		session.send("last words");
		session.close();
		client.send(Map.of("cmd", "releaseUpgrade"));
		JsonNode lastWords = client.awaitEvent("message", TIMEOUT);
		assertThat(lastWords.get("text").asString()).isEqualTo("last words");
		assertThat(lastWords.get("transport").asString()).isEqualTo("websocket");
		JsonNode close = client.awaitEvent("close", TIMEOUT);
		assertThat(close.get("reason").asString()).isEqualTo("transport close");
		assertThat(close.at("/description/context/code").asInt()).isEqualTo(1000);
		await().atMost(TIMEOUT).until(() -> this.serverCloses.containsKey(session.id()));
		assertThat(this.serverCloses).containsEntry(session.id(), EngineCloseReason.FORCED_CLOSE);
		await().atMost(TIMEOUT).until(() -> server().engine().sessionCount() == 0);
		assertThat(client.events("upgradeError")).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void aSessionClosedByTheClientEndsOnTheServer(Mode mode) {
		startEchoServer(SocketIOOptions.defaults());
		NodeProcess client = connect(mode);
		JsonNode open = client.awaitEvent("open", TIMEOUT);
		if (mode == Mode.DEFAULT) {
			client.awaitEvent("upgrade", TIMEOUT);
		}
		String sid = open.get("sid").asString();
		client.send(Map.of("cmd", "close"));
		assertThat(client.awaitEvent("close", TIMEOUT).get("reason").asString()).isEqualTo("forced close");
		await().atMost(TIMEOUT).until(() -> this.serverCloses.containsKey(sid));
		assertThat(this.serverCloses).containsEntry(sid, EngineCloseReason.TRANSPORT_CLOSE);
		await().atMost(TIMEOUT).until(() -> server().engine().sessionCount() == 0);
	}

	@ParameterizedTest
	@EnumSource(value = Mode.class, names = { "POLLING", "WEBSOCKET" })
	void messagesUpToMaxHttpBufferSizeAreEchoedAndALargerOneEndsOnlyItsOwnConnection(Mode mode) {
		startEchoServer(SocketIOOptions.builder().maxHttpBufferSize(SIZE_LIMIT).build());
		NodeProcess bystander = connect(mode);
		bystander.awaitEvent("open", TIMEOUT);
		NodeProcess textClient = connect(mode);
		JsonNode handshake = textClient.awaitEvent("handshake", TIMEOUT);
		assertThat(handshake.at("/data/maxPayload").asLong(-1)).as("advertised maxPayload").isEqualTo(SIZE_LIMIT);
		JsonNode textOpen = textClient.awaitEvent("open", TIMEOUT);
		NodeProcess binaryClient = connect(mode);
		JsonNode binaryOpen = binaryClient.awaitEvent("open", TIMEOUT);

		// "4" + text is the whole POST body, and the whole WebSocket frame: exactly the
		// limit
		Message largestText = Message.text("x".repeat(SIZE_LIMIT - 1));
		// a WebSocket frame carries the bytes; a POST carries "b" + base64, 9,997 bytes
		// for the largest binary that fits
		Message largestBinary = Message
			.binary(new byte[(mode == Mode.POLLING) ? (SIZE_LIMIT - 1) / 4 * 3 : SIZE_LIMIT]);
		// sent together: on polling the client splits them into two POSTs because of the
		// advertised maxPayload, or the server would answer 413
		send(textClient, List.of(largestText, largestBinary));
		assertThat(textClient.awaitEvents("message", 2, TIMEOUT).stream().map(Message::of).toList())
			.containsExactly(largestText, largestBinary);

		send(textClient, List.of(Message.text("x".repeat(SIZE_LIMIT))));
		send(binaryClient, List.of(Message.binary(new byte[largestBinary.bytes().length + 1])));
		for (NodeProcess client : List.of(textClient, binaryClient)) {
			JsonNode close = client.awaitEvent("close", TIMEOUT);
			if (mode == Mode.POLLING) {
				// the POST is answered 413: the client reports a transport error and
				// gives up
				JsonNode error = client.awaitEvent("error", TIMEOUT).get("error");
				assertThat(error.get("message").asString()).isEqualTo("xhr post error");
				assertThat(error.get("description").asInt()).isEqualTo(413);
				assertThat(close.get("reason").asString()).isEqualTo("transport error");
			}
			else {
				assertThat(close.get("reason").asString()).isEqualTo("transport close");
				assertThat(close.at("/description/context/code").asInt()).isEqualTo(1009);
			}
			assertThat(client.events("message")).hasSize((client == textClient) ? 2 : 0);
		}

		// the server ended the WebSocket sessions; the polling sessions outlived the 413,
		// as with the reference server, until the client gave up and sent a close packet
		EngineCloseReason serverSide = (mode == Mode.POLLING) ? EngineCloseReason.TRANSPORT_CLOSE
				: EngineCloseReason.TRANSPORT_ERROR;
		await().atMost(TIMEOUT).until(() -> this.serverCloses.size() == 2);
		assertThat(this.serverCloses).containsOnly(entry(textOpen.get("sid").asString(), serverSide),
				entry(binaryOpen.get("sid").asString(), serverSide));

		send(bystander, List.of(Message.text("still here"), largestText));
		assertThat(bystander.awaitEvents("message", 2, TIMEOUT).stream().map(Message::of).toList())
			.containsExactly(Message.text("still here"), largestText);
		assertThat(bystander.events("close")).isEmpty();
		assertThat(state(bystander).get("readyState").asString()).isEqualTo("open");
	}

	@Test
	void clientsOfEveryTransportAnswerPingsAndStayConnected() {
		startEchoServer(SocketIOOptions.builder()
			.pingInterval(Duration.ofMillis(300))
			// a poll's round trip on a loaded 2-core machine can take a few hundred ms:
			// the
			// timeout leaves room for it, the interval keeps the test short
			.pingTimeout(Duration.ofMillis(1000))
			.build());
		Map<Mode, NodeProcess> clients = new LinkedHashMap<>();
		for (Mode mode : Mode.values()) {
			clients.put(mode, connect(mode));
		}
		int pings = 10;
		for (NodeProcess client : clients.values()) {
			// 10 rounds of 300 ms: about 3 s, more than twice pingInterval + pingTimeout
			client.awaitEvents("ping", pings, Duration.ofSeconds(pings));
		}
		for (Map.Entry<Mode, NodeProcess> entry : clients.entrySet()) {
			NodeProcess client = entry.getValue();
			assertThat(client.events("close")).as(entry.getKey() + " closes").isEmpty();
			assertThat(session(client.events("open").get(0)).isOpen()).isTrue();
			send(client, List.of(Message.text("after the pings")));
			assertThat(client.awaitEvent("message", TIMEOUT).get("transport").asString())
				.isEqualTo(entry.getKey().finalTransport);
		}
		assertThat(this.serverCloses).isEmpty();
		assertThat(server().engine().sessionCount()).isEqualTo(clients.size());
	}

	private void startEchoServer(SocketIOOptions options) {
		this.server = TestEngineServer.start(options, CorsOptions.disabled(), (socket) -> new EngineSocketListener() {

			@Override
			public void onMessage(String text) {
				socket.send(text);
			}

			@Override
			public void onBinary(byte[] bytes) {
				socket.send(bytes);
			}

			@Override
			public void onClose(EngineCloseReason reason, @Nullable String description) {
				EngineIoClientInteropTests.this.serverCloses.put(socket.id(), reason);
			}

		});
	}

	private TestEngineServer server() {
		assertThat(this.server).isNotNull();
		return this.server;
	}

	private NodeProcess connect(Mode mode) {
		return connect(mode, Map.of());
	}

	/**
	 * Starts {@code engine-client.mjs} with the mode's transports and more settings of
	 * the script ({@code sendOn}, {@code holdUpgrade}).
	 */
	private NodeProcess connect(Mode mode, Map<String, Object> settings) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("path", "/engine.io/");
		if (mode.transports != null) {
			options.put("transports", mode.transports);
		}
		Map<String, Object> config = new LinkedHashMap<>(settings);
		config.put("options", options);
		return this.node.start("engine-client.mjs", "http://127.0.0.1:" + server().port(),
				JsonMapper.shared().writeValueAsString(config));
	}

	private EngineSession session(JsonNode open) {
		EngineSession session = server().engine().find(open.get("sid").asString());
		assertThat(session).as("server session of " + open).isNotNull();
		return session;
	}

	private static void send(NodeProcess client, List<Message> messages) {
		client.send(Map.of("cmd", "send", "messages", commands(messages)));
	}

	private static List<Map<String, String>> commands(List<Message> messages) {
		return messages.stream().map(Message::toCommand).toList();
	}

	private static JsonNode state(NodeProcess client) {
		client.send(Map.of("cmd", "state"));
		return client.awaitEvent("state", TIMEOUT);
	}

	/**
	 * Text in several scripts, text that looks like a polling binary packet, empty
	 * messages, and binary data of each kind the client can send, interleaved.
	 */
	private static List<Message> messages(String prefix) {
		List<Message> messages = new ArrayList<>();
		messages.add(Message.text(prefix + " hello"));
		messages.add(Message.text("héllo wörld ✓ 😀 " + prefix));
		messages.add(Message.text("bAQIDBA=="));
		messages.add(Message.text(""));
		messages.add(Message.binary(new byte[] { 1, 2, 3, 4 }, "Uint8Array"));
		messages.add(Message.binary(new byte[] { 0, -1, -128, 127, 30, 10 }, "Buffer"));
		messages.add(Message.binary(prefix.getBytes(StandardCharsets.UTF_8), "ArrayBuffer"));
		for (int i = 0; i < 12; i++) {
			messages.add((i % 3 == 2) ? Message.binary(new byte[] { (byte) i, 30, (byte) (255 - i) })
					: Message.text(prefix + " #" + i));
		}
		return messages;
	}

	enum Mode {

		/** The client's defaults: polling, then an upgrade to WebSocket. */
		DEFAULT(null, "polling", "websocket", "websocket connection closed"),

		/** WebSocket only. */
		WEBSOCKET(List.of("websocket"), "websocket", "websocket", "websocket connection closed"),

		/** Long-polling only. */
		POLLING(List.of("polling"), "polling", "polling", "transport closed by the server");

		final @Nullable List<String> transports;

		final String initialTransport;

		final String finalTransport;

		final String serverCloseDescription;

		Mode(@Nullable List<String> transports, String initialTransport, String finalTransport,
				String serverCloseDescription) {
			this.transports = transports;
			this.initialTransport = initialTransport;
			this.finalTransport = finalTransport;
			this.serverCloseDescription = serverCloseDescription;
		}

	}

	/**
	 * A message as sent or received: text, or binary bytes (compared by content), with
	 * the JavaScript type the client sends binary as.
	 */
	record Message(@Nullable String text, byte @Nullable [] bytes, String as) {

		static Message text(String text) {
			return new Message(text, null, "");
		}

		static Message binary(byte[] bytes) {
			return binary(bytes, "Buffer");
		}

		static Message binary(byte[] bytes, String as) {
			return new Message(null, bytes, as);
		}

		static Message of(JsonNode event) {
			if (event.has("binary")) {
				return binary(Base64.getDecoder().decode(event.get("binary").asString()));
			}
			if (event.has("text")) {
				return text(event.get("text").asString());
			}
			if ("undefined".equals(event.path("type").asString(""))) {
				// engine.io-parser decodes the packet "4" (an empty text message) into a
				// message without data
				return text("");
			}
			throw new AssertionError("Neither text nor binary: " + event);
		}

		Map<String, String> toCommand() {
			return (this.text != null) ? Map.of("text", this.text)
					: Map.of("binary", Base64.getEncoder().encodeToString(this.bytes), "as", this.as);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Message that && Objects.equals(this.text, that.text)
					&& Arrays.equals(this.bytes, that.bytes);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.text, Arrays.hashCode(this.bytes));
		}

		@Override
		public String toString() {
			return (this.text != null) ? "text(" + abbreviate(this.text) + ")" : "binary(" + this.bytes.length
					+ " bytes " + abbreviate(Base64.getEncoder().encodeToString(this.bytes)) + ")";
		}

		private static String abbreviate(String value) {
			return (value.length() > 40) ? value.substring(0, 40) + "…(" + value.length() + ")" : value;
		}

	}

}
