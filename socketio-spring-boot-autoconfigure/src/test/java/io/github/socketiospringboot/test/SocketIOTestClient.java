package io.github.socketiospringboot.test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal Socket.IO v5 client over one WebSocket (Engine.IO v4, no polling) for tests:
 * joins namespaces, answers pings, reassembles binary events, records the events each
 * namespace receives and answers their acknowledgements as told.
 */
public final class SocketIOTestClient implements AutoCloseable {

	/** How long a wait may take. */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper mapper = JsonMapper.shared();

	private final WebSocket socket;

	private final Listener listener;

	private SocketIOTestClient(WebSocket socket, Listener listener) {
		this.socket = socket;
		this.listener = listener;
	}

	/**
	 * Opens the connection and joins the main namespace.
	 * @param http the HTTP client
	 * @param baseUri the server, {@code ws://127.0.0.1:PORT}
	 * @param query extra query parameters, e.g. {@code client=cA}
	 * @return the client, connected to {@code /}
	 */
	public static SocketIOTestClient connect(HttpClient http, String baseUri, String query) {
		Listener listener = new Listener();
		URI uri = URI.create(baseUri + "/socket.io/?EIO=4&transport=websocket" + (query.isEmpty() ? "" : "&" + query));
		WebSocket socket = http.newWebSocketBuilder()
			.connectTimeout(TIMEOUT)
			.buildAsync(uri, listener)
			.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.join();
		SocketIOTestClient client = new SocketIOTestClient(socket, listener);
		client.join("/");
		return client;
	}

	/**
	 * Joins a namespace and waits for the server's answer.
	 * @param namespace the namespace
	 * @return the socket id in that namespace
	 */
	public String join(String namespace) {
		CompletableFuture<String> sid = this.listener.joined.computeIfAbsent(namespace,
				(name) -> new CompletableFuture<>());
		send("40" + prefix(namespace));
		return sid.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	/**
	 * Returns the socket id in a namespace.
	 * @param namespace the namespace
	 * @return the id
	 */
	public String id(String namespace) {
		return this.listener.joined.get(namespace).join();
	}

	/**
	 * Returns the socket id in the main namespace.
	 * @return the id
	 */
	public String id() {
		return id("/");
	}

	/**
	 * Answers the events of a name that ask for an acknowledgement.
	 * @param event the event name
	 * @param answer computes the answer's arguments from the event's
	 */
	public void answer(String event, Function<ArrayNode, List<Object>> answer) {
		this.listener.answers.put(event, answer);
	}

	/**
	 * Sends an event.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param args the arguments
	 */
	public void emit(String namespace, String event, Object... args) {
		ArrayNode data = mapper.createArrayNode();
		data.add(event);
		for (Object arg : args) {
			data.add(mapper.<JsonNode>valueToTree(arg));
		}
		send("42" + prefix(namespace) + data);
	}

	/**
	 * Waits for the next event of a name in the main namespace.
	 * @param event the event name
	 * @return the event
	 */
	public Event await(String event) {
		return await("/", event);
	}

	/**
	 * Waits for the next event of a name in a namespace, skipping others.
	 * @param namespace the namespace
	 * @param event the event name
	 * @return the event
	 */
	public Event await(String namespace, String event) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			for (Event received : this.listener.events) {
				if (received.namespace().equals(namespace) && received.name().equals(event)
						&& this.listener.consumed.add(received)) {
					return received;
				}
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("No \"" + event + "\" in " + namespace + " within " + TIMEOUT + "; got "
						+ this.listener.events);
			}
			sleep(10);
		}
	}

	/**
	 * Returns the names of the events received so far in the main namespace.
	 * @return the names, in order
	 */
	public List<String> received() {
		List<String> names = new ArrayList<>();
		for (Event event : this.listener.events) {
			if (event.namespace().equals("/")) {
				names.add(event.name());
			}
		}
		return names;
	}

	/**
	 * Tells whether the server disconnected this client from a namespace.
	 * @param namespace the namespace
	 * @return whether it did
	 */
	public boolean disconnectedFrom(String namespace) {
		return this.listener.disconnected.contains(namespace);
	}

	/**
	 * Tells whether the connection is closed.
	 * @return whether it is
	 */
	public boolean isClosed() {
		return this.listener.closed.isDone();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String prefix(String namespace) {
		return "/".equals(namespace) ? "" : namespace + ",";
	}

	private void send(String text) {
		this.listener.send(this.socket, text);
	}

	@Override
	public void close() {
		this.socket.abort();
	}

	/**
	 * An event the server sent.
	 *
	 * @param namespace the namespace
	 * @param name the event name
	 * @param args the arguments, binary ones as binary nodes
	 * @param ackId the acknowledgement id, or -1
	 */
	public record Event(String namespace, String name, ArrayNode args, long ackId) {

		/**
		 * Returns one argument.
		 * @param index its index
		 * @return the argument
		 */
		public JsonNode arg(int index) {
			return this.args.get(index);
		}

	}

	private static final class Listener implements WebSocket.Listener {

		final Map<String, CompletableFuture<String>> joined = new ConcurrentHashMap<>();

		final List<Event> events = new CopyOnWriteArrayList<>();

		final java.util.Set<Event> consumed = java.util.Collections
			.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));

		final List<String> disconnected = new CopyOnWriteArrayList<>();

		final Map<String, Function<ArrayNode, List<Object>>> answers = new ConcurrentHashMap<>();

		final CompletableFuture<Void> closed = new CompletableFuture<>();

		private final StringBuilder text = new StringBuilder();

		private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

		private @Nullable Pending pending;

		private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

		synchronized void send(WebSocket socket, String text) {
			this.sending = this.sending.thenCompose((previous) -> socket.sendText(text, true));
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String frame = this.text.toString();
				this.text.setLength(0);
				onFrame(webSocket, frame);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			if (last) {
				byte[] attachment = this.binary.toByteArray();
				this.binary.reset();
				Pending current = this.pending;
				if (current != null) {
					current.attachments.add(attachment);
					if (current.attachments.size() == current.expected) {
						this.pending = null;
						deliver(webSocket, current.namespace,
								(ArrayNode) replacePlaceholders(current.data, current.attachments), current.ackId);
					}
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(null);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete(null);
		}

		private void onFrame(WebSocket socket, String frame) {
			if (frame.equals("2")) {
				send(socket, "3");
				return;
			}
			if (!frame.startsWith("4") || frame.length() < 2) {
				return;
			}
			char type = frame.charAt(1);
			int i = 2;
			int attachments = 0;
			if (type == '5' || type == '6') {
				int dash = frame.indexOf('-', i);
				attachments = Integer.parseInt(frame.substring(i, dash));
				i = dash + 1;
			}
			String namespace = "/";
			if (i < frame.length() && frame.charAt(i) == '/') {
				int comma = frame.indexOf(',', i);
				int end = (comma < 0) ? frame.length() : comma;
				namespace = frame.substring(i, end);
				i = (comma < 0) ? end : comma + 1;
			}
			int start = i;
			while (i < frame.length() && Character.isDigit(frame.charAt(i))) {
				i++;
			}
			long ackId = (i > start) ? Long.parseLong(frame.substring(start, i)) : -1;
			String payload = frame.substring(i);
			switch (type) {
				case '0' -> this.joined.computeIfAbsent(namespace, (name) -> new CompletableFuture<>())
					.complete(mapper.readTree(payload).get("sid").asString());
				case '1' -> this.disconnected.add(namespace);
				case '2' -> deliver(socket, namespace, (ArrayNode) mapper.readTree(payload), ackId);
				case '5' -> this.pending = new Pending(namespace, mapper.readTree(payload), ackId, attachments);
				default -> {
				}
			}
		}

		private void deliver(WebSocket socket, String namespace, ArrayNode data, long ackId) {
			String name = data.get(0).asString();
			ArrayNode args = JsonNodeFactory.instance.arrayNode();
			for (int i = 1; i < data.size(); i++) {
				args.add(data.get(i));
			}
			this.events.add(new Event(namespace, name, args, ackId));
			Function<ArrayNode, List<Object>> answer = this.answers.get(name);
			if (ackId >= 0 && answer != null) {
				send(socket, "43" + prefix(namespace) + ackId + mapper.valueToTree(answer.apply(args)));
			}
		}

		private static JsonNode replacePlaceholders(JsonNode node, List<byte[]> attachments) {
			if (node.isObject() && node.path("_placeholder").asBoolean(false)) {
				return JsonNodeFactory.instance.binaryNode(attachments.get(node.path("num").asInt()));
			}
			if (node.isArray()) {
				ArrayNode copy = JsonNodeFactory.instance.arrayNode();
				node.values().forEach((item) -> copy.add(replacePlaceholders(item, attachments)));
				return copy;
			}
			if (node.isObject()) {
				ObjectNode copy = JsonNodeFactory.instance.objectNode();
				node.properties().forEach((e) -> copy.set(e.getKey(), replacePlaceholders(e.getValue(), attachments)));
				return copy;
			}
			return node;
		}

		private static final class Pending {

			final String namespace;

			final JsonNode data;

			final long ackId;

			final int expected;

			final List<byte[]> attachments = new ArrayList<>();

			Pending(String namespace, JsonNode data, long ackId, int expected) {
				this.namespace = namespace;
				this.data = data;
				this.ackId = ackId;
				this.expected = expected;
			}

		}

	}

}
