package io.github.socketiospringboot.test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A raw Engine.IO/Socket.IO client over the JDK {@link WebSocket}: every frame the server
 * sends goes, in order, into a queue that the test reads with a timeout. By default it
 * answers each ping {@code 2} with a pong {@code 3} at once (from the receiving thread,
 * so that a busy test thread cannot miss a short ping timeout); the pings are queued all
 * the same.
 */
public final class RawWebSocket implements AutoCloseable {

	/** How long any single wait may take. */
	public static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** One client for every test: its selector thread is shared. */
	public static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final boolean autoPong;

	private volatile @Nullable WebSocket socket;

	private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

	private RawWebSocket(boolean autoPong) {
		this.autoPong = autoPong;
	}

	/**
	 * Opens a WebSocket that answers pings by itself.
	 * @param uri where to connect
	 * @return the open socket
	 */
	public static RawWebSocket open(URI uri) {
		return open(uri, true);
	}

	/**
	 * Opens a WebSocket.
	 * @param uri where to connect
	 * @param autoPong whether to answer each ping with a pong by itself
	 * @return the open socket
	 */
	public static RawWebSocket open(URI uri, boolean autoPong) {
		RawWebSocket raw = new RawWebSocket(autoPong);
		await(HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, raw.new Listener()),
				"WebSocket handshake with " + uri);
		return raw;
	}

	/**
	 * Checks that the server refuses a WebSocket, either before the upgrade or by closing
	 * it right after.
	 * @param uri where to connect
	 */
	public static void assertRefusedOrClosed(URI uri) {
		RawWebSocket raw = new RawWebSocket(false);
		try {
			HTTP.newWebSocketBuilder()
				.connectTimeout(TIMEOUT)
				.buildAsync(uri, raw.new Listener())
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			// refused before the upgrade
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No answer to the WebSocket handshake with " + uri + " within " + TIMEOUT);
		}
		try {
			raw.awaitClosed();
		}
		finally {
			raw.close();
		}
	}

	/**
	 * Opens a WebSocket-only Engine.IO session and reads its open packet.
	 * @param server the server
	 * @return the open socket, its open packet consumed
	 */
	public static RawWebSocket openSession(TestSocketIOServer server) {
		RawWebSocket raw = open(server.ws("EIO=4&transport=websocket"));
		assertThat(raw.nextText()).startsWith("0");
		return raw;
	}

	/**
	 * Opens a WebSocket-only session and joins the main namespace, consuming the CONNECT
	 * answer and what the connection handlers sent first.
	 * @param server the server
	 * @param packetsAfterConnect how many packets the connection handlers send
	 * @return the connected socket
	 */
	public static RawWebSocket connect(TestSocketIOServer server, int packetsAfterConnect) {
		RawWebSocket raw = openSession(server);
		raw.send("40");
		assertThat(raw.nextPacket()).startsWith("40{");
		for (int i = 0; i < packetsAfterConnect; i++) {
			raw.nextPacket();
		}
		return raw;
	}

	/**
	 * Sends a text frame and waits until it was handed to the network.
	 * @param text the frame's text
	 */
	public void send(String text) {
		await(enqueue((ws) -> ws.sendText(text, true)), "sending " + text);
	}

	/**
	 * Sends a binary frame and waits until it was handed to the network.
	 * @param bytes the frame's bytes
	 */
	public void send(byte[] bytes) {
		await(enqueue((ws) -> ws.sendBinary(ByteBuffer.wrap(bytes), true)), "sending binary frame");
	}

	// the JDK WebSocket takes one send at a time: each send waits for the previous one
	private synchronized CompletableFuture<WebSocket> enqueue(Function<WebSocket, CompletableFuture<WebSocket>> send) {
		WebSocket ws = this.socket;
		assertThat(ws).as("open WebSocket").isNotNull();
		CompletableFuture<WebSocket> next = this.sending.handle((previous, error) -> ws).thenCompose(send);
		this.sending = next;
		return next;
	}

	/**
	 * Waits for the next frame, pings included.
	 * @return the frame
	 */
	public Frame nextFrame() {
		try {
			Frame frame = this.frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (frame == null) {
				throw new AssertionError("Nothing received within " + TIMEOUT
						+ (this.closed.isDone() ? " (the connection is closed)" : ""));
			}
			return frame;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits for the next frame, pings included, and checks it is a text frame.
	 * @return its text
	 */
	public String nextText() {
		Frame frame = nextFrame();
		assertThat(frame).as("next frame").isInstanceOf(Text.class);
		return ((Text) frame).text();
	}

	/**
	 * Waits for the next frame that is not a ping.
	 * @return the frame
	 */
	public Frame nextNonPing() {
		Frame frame = nextFrame();
		while (frame instanceof Text text && "2".equals(text.text())) {
			frame = nextFrame();
		}
		return frame;
	}

	/**
	 * Waits for the next text frame that is not a ping.
	 * @return its text
	 */
	public String nextPacket() {
		Frame frame = nextNonPing();
		assertThat(frame).as("next frame").isInstanceOf(Text.class);
		return ((Text) frame).text();
	}

	/**
	 * Waits for the next binary frame, skipping pings.
	 * @return its bytes
	 */
	public byte[] nextBinary() {
		Frame frame = nextNonPing();
		assertThat(frame).as("next frame").isInstanceOf(Binary.class);
		return ((Binary) frame).bytes();
	}

	/**
	 * Waits for the server to close the connection.
	 */
	public void awaitClosed() {
		try {
			this.closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("The server did not close the connection within " + TIMEOUT);
		}
	}

	/**
	 * Tells whether the connection has ended.
	 * @return whether a close or an error was received
	 */
	public boolean isClosed() {
		return this.closed.isDone();
	}

	/**
	 * Closes the connection from the client side with a close frame (an Engine.IO
	 * "transport close").
	 */
	@Override
	public void close() {
		WebSocket ws = this.socket;
		if (ws == null || this.closed.isDone()) {
			if (ws != null) {
				ws.abort();
			}
			return;
		}
		try {
			enqueue((current) -> current.sendClose(WebSocket.NORMAL_CLOSURE, "")).get(TIMEOUT.toMillis(),
					TimeUnit.MILLISECONDS);
			this.closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// the connection is gone either way
		}
		finally {
			ws.abort();
		}
	}

	/**
	 * Parses JSON.
	 * @param json the text
	 * @return the tree
	 */
	public static JsonNode json(String json) {
		return JsonMapper.shared().readTree(json);
	}

	/**
	 * Waits for a future.
	 * @param <T> the result type
	 * @param future the future
	 * @param what what is awaited, for the failure message
	 * @return the result
	 */
	public static <T> T await(CompletableFuture<T> future, String what) {
		try {
			return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(what + " failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError(what + " did not complete within " + TIMEOUT, ex);
		}
	}

	/**
	 * A frame received.
	 */
	public sealed interface Frame permits Text, Binary {

	}

	/**
	 * A text frame.
	 *
	 * @param text the text
	 */
	public record Text(String text) implements Frame {

	}

	/**
	 * A binary frame.
	 *
	 * @param bytes the bytes
	 */
	public record Binary(byte[] bytes) implements Frame {

		@Override
		public String toString() {
			return "Binary" + java.util.Arrays.toString(this.bytes);
		}

	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

		@Override
		public void onOpen(WebSocket webSocket) {
			RawWebSocket.this.socket = webSocket;
			webSocket.request(Long.MAX_VALUE);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String message = this.text.toString();
				this.text.setLength(0);
				if (RawWebSocket.this.autoPong && "2".equals(message)) {
					enqueue((ws) -> ws.sendText("3", true));
				}
				RawWebSocket.this.frames.add(new Text(message));
			}
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			if (last) {
				RawWebSocket.this.frames.add(new Binary(this.binary.toByteArray()));
				this.binary.reset();
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			RawWebSocket.this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			RawWebSocket.this.closed.complete(-1);
		}

	}

}
