package io.github.socketiospringboot.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * One {@code sio-client.mjs} process, official {@code socket.io-client} sockets driven
 * through typed commands. Each socket has a name the test chooses (by default its
 * namespace); the sockets of one process share one connection unless connected with
 * {@code forceNew}.
 *
 * <p>
 * Arguments travel as JSON with binary data at any depth (see {@link SioJson}): a
 * {@code byte[]} sent becomes a Node {@code Buffer}, and every binary value received
 * comes back as a binary JSON node, so that what a client received compares equal to
 * {@link SioJson#tree} of what the server sent.
 */
public final class SioClient {

	private final NodeProcess process;

	private final AtomicInteger refs = new AtomicInteger();

	private SioClient(NodeProcess process) {
		this.process = process;
	}

	/**
	 * Starts a client process without any socket.
	 * @param node the scripts
	 * @param url the server's base URL
	 * @return the client
	 */
	public static SioClient start(NodeScripts node, String url) {
		return new SioClient(node.start("sio-client.mjs", url));
	}

	/**
	 * Returns the Node process.
	 * @return the process
	 */
	public NodeProcess process() {
		return this.process;
	}

	/**
	 * Connects a socket named after its namespace.
	 * @param nsp the namespace
	 * @param transport the transports to use
	 * @return this client
	 */
	public SioClient connect(String nsp, Transport transport) {
		return connect(nsp, nsp, transport.options());
	}

	/**
	 * Connects a socket.
	 * @param socket the socket's name
	 * @param nsp the namespace
	 * @param options the client's options ({@code transports}, {@code auth},
	 * {@code forceNew}, {@code reconnection}…)
	 * @return this client
	 */
	public SioClient connect(String socket, String nsp, Map<String, ?> options) {
		this.process.send(Map.of("cmd", "connect", "socket", socket, "nsp", nsp, "options", options));
		return this;
	}

	/**
	 * Awaits a socket's {@code connect} event.
	 * @param socket the socket's name
	 * @param timeout how long to wait
	 * @return the socket id
	 */
	public String awaitConnect(String socket, Duration timeout) {
		return awaitReport("connect", socket, timeout).get("id").asString();
	}

	/**
	 * Awaits the next report of a kind for a socket: {@code connect},
	 * {@code connect_error}, {@code disconnect}, {@code open}, {@code upgrade}…
	 * @param kind the report's {@code event} field
	 * @param socket the socket's name
	 * @param timeout how long to wait
	 * @return the report
	 */
	public JsonNode awaitReport(String kind, String socket, Duration timeout) {
		return this.process.await(report(kind, socket), kind + " of " + socket, timeout);
	}

	/**
	 * Returns every report of a kind for a socket so far, handed out or not.
	 * @param kind the report's {@code event} field
	 * @param socket the socket's name
	 * @return the reports, in order
	 */
	public List<JsonNode> reports(String kind, String socket) {
		return this.process.events().stream().filter(report(kind, socket)).toList();
	}

	/**
	 * Sends {@code socket.emit(event, ...args)}.
	 * @param socket the socket's name
	 * @param event the event name
	 * @param args the arguments
	 */
	public void emit(String socket, String event, Object... args) {
		this.process.send(Map.of("cmd", "emit", "socket", socket, "event", event, "args", SioJson.encode(args)));
	}

	/**
	 * Sends {@code socket.emit(event, ...args, callback)}; await the answer with
	 * {@link #awaitAck}.
	 * @param socket the socket's name
	 * @param event the event name
	 * @param args the arguments
	 * @return the reference of the answer
	 */
	public String emitWithCallback(String socket, String event, Object... args) {
		String ref = "r" + this.refs.incrementAndGet();
		this.process
			.send(Map.of("cmd", "emit", "socket", socket, "event", event, "args", SioJson.encode(args), "ref", ref));
		return ref;
	}

	/**
	 * Sends {@code socket.timeout(timeout).emitWithAck(event, ...args)}; await the answer
	 * with {@link #awaitAck} or the failure with {@link #awaitAckError}.
	 * @param socket the socket's name
	 * @param timeout the client's timeout
	 * @param event the event name
	 * @param args the arguments
	 * @return the reference of the answer
	 */
	public String emitWithAck(String socket, Duration timeout, String event, Object... args) {
		String ref = "r" + this.refs.incrementAndGet();
		this.process.send(Map.of("cmd", "emitWithAck", "socket", socket, "event", event, "args", SioJson.encode(args),
				"timeout", timeout.toMillis(), "ref", ref));
		return ref;
	}

	/**
	 * Awaits the answer to an event sent with a callback.
	 * @param ref the reference returned when sending
	 * @param timeout how long to wait
	 * @return the answer's arguments, binary values as binary nodes
	 */
	public ArrayNode awaitAck(String ref, Duration timeout) {
		JsonNode ack = this.process.await(referenced("ack", ref), "ack " + ref, timeout);
		return (ArrayNode) SioJson.decode(ack.get("args"));
	}

	/**
	 * Awaits the failure of an {@link #emitWithAck}.
	 * @param ref the reference returned when sending
	 * @param timeout how long to wait
	 * @return the error's description ({@code message}…)
	 */
	public JsonNode awaitAckError(String ref, Duration timeout) {
		return this.process.await(referenced("ackError", ref), "ackError " + ref, timeout).get("error");
	}

	/**
	 * Sends {@code socket.emit(event, i)} for each {@code i} from 0 to {@code count - 1},
	 * in one go.
	 * @param socket the socket's name
	 * @param event the event name
	 * @param count how many events
	 */
	public void emitMany(String socket, String event, int count) {
		this.process.send(Map.of("cmd", "emitMany", "socket", socket, "event", event, "count", count));
	}

	/**
	 * Makes a socket answer an event (or {@code "*"}: any event without its own rule)
	 * with these arguments when the server asks for an acknowledgement. Returns once the
	 * rule is in force, as the other {@code answer} methods do.
	 * @param socket the socket's name
	 * @param event the event name
	 * @param args the answer
	 */
	public void answer(String socket, String event, Object... args) {
		this.process.send(Map.of("cmd", "answer", "socket", socket, "event", event, "args", SioJson.encode(args)));
		sync();
	}

	/**
	 * Makes a socket answer an event with the event's own arguments.
	 * @param socket the socket's name
	 * @param event the event name
	 */
	public void answerEcho(String socket, String event) {
		this.process.send(Map.of("cmd", "answer", "socket", socket, "event", event, "mode", "echo"));
		sync();
	}

	/**
	 * Makes a socket answer an event after a delay.
	 * @param socket the socket's name
	 * @param event the event name
	 * @param delay the delay
	 * @param args the answer
	 */
	public void answerAfter(String socket, String event, Duration delay, Object... args) {
		this.process.send(Map.of("cmd", "answer", "socket", socket, "event", event, "mode", "delay", "delay",
				delay.toMillis(), "args", SioJson.encode(args)));
		sync();
	}

	/**
	 * Makes a socket leave an event unanswered.
	 * @param socket the socket's name
	 * @param event the event name
	 */
	public void neverAnswer(String socket, String event) {
		this.process.send(Map.of("cmd", "answer", "socket", socket, "event", event, "mode", "never"));
		sync();
	}

	/**
	 * Awaits the end of every command sent before.
	 */
	public void sync() {
		String ref = "s" + this.refs.incrementAndGet();
		this.process.send(Map.of("cmd", "sync", "ref", ref));
		this.process.await(referenced("synced", ref), "synced " + ref, Duration.ofSeconds(20));
	}

	/**
	 * Sends {@code socket.disconnect()}.
	 * @param socket the socket's name
	 */
	public void disconnect(String socket) {
		this.process.send(Map.of("cmd", "disconnect", "socket", socket));
	}

	/**
	 * Connects a socket again ({@code socket.connect()}), with new auth data.
	 * @param socket the socket's name
	 * @param auth the auth payload
	 */
	public void open(String socket, Object auth) {
		this.process.send(Map.of("cmd", "open", "socket", socket, "auth", auth));
	}

	/**
	 * Connects a socket again ({@code socket.connect()}) with the auth data it had: after
	 * a lost connection, the client sends its private session id and last offset
	 * (connection state recovery).
	 * @param socket the socket's name
	 */
	public void reopen(String socket) {
		this.process.send(Map.of("cmd", "open", "socket", socket));
	}

	/**
	 * Connects a socket again, as {@link #reopen(String)} does, to another server: its
	 * Manager connects to this URL from now on (a load balancer sending the client
	 * elsewhere).
	 * @param socket the socket's name
	 * @param url the other server's base URL
	 */
	public void reopen(String socket, String url) {
		this.process.send(Map.of("cmd", "open", "socket", socket, "url", url));
	}

	/**
	 * Terminates the WebSocket of a socket's connection, without close frame: the
	 * connection is lost, as when a network fails.
	 * @param socket the socket's name
	 */
	public void cut(String socket) {
		this.process.send(Map.of("cmd", "cut", "socket", socket));
	}

	/**
	 * Makes the connection of a socket stop answering the server's pings.
	 * @param socket the socket's name
	 */
	public void stopPongs(String socket) {
		this.process.send(Map.of("cmd", "stopPongs", "socket", socket));
	}

	/**
	 * Awaits the next event a socket received from the server.
	 * @param socket the socket's name
	 * @param name the event name
	 * @param timeout how long to wait
	 * @return the report: {@code name}, {@code args} (see {@link #args}), {@code ack}
	 */
	public JsonNode awaitEvent(String socket, String name, Duration timeout) {
		return this.process.await(event(socket, name), "event '" + name + "' on " + socket, timeout);
	}

	/**
	 * Awaits the next events of a name a socket received from the server.
	 * @param socket the socket's name
	 * @param name the event name
	 * @param count how many
	 * @param timeout how long to wait for all of them
	 * @return the reports, in order
	 */
	public List<JsonNode> awaitEvents(String socket, String name, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<JsonNode> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
			events.add(this.process.await(event(socket, name), (i + 1) + ". event '" + name + "' of " + count + " on "
					+ socket + " (" + events.size() + " received)", left));
		}
		return events;
	}

	/**
	 * Returns every event a socket received so far, handed out or not.
	 * @param socket the socket's name
	 * @return the reports, in order
	 */
	public List<JsonNode> received(String socket) {
		return this.process.events().stream().filter(report("event", socket)).toList();
	}

	/**
	 * Returns the decoded arguments of an {@code event} report.
	 * @param event the report
	 * @return the arguments, binary values as binary nodes
	 */
	public static ArrayNode args(JsonNode event) {
		return (ArrayNode) SioJson.decode(event.get("args"));
	}

	private static Predicate<JsonNode> report(String kind, String socket) {
		return (event) -> kind.equals(event.path("event").asString(""))
				&& socket.equals(event.path("socket").asString(""));
	}

	private static Predicate<JsonNode> event(String socket, String name) {
		return report("event", socket).and((event) -> name.equals(event.path("name").asString("")));
	}

	private static Predicate<JsonNode> referenced(String kind, String ref) {
		return (event) -> kind.equals(event.path("event").asString("")) && ref.equals(event.path("ref").asString(""));
	}

	/**
	 * The transports a client may use, as the client's {@code transports} option.
	 */
	public enum Transport {

		/** The client's defaults: polling, then an upgrade to WebSocket. */
		UPGRADED(null),

		/** WebSocket only. */
		WEBSOCKET(List.of("websocket")),

		/** Long-polling only. */
		POLLING(List.of("polling"));

		private final @Nullable List<String> transports;

		Transport(@Nullable List<String> transports) {
			this.transports = transports;
		}

		/**
		 * Returns the client options selecting these transports, with reconnection off (a
		 * test reconnects explicitly).
		 * @return the options
		 */
		public Map<String, Object> options() {
			Map<String, Object> options = new LinkedHashMap<>();
			if (this.transports != null) {
				options.put("transports", this.transports);
			}
			options.put("reconnection", false);
			return options;
		}

		@Override
		public String toString() {
			return Objects.toString(this.transports, "[polling, websocket]");
		}

	}

}
