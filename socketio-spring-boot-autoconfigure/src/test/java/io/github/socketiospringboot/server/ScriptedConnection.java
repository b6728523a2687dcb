package io.github.socketiospringboot.server;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineRequest;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.internal.engine.WriteExecutor;
import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A connection under a {@link Client}, for tests of what happens when it ends at a given
 * moment: it records what the server sends, and ends (telling the client, as the engine
 * does) inside the send of a given packet or inside the next check of whether it is open,
 * the earliest a client's close can reach the server from another thread.
 */
final class ScriptedConnection implements EngineSocket {

	final Queue<String> sent = new ConcurrentLinkedQueue<>();

	private final EngineRequest request = new EngineRequest(URI.create("http://localhost/socket.io/?EIO=4"),
			HttpHeaders.EMPTY, null, false, Instant.now(), null);

	private @Nullable Client client;

	private volatile boolean open = true;

	private volatile @Nullable String closeOnSending;

	private volatile boolean closeAtNextOpenCheck;

	private @Nullable Loop loop;

	/**
	 * Opens a client on a new connection of a server.
	 * @param server the server
	 * @return the connection, whose {@link #client()} is open
	 */
	static ScriptedConnection open(SocketIOServer server) {
		ScriptedConnection connection = new ScriptedConnection();
		connection.client = new Client(server, connection);
		return connection;
	}

	/**
	 * Opens a client on a new connection of a server whose writes, as on a WebSocket, go
	 * through an event loop: a {@link Loop} that runs what was handed to it, in order,
	 * when the test says so.
	 * @param server the server
	 * @return the connection, whose {@link #client()} is open
	 */
	static ScriptedConnection openOnLoop(SocketIOServer server) {
		ScriptedConnection connection = new ScriptedConnection();
		connection.loop = new Loop();
		connection.client = new Client(server, connection);
		return connection;
	}

	/**
	 * Returns the connection's event loop.
	 * @return the loop
	 */
	Loop loop() {
		Loop current = this.loop;
		if (current == null) {
			throw new IllegalStateException("No loop");
		}
		return current;
	}

	Client client() {
		Client current = this.client;
		if (current == null) {
			throw new IllegalStateException("Not open");
		}
		return current;
	}

	/**
	 * Makes the connection end as the server sends a packet.
	 * @param packet the packet's text (Engine.IO type included), such as {@code 41}
	 */
	void closeOnSending(String packet) {
		this.closeOnSending = packet;
	}

	/**
	 * Makes the connection end inside the next check of whether it is open, which still
	 * answers that it is.
	 */
	void closeAtNextOpenCheck() {
		this.closeAtNextOpenCheck = true;
	}

	/**
	 * Ends the connection now, on the caller's thread, telling the client as the engine
	 * does.
	 */
	void end() {
		this.open = false;
		client().onClose(EngineCloseReason.TRANSPORT_CLOSE, null);
	}

	@Override
	public String id() {
		return "scripted";
	}

	@Override
	public EngineRequest request() {
		return this.request;
	}

	@Override
	public TransportType transport() {
		return TransportType.WEBSOCKET;
	}

	@Override
	public boolean isOpen() {
		boolean wasOpen = this.open;
		if (wasOpen && this.closeAtNextOpenCheck) {
			this.closeAtNextOpenCheck = false;
			end();
		}
		return wasOpen;
	}

	@Override
	public boolean isWritable() {
		return this.open;
	}

	@Override
	public @Nullable WriteExecutor writeExecutor() {
		return this.loop;
	}

	@Override
	public void send(EngineFrame frame) {
		String text = frame.content().toString(StandardCharsets.UTF_8);
		Loop current = this.loop;
		if (current != null && !current.inLoop()) {
			// written from another thread: reaches the wire when the loop runs it
			current.pending.add(() -> record(text));
			return;
		}
		record(text);
	}

	private void record(String text) {
		this.sent.add(text);
		if (this.open && text.equals(this.closeOnSending)) {
			end();
		}
	}

	@Override
	public void send(List<EngineFrame> frames) {
		frames.forEach(this::send);
	}

	@Override
	public void close() {
		this.open = false;
	}

	/**
	 * The event loop of a connection, run by the test: writes and tasks handed over from
	 * other threads wait, in order, for {@link #runPending()}; on the loop (inside it, or
	 * in {@link #runOnLoop}) they run at once.
	 */
	static final class Loop implements WriteExecutor {

		private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();

		private boolean inLoop;

		@Override
		public boolean inLoop() {
			return this.inLoop;
		}

		@Override
		public <T> void execute(Task<T> task, T target) {
			this.pending.add(() -> task.run(target));
		}

		/**
		 * Runs on the loop what was handed to it, in order.
		 */
		void runPending() {
			runOnLoop(() -> {
				Runnable next;
				while ((next = this.pending.poll()) != null) {
					next.run();
				}
			});
		}

		/**
		 * Runs an action on the loop, before what waits for it.
		 * @param action the action
		 */
		void runOnLoop(Runnable action) {
			this.inLoop = true;
			try {
				action.run();
			}
			finally {
				this.inLoop = false;
			}
		}

	}

}
