package io.github.socketiospringboot.test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client over the JDK {@link WebSocket} for tests: what the server sends is
 * collected, in order, into a queue that tests read with a timeout.
 */
public final class TestWebSocket implements AutoCloseable {

	/** How long any single wait may take. */
	public static final Duration TIMEOUT = PollingClient.TIMEOUT;

	private final BlockingQueue<Event> events;

	private final WebSocket socket;

	private TestWebSocket(WebSocket socket, BlockingQueue<Event> events) {
		this.socket = socket;
		this.events = events;
	}

	/**
	 * Opens a WebSocket and waits for the opening handshake.
	 * @param http the client
	 * @param uri where to connect
	 * @return the open socket
	 */
	public static TestWebSocket connect(HttpClient http, URI uri) {
		return connect(http, uri, Map.of());
	}

	/**
	 * Opens a WebSocket with extra request headers and waits for the opening handshake.
	 * @param http the client
	 * @param uri where to connect
	 * @param headers the extra headers
	 * @return the open socket
	 */
	public static TestWebSocket connect(HttpClient http, URI uri, Map<String, String> headers) {
		BlockingQueue<Event> events = new LinkedBlockingQueue<>();
		try {
			return new TestWebSocket(build(http, uri, headers, events).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
					events);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("WebSocket handshake failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No WebSocket handshake within " + TIMEOUT, ex);
		}
	}

	/**
	 * Tries to open a WebSocket that the server is expected to refuse before the upgrade.
	 * @param http the client
	 * @param uri where to connect
	 * @param headers the extra headers
	 * @return the HTTP status the server refused the handshake with
	 */
	public static int refusedStatus(HttpClient http, URI uri, Map<String, String> headers) {
		CompletableFuture<WebSocket> attempt = build(http, uri, headers, new LinkedBlockingQueue<>());
		try {
			WebSocket unexpected = attempt.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			unexpected.abort();
			throw new AssertionError("The WebSocket handshake to " + uri + " succeeded");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() instanceof CompletionException wrapped) ? wrapped.getCause()
					: ex.getCause();
			assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
			return ((WebSocketHandshakeException) cause).getResponse().statusCode();
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No answer to the WebSocket handshake within " + TIMEOUT, ex);
		}
	}

	private static CompletableFuture<WebSocket> build(HttpClient http, URI uri, Map<String, String> headers,
			BlockingQueue<Event> events) {
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
		headers.forEach(builder::header);
		return builder.buildAsync(uri, new QueueingListener(events));
	}

	/**
	 * Sends a text frame.
	 * @param text the frame's text
	 */
	public void send(String text) {
		PollingClient.join(this.socket.sendText(text, true));
	}

	/**
	 * Sends a binary frame.
	 * @param bytes the frame's bytes
	 */
	public void send(byte[] bytes) {
		PollingClient.join(this.socket.sendBinary(ByteBuffer.wrap(bytes), true));
	}

	/**
	 * Waits for the next thing the server sends.
	 * @return the event
	 */
	public Event next() {
		try {
			Event event = this.events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (event == null) {
				throw new AssertionError("Nothing received within " + TIMEOUT);
			}
			return event;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits for the next frame and checks that it is a text frame.
	 * @return its text
	 */
	public String nextText() {
		Event event = next();
		assertThat(event).isInstanceOf(Text.class);
		return ((Text) event).text();
	}

	/**
	 * Waits for the open packet that starts a WebSocket-only session.
	 * @return the session id it carries
	 */
	public String awaitOpen() {
		String open = nextText();
		assertThat(open).startsWith("0");
		return JsonMapper.shared().readTree(open.substring(1)).get("sid").asString();
	}

	/**
	 * Waits for the next frame other than a ping, answering pings with pongs as a real
	 * client would, so that a heartbeat falling in the middle of a test that is not about
	 * the heartbeat cannot make it fail.
	 * @return the frame
	 */
	public Event nextSkippingPings() {
		while (true) {
			Event event = next();
			if (event instanceof Text text && text.text().equals("2")) {
				send("3");
			}
			else {
				return event;
			}
		}
	}

	/**
	 * Waits until the server has closed the connection, ignoring the frames before.
	 * @return how it was closed
	 */
	public Event awaitClosed() {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			Event event = next();
			if (event instanceof Closed || event instanceof Failed) {
				return event;
			}
		}
		throw new AssertionError("The server did not close the WebSocket within " + TIMEOUT);
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			try {
				this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// the connection is already gone: nothing to close politely
			}
		}
		this.socket.abort();
	}

	/**
	 * Something the server sent or did.
	 */
	public sealed interface Event permits Text, Binary, Closed, Failed {

	}

	/**
	 * A text frame.
	 *
	 * @param text the frame's text
	 */
	public record Text(String text) implements Event {

	}

	/**
	 * A binary frame.
	 *
	 * @param bytes the frame's bytes
	 */
	public record Binary(byte[] bytes) implements Event {

		@Override
		public boolean equals(Object other) {
			return other instanceof Binary binary && Arrays.equals(this.bytes, binary.bytes);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.bytes);
		}

		@Override
		public String toString() {
			return "Binary" + Arrays.toString(this.bytes);
		}

	}

	/**
	 * A close frame from the server.
	 *
	 * @param status the close status
	 * @param reason the close reason
	 */
	public record Closed(int status, String reason) implements Event {

	}

	/**
	 * The connection failed without a close frame.
	 *
	 * @param error the failure
	 */
	public record Failed(Throwable error) implements Event {

	}

	private static final class QueueingListener implements WebSocket.Listener {

		private final BlockingQueue<Event> events;

		private final StringBuilder text = new StringBuilder();

		private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

		QueueingListener(BlockingQueue<Event> events) {
			this.events = events;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.events.add(new Text(this.text.toString()));
				this.text.setLength(0);
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
				this.events.add(new Binary(this.binary.toByteArray()));
				this.binary.reset();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.events.add(new Closed(statusCode, reason));
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.events.add(new Failed(error));
		}

	}

}
