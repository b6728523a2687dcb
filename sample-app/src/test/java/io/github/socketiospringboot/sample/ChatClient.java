package io.github.socketiospringboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal Socket.IO client of the sample chat over a raw WebSocket (Engine.IO 4,
 * Socket.IO 5, main namespace, text only): enough to see what the server sends.
 */
final class ChatClient implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.shared();

	private final List<String> frames = new CopyOnWriteArrayList<>();

	private final AtomicInteger ackIds = new AtomicInteger();

	private final WebSocket socket;

	private volatile String id = "";

	private ChatClient(HttpClient http, int port) {
		this.socket = http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), new Listener())
			.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.join();
	}

	/**
	 * Connects to the main namespace of the sample application and waits for the server's
	 * CONNECT.
	 */
	static ChatClient connect(HttpClient http, int port) {
		ChatClient client = new ChatClient(http, port);
		JsonNode connect = client.awaitFrame("40", "the CONNECT packet");
		client.id = connect.get("sid").asString();
		return client;
	}

	String id() {
		return this.id;
	}

	/**
	 * Emits an event that asks for an acknowledgement and waits for the answer.
	 * @return the answer's arguments
	 */
	JsonNode emitWithAck(String event, Object arg) {
		int ackId = this.ackIds.incrementAndGet();
		this.socket.sendText("42" + ackId + json.writeValueAsString(List.of(event, arg)), true).join();
		return awaitFrame("43" + ackId, "the acknowledgement " + ackId);
	}

	/**
	 * Waits for an event whose first argument satisfies a condition.
	 * @return the first argument
	 */
	JsonNode awaitEvent(String event, java.util.function.Predicate<JsonNode> condition) {
		return awaitMatch(() -> {
			for (String frame : this.frames) {
				if (frame.startsWith("42[")) {
					JsonNode data = json.readTree(frame.substring(2));
					if (data.get(0).asString().equals(event) && condition.test(data.path(1))) {
						return data.path(1);
					}
				}
			}
			return null;
		}, "'" + event + "'");
	}

	private JsonNode awaitFrame(String prefix, String description) {
		return awaitMatch(() -> {
			for (String frame : this.frames) {
				if (frame.startsWith(prefix)) {
					return json.readTree(frame.substring(prefix.length()));
				}
			}
			return null;
		}, description);
	}

	private JsonNode awaitMatch(Supplier<@Nullable JsonNode> probe, String description) {
		AtomicReference<JsonNode> found = new AtomicReference<>();
		try {
			Awaitility.await(description).atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
				JsonNode match = probe.get();
				found.set(match);
				return match != null;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("No " + description + " within " + TIMEOUT + "; received " + this.frames, ex);
		}
		return found.get();
	}

	@Override
	public void close() {
		this.socket.abort();
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				String frame = this.partial.toString();
				this.partial.setLength(0);
				if (frame.equals("2")) {
					webSocket.sendText("3", true);
				}
				else if (frame.startsWith("0")) {
					webSocket.sendText("40", true);
				}
				else {
					ChatClient.this.frames.add(frame);
				}
			}
			return CompletableFuture.completedFuture(null);
		}

	}

}
