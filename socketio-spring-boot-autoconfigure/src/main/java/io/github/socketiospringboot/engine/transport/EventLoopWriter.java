package io.github.socketiospringboot.engine.transport;

import java.util.ArrayList;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.socketiospringboot.engine.WriteBatch;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;

/**
 * The WebSocket writes of one event loop, shared by every connection the loop serves.
 *
 * <p>
 * Frames are written to channels without a flush; the connections written to are flushed
 * once per loop tick, so everything that piles up for a connection within a tick (several
 * broadcasts, pings, the acknowledgements of several reads) leaves in one {@code writev}.
 * Connections that other threads wrote to are handed to the loop through one queue, with
 * at most one wake-up task in flight, rather than one task per connection: a broadcast
 * from another thread costs each loop one task, however many of its connections receive
 * it.
 *
 * <p>
 * Everything but {@link #submit} runs on the loop.
 */
final class EventLoopWriter {

	private static final Map<EventLoop, EventLoopWriter> writers = new ConcurrentHashMap<>();

	private final EventLoop loop;

	private final Queue<WebSocketTransport> submitted = PlatformDependent.newMpscQueue();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	private final Runnable drainTask = this::drainSubmitted;

	private final Runnable flushTask = this::flushDirty;

	private final Runnable wakeTask = this::wake;

	private final ArrayList<WebSocketTransport> dirty = new ArrayList<>();

	private boolean flushScheduled;

	private EventLoopWriter(EventLoop loop) {
		this.loop = loop;
	}

	/**
	 * Returns the writer of an event loop, created on first use and forgotten when the
	 * loop terminates.
	 * @param loop the event loop
	 * @return its writer
	 */
	static EventLoopWriter of(EventLoop loop) {
		EventLoopWriter writer = writers.get(loop);
		if (writer == null) {
			writer = writers.computeIfAbsent(loop, EventLoopWriter::new);
			loop.terminationFuture().addListener((future) -> writers.remove(loop));
		}
		return writer;
	}

	/**
	 * Returns the loop this writer serves.
	 * @return the event loop
	 */
	EventLoop loop() {
		return this.loop;
	}

	/**
	 * Hands over a connection whose queue another thread wrote to; the loop drains it in
	 * its next task, woken at once or, inside a {@link WriteBatch}, when the batch ends.
	 * Safe from any thread.
	 * @param transport the connection
	 */
	void submit(WebSocketTransport transport) {
		this.submitted.offer(transport);
		if (!this.drainScheduled.getAndSet(true) && !WriteBatch.defer(this.wakeTask)) {
			wake();
		}
	}

	private void wake() {
		try {
			this.loop.execute(this.drainTask);
		}
		catch (RejectedExecutionException ex) {
			// the loop is shutting down: nothing will be written any more
			WebSocketTransport transport;
			while ((transport = this.submitted.poll()) != null) {
				transport.abandon();
			}
		}
	}

	/**
	 * Records, on the loop, a connection written to without a flush: it is flushed once
	 * the tasks and I/O events queued before the flush task have run.
	 * @param transport the connection
	 */
	void markDirty(WebSocketTransport transport) {
		if (!transport.dirty) {
			transport.dirty = true;
			this.dirty.add(transport);
		}
		if (!this.flushScheduled) {
			this.flushScheduled = true;
			this.loop.execute(this.flushTask);
		}
	}

	private void drainSubmitted() {
		this.drainScheduled.set(false);
		WebSocketTransport transport;
		while ((transport = this.submitted.poll()) != null) {
			transport.drain();
		}
	}

	private void flushDirty() {
		this.flushScheduled = false;
		ArrayList<WebSocketTransport> toFlush = this.dirty;
		for (int i = 0, n = toFlush.size(); i < n; i++) {
			WebSocketTransport transport = toFlush.get(i);
			transport.dirty = false;
			transport.flush();
		}
		toFlush.clear();
	}

}
