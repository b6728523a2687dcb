package io.github.socketiospringboot.tests;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.test.NodeProcess;
import io.github.socketiospringboot.test.NodeScripts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One official {@code socket.io-client} socket run by {@code app-client.mjs} (in the
 * autoconfigure module's Node folder), with typed helpers over its JSON-line events and
 * commands.
 */
public final class AppClient {

	/** How long any single wait lasts. */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String SCRIPT = "app-client.mjs";

	private final NodeProcess process;

	private final AtomicInteger ids = new AtomicInteger();

	private AppClient(NodeProcess process) {
		this.process = process;
	}

	/**
	 * Starts a client; it connects at once.
	 * @param node the scripts
	 * @param url the server and namespace, such as {@code http://127.0.0.1:8080/chat}
	 * @param options the {@code io()} options
	 * @return the client
	 */
	public static AppClient start(NodeScripts node, String url, Map<String, ?> options) {
		return start(node, url, options, Map.of());
	}

	/**
	 * Starts a client that answers the server's acknowledgement requests.
	 * @param node the scripts
	 * @param url the server and namespace
	 * @param options the {@code io()} options
	 * @param answers the answer to each event, as a list of arguments
	 * @return the client
	 */
	public static AppClient start(NodeScripts node, String url, Map<String, ?> options, Map<String, List<?>> answers) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("options", options);
		config.put("answers", answers);
		return new AppClient(node.start(SCRIPT, url, JsonMapper.shared().writeValueAsString(config)));
	}

	/**
	 * Returns the client's process, for its raw events.
	 * @return the process
	 */
	public NodeProcess process() {
		return this.process;
	}

	/**
	 * Awaits the connection; fails with the client's output on a {@code connect_error}.
	 * @return the {@code connect} event
	 */
	public JsonNode awaitConnect() {
		JsonNode outcome = awaitOneOf("connect", "connect_error");
		if (!outcome.path("event").asString().equals("connect")) {
			throw this.process.failure("The client could not connect: " + outcome);
		}
		return outcome;
	}

	/**
	 * Awaits a refused connection.
	 * @return the {@code connect_error} event
	 */
	public JsonNode awaitConnectError() {
		JsonNode outcome = awaitOneOf("connect", "connect_error");
		if (!outcome.path("event").asString().equals("connect_error")) {
			throw this.process.failure("The client connected, a connect_error was expected");
		}
		return outcome;
	}

	private JsonNode awaitOneOf(String... events) {
		List<String> names = Arrays.asList(events);
		return this.process.await((event) -> names.contains(event.path("event").asString()), "one of " + names,
				TIMEOUT);
	}

	/**
	 * Emits an event that asks for an acknowledgement and awaits the answer.
	 * @param event the event
	 * @param args its arguments (binary as {@link #binary(byte[])})
	 * @return the answer's arguments
	 */
	public JsonNode emitWithAck(String event, Object... args) {
		String id = emitAsking(event, args);
		return awaitAck(id);
	}

	/**
	 * Emits an event that asks for an acknowledgement, without waiting for it.
	 * @param event the event
	 * @param args its arguments
	 * @return the id to pass to {@link #awaitAck(String)}
	 */
	public String emitAsking(String event, Object... args) {
		String id = "ack-" + this.ids.incrementAndGet();
		this.process.send(Map.of("cmd", "emit", "event", event, "args", Arrays.asList(args), "id", id, "ack", true));
		return id;
	}

	/**
	 * Emits an event that asks for an acknowledgement the client waits for at most a
	 * while, without waiting for it.
	 * @param timeout how long the client waits
	 * @param event the event
	 * @param args its arguments
	 * @return the id of the {@code ack} or {@code ackTimeout} event to come
	 */
	public String emitAsking(Duration timeout, String event, Object... args) {
		String id = "ack-" + this.ids.incrementAndGet();
		this.process.send(Map.of("cmd", "emit", "event", event, "args", Arrays.asList(args), "id", id, "ack", true,
				"timeout", timeout.toMillis()));
		return id;
	}

	/**
	 * Awaits the answer to an event emitted with {@link #emitAsking(String, Object...)}.
	 * @param id the emit's id
	 * @return the answer's arguments
	 */
	public JsonNode awaitAck(String id) {
		return this.process
			.await((event) -> event.path("event").asString().equals("ack") && event.path("id").asString().equals(id),
					"the acknowledgement " + id, TIMEOUT)
			.get("args");
	}

	/**
	 * Awaits the client's report that the answer to an event emitted with
	 * {@link #emitAsking(Duration, String, Object...)} did not come in time.
	 * @param id the emit's id
	 */
	public void awaitAckTimeout(String id) {
		JsonNode outcome = this.process
			.await((event) -> List.of("ack", "ackTimeout").contains(event.path("event").asString())
					&& event.path("id").asString().equals(id), "the acknowledgement or time-out of " + id, TIMEOUT);
		assertThat(outcome.get("event").asString()).as("outcome of %s: %s", id, outcome).isEqualTo("ackTimeout");
	}

	/**
	 * Emits an event without asking for an acknowledgement.
	 * @param event the event
	 * @param args its arguments
	 */
	public void emit(String event, Object... args) {
		String id = "emit-" + this.ids.incrementAndGet();
		this.process.send(Map.of("cmd", "emit", "event", event, "args", Arrays.asList(args), "id", id));
		this.process.await(
				(line) -> line.path("event").asString().equals("emitted") && line.path("id").asString().equals(id),
				"emitted " + id, TIMEOUT);
	}

	/**
	 * Emits {@code count} events in one tick, the i-th with the argument i, each asking
	 * for an acknowledgement whose id is {@code "i"}.
	 * @param event the event
	 * @param count how many
	 */
	public void emitNumbered(String event, int count) {
		this.process.send(Map.of("cmd", "emitMany", "event", event, "count", count, "ack", true));
	}

	/**
	 * Awaits an event the server sent.
	 * @param name the event name
	 * @return its arguments
	 */
	public JsonNode awaitServerEvent(String name) {
		return this.process
			.await((event) -> event.path("event").asString().equals("event")
					&& event.path("name").asString().equals(name), "the server event '" + name + "'", TIMEOUT)
			.get("args");
	}

	/**
	 * Awaits the socket's disconnection.
	 * @return the {@code disconnect} event
	 */
	public JsonNode awaitDisconnect() {
		return this.process.awaitEvent("disconnect", TIMEOUT);
	}

	private static final java.time.Duration UPGRADE_TIMEOUT = java.time.Duration.ofSeconds(30);

	/**
	 * Awaits the end of the upgrade to WebSocket.
	 * @return the {@code upgrade} event
	 */
	public JsonNode awaitUpgrade() {
		// the probe and the pause of polling take several round trips through the
		// security chain,
		// slow on a loaded machine; a failed probe shows up as an upgradeError event in
		// the message
		return this.process.awaitEvent("upgrade", UPGRADE_TIMEOUT);
	}

	/**
	 * Asks the client for its state.
	 * @return the {@code state} event
	 */
	public JsonNode state() {
		this.process.send(Map.of("cmd", "state"));
		return this.process.awaitEvent("state", TIMEOUT);
	}

	/**
	 * Disconnects from the client side.
	 */
	public void disconnect() {
		this.process.send(Map.of("cmd", "disconnect"));
	}

	/**
	 * Closes the client's Engine.IO connection (not the socket): the server sees the
	 * transport close.
	 */
	public void closeConnection() {
		this.process.send(Map.of("cmd", "closeConnection"));
	}

	/**
	 * Returns the acknowledgement packets received so far, answered or not.
	 * @return the ACK and BINARY_ACK packets
	 */
	public List<JsonNode> ackPackets() {
		return this.process.events("packet")
			.stream()
			.filter((packet) -> packet.path("type").asInt() == 3 || packet.path("type").asInt() == 6)
			.toList();
	}

	/**
	 * Wraps binary data for a command: the script sends it as a Node {@code Buffer}.
	 * @param data the bytes
	 * @return the wrapped bytes
	 */
	public static Map<String, String> binary(byte[] data) {
		return Map.of("$binary", Base64.getEncoder().encodeToString(data));
	}

	/**
	 * Unwraps binary data the script reported.
	 * @param node a {@code {"$binary": base64}} object
	 * @return the bytes
	 */
	public static byte[] bytes(JsonNode node) {
		assertThat(node.has("$binary")).as("binary data: %s", node).isTrue();
		return Base64.getDecoder().decode(node.get("$binary").asString());
	}

}
