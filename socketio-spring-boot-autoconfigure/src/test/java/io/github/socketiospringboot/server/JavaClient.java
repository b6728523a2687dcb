package io.github.socketiospringboot.server;

import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.socketiospringboot.test.RawWebSocket;
import io.github.socketiospringboot.test.TestSocketIOServer;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Java client ({@code io.socket:socket.io-client}) for tests. Its callbacks
 * run on the client's own threads: every incoming event is queued, in order, for the test
 * thread to read with a timeout, and results of acknowledgements are handed over through
 * futures.
 */
final class JavaClient implements AutoCloseable {

	private final Socket socket;

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private JavaClient(Socket socket) {
		this.socket = socket;
		socket.onAnyIncoming((args) -> this.events.add(new Event((String) args[0], Arrays.copyOfRange(args, 1,
				(args.length > 1 && args[args.length - 1] instanceof Ack) ? args.length - 1 : args.length))));
	}

	/**
	 * Options for a client with its own connection that does not reconnect.
	 * @param transports the transports, or none for the default (polling, then upgrade)
	 * @return the options
	 */
	static IO.Options options(String... transports) {
		IO.Options options = IO.Options.builder()
			.setForceNew(true)
			.setReconnection(false)
			.setTimeout(RawWebSocket.TIMEOUT.toMillis())
			.build();
		if (transports.length > 0) {
			options.transports = transports;
		}
		return options;
	}

	/**
	 * Connects a client to a namespace over WebSocket only.
	 * @param server the server
	 * @param namespace the namespace
	 * @return the connected client
	 */
	static JavaClient connect(TestSocketIOServer server, String namespace) {
		return connect(server, namespace, options("websocket"));
	}

	/**
	 * Connects a client to a namespace.
	 * @param server the server
	 * @param namespace the namespace
	 * @param options the options
	 * @return the connected client
	 */
	static JavaClient connect(TestSocketIOServer server, String namespace, IO.Options options) {
		return of(IO.socket(URI.create(server.url() + namespace), options)).connect();
	}

	/**
	 * Wraps a socket not connected yet.
	 * @param socket the socket
	 * @return the client
	 */
	static JavaClient of(Socket socket) {
		return new JavaClient(socket);
	}

	/**
	 * Connects and waits for the server's CONNECT answer.
	 * @return this client
	 */
	JavaClient connect() {
		CompletableFuture<Void> connected = new CompletableFuture<>();
		this.socket.once(Socket.EVENT_CONNECT, (args) -> connected.complete(null));
		this.socket.once(Socket.EVENT_CONNECT_ERROR,
				(args) -> connected.completeExceptionally(new IllegalStateException("connect_error " + args[0])));
		this.socket.connect();
		RawWebSocket.await(connected, "connection of the Java client");
		return this;
	}

	/**
	 * Connects and waits for the server's refusal.
	 * @return the argument of the client's {@code connect_error} event
	 */
	Object connectError() {
		CompletableFuture<Object> refused = new CompletableFuture<>();
		this.socket.once(Socket.EVENT_CONNECT,
				(args) -> refused.completeExceptionally(new AssertionError("connected")));
		this.socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> refused.complete(args[0]));
		this.socket.connect();
		return RawWebSocket.await(refused, "refusal of the Java client");
	}

	Socket socket() {
		return this.socket;
	}

	/**
	 * Returns the socket id the server gave in its CONNECT answer.
	 * @return the id
	 */
	String id() {
		return this.socket.id();
	}

	void emit(String event, Object... args) {
		this.socket.emit(event, args);
	}

	/**
	 * Sends an event with an acknowledgement callback and waits for the server's answer.
	 * @param event the event name
	 * @param args the arguments
	 * @return the answer's arguments
	 */
	Object[] emitWithAck(String event, Object... args) {
		CompletableFuture<Object[]> answer = new CompletableFuture<>();
		this.socket.emit(event, args, answer::complete);
		return RawWebSocket.await(answer, "acknowledgement of " + event);
	}

	/**
	 * Answers each event of a name with an acknowledgement.
	 * @param event the event name
	 * @param answer computes the answer's arguments from the event's
	 */
	void answer(String event, Function<Object[], Object[]> answer) {
		this.socket.on(event, (args) -> {
			Ack ack = (Ack) args[args.length - 1];
			ack.call(answer.apply(Arrays.copyOf(args, args.length - 1)));
		});
	}

	/**
	 * Waits for the next event.
	 * @return the event
	 */
	Event next() {
		try {
			Event event = this.events.poll(RawWebSocket.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (event == null) {
				throw new AssertionError("No event within " + RawWebSocket.TIMEOUT);
			}
			return event;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits for the next event and checks its name.
	 * @param name the expected name
	 * @return its arguments
	 */
	Object[] next(String name) {
		Event event = next();
		assertThat(event.name()).as("next event").isEqualTo(name);
		return event.args();
	}

	@Override
	public void close() {
		this.socket.disconnect();
	}

	/**
	 * An event received.
	 *
	 * @param name the event name
	 * @param args its arguments (without the acknowledgement callback)
	 */
	record Event(String name, @Nullable Object[] args) {

	}

}
