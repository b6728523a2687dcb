package io.github.socketiospringboot.test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineHandler;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.internal.engine.EngineSocketListener;
import org.jspecify.annotations.Nullable;

/**
 * The application of the official Engine.IO suite (every message goes back to its sender,
 * text as text and binary as binary) that also remembers each session and how it ended.
 */
public final class RecordingEchoHandler implements EngineHandler {

	private final Map<String, CompletableFuture<EngineSocket>> sockets = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Close>> closes = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> closeCounts = new ConcurrentHashMap<>();

	@Override
	public EngineSocketListener onOpen(EngineSocket socket) {
		this.sockets.computeIfAbsent(socket.id(), (id) -> new CompletableFuture<>()).complete(socket);
		return new EngineSocketListener() {

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
				RecordingEchoHandler.this.closeCounts.computeIfAbsent(socket.id(), (id) -> new AtomicInteger())
					.incrementAndGet();
				closeOf(socket.id()).complete(new Close(reason, description));
			}

		};
	}

	/**
	 * Waits for the session with an id to be open.
	 * @param sid the session id
	 * @return the session
	 */
	public EngineSocket socket(String sid) {
		return PollingClient.join(this.sockets.computeIfAbsent(sid, (id) -> new CompletableFuture<>()));
	}

	/**
	 * Waits for the session with an id to end.
	 * @param sid the session id
	 * @return how it ended
	 */
	public Close awaitClose(String sid) {
		return PollingClient.join(closeOf(sid));
	}

	/**
	 * Tells whether the session with an id has ended.
	 * @param sid the session id
	 * @return whether its listener was told of its end
	 */
	public boolean isClosed(String sid) {
		return closeOf(sid).isDone();
	}

	/**
	 * Returns how many times the listener of a session was told that it ended.
	 * @param sid the session id
	 * @return the number of calls, which must never exceed one
	 */
	public int closeCount(String sid) {
		AtomicInteger count = this.closeCounts.get(sid);
		return (count != null) ? count.get() : 0;
	}

	private CompletableFuture<Close> closeOf(String sid) {
		return this.closes.computeIfAbsent(sid, (id) -> new CompletableFuture<>());
	}

	/**
	 * How a session ended, as its listener was told.
	 *
	 * @param reason the reason
	 * @param description the details, if any
	 */
	public record Close(EngineCloseReason reason, @Nullable String description) {

	}

}
