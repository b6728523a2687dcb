package io.github.socketiospringboot.internal.engine.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.socketiospringboot.internal.engine.WriteBatch;
import io.github.socketiospringboot.internal.engine.WriteExecutor;
import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The WebSocket writes of one event loop, shared by every connection the loop serves.
 *
 * <p>
 * Frames are written to channels without a flush; the connections written to are flushed
 * once per loop tick, so everything that piles up for a connection within a tick (several
 * broadcasts, pings, the acknowledgements of several reads) leaves in one {@code writev}.
 *
 * <p>
 * Writes from other threads reach the loop through one queue per loop, in the order they
 * were made, with at most one wake-up task in flight. Inside a {@link WriteBatch} they
 * are gathered into one run per loop that the batch's end hands over at once: a broadcast
 * from another thread costs each loop one queue entry and one task, however many of its
 * connections receive it. The loop's own writes first write whatever the queue holds, so
 * no frame overtakes one written before it.
 *
 * <p>
 * Everything but {@link #write} and {@link #execute} from another thread runs on the
 * loop.
 */
final class EventLoopWriter implements WriteExecutor {

	private static final Log logger = LogFactory.getLog(EventLoopWriter.class);

	private static final Map<EventLoop, EventLoopWriter> writers = new ConcurrentHashMap<>();

	/** Marks, in a run, the request to close the connection after what came before. */
	static final Object CLOSE = new Object();

	private final EventLoop loop;

	private final Queue<Run> submitted = PlatformDependent.newMpscQueue();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	private final Runnable drainTask = this::drainSubmitted;

	private final Runnable flushTask = this::flushDirty;

	private final Consumer<Run> submitter = this::submit;

	private final ArrayList<WebSocketWriter> dirty = new ArrayList<>();

	private boolean flushScheduled;

	private boolean draining;

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
	 * Writes a frame, or {@link #CLOSE}, to a connection of this loop: at once on the
	 * loop (after what the queue holds), otherwise through the queue.
	 * @param connection the connection
	 * @param item an {@code EngineFrame} whose reference the write consumes, or
	 * {@link #CLOSE}
	 */
	void write(WebSocketWriter connection, Object item) {
		if (this.loop.inEventLoop()) {
			if (!this.draining && !this.submitted.isEmpty()) {
				drainSubmitted();
			}
			connection.process(item);
			return;
		}
		handOver(connection, item);
	}

	/**
	 * Writes frames to a connection of this loop, with no other write between them.
	 * @param connection the connection
	 * @param frames the frames, whose references the write consumes
	 */
	void write(WebSocketWriter connection, List<EngineFrame> frames) {
		if (this.loop.inEventLoop()) {
			if (!this.draining && !this.submitted.isEmpty()) {
				drainSubmitted();
			}
			for (EngineFrame frame : frames) {
				connection.process(frame);
			}
			return;
		}
		WriteBatch batch = WriteBatch.current();
		// a batch's run belongs to this thread until the batch ends: nothing comes
		// between
		Run run = (batch != null) ? batch.gather(this, Run::new, this.submitter) : new Run(frames.size());
		for (EngineFrame frame : frames) {
			run.add(connection, frame);
		}
		if (batch == null) {
			submit(run);
		}
	}

	/**
	 * Tells whether work may run at once: on the loop, with nothing handed over before it
	 * still waiting (it would otherwise overtake that work, a socket's leave marked in
	 * the order of the writes for instance).
	 */
	@Override
	public boolean inLoop() {
		return this.loop.inEventLoop() && (this.draining || this.submitted.isEmpty());
	}

	@Override
	public <T> void execute(Task<T> task, T target) {
		if (this.loop.inEventLoop() && (this.draining || this.submitted.isEmpty())) {
			task.run(target);
			return;
		}
		handOver(target, task);
	}

	private void handOver(Object target, Object item) {
		WriteBatch batch = WriteBatch.current();
		if (batch != null) {
			batch.gather(this, Run::new, this.submitter).add(target, item);
		}
		else {
			Run run = new Run(1);
			run.add(target, item);
			submit(run);
		}
	}

	private void submit(Run run) {
		this.submitted.offer(run);
		if (!this.drainScheduled.getAndSet(true)) {
			try {
				this.loop.execute(this.drainTask);
			}
			catch (RejectedExecutionException ex) {
				// the loop is shutting down: nothing will be written any more
				Run abandoned;
				while ((abandoned = this.submitted.poll()) != null) {
					abandoned.abandon();
				}
			}
		}
	}

	/**
	 * Records, on the loop, a connection written to without a flush: it is flushed once
	 * the tasks and I/O events queued before the flush task have run.
	 * @param connection the connection
	 */
	void markDirty(WebSocketWriter connection) {
		if (!connection.dirty) {
			connection.dirty = true;
			this.dirty.add(connection);
		}
		if (!this.flushScheduled) {
			this.flushScheduled = true;
			this.loop.execute(this.flushTask);
		}
	}

	private void drainSubmitted() {
		if (this.draining) {
			return;
		}
		this.draining = true;
		try {
			this.drainScheduled.set(false);
			Run run;
			while ((run = this.submitted.poll()) != null) {
				run.process();
			}
		}
		finally {
			this.draining = false;
		}
	}

	private void flushDirty() {
		this.flushScheduled = false;
		ArrayList<WebSocketWriter> toFlush = this.dirty;
		// the size read on each pass: a flush can make a connection dirty (a failed write
		// closes its connection, whose close handlers write to others), and one added
		// here must be flushed too, not cleared while still marked dirty
		for (int i = 0; i < toFlush.size(); i++) {
			WebSocketWriter connection = toFlush.get(i);
			connection.dirty = false;
			connection.flush();
		}
		toFlush.clear();
	}

	/**
	 * Writes to connections of one loop, and tasks, in order, handed over together.
	 */
	private static final class Run {

		private Object[] targets;

		private Object[] items;

		private int size;

		Run() {
			// mostly a few connections: a broadcast to a small room, say
			this(4);
		}

		Run(int capacity) {
			this.targets = new Object[capacity];
			this.items = new Object[capacity];
		}

		void add(Object target, Object item) {
			if (this.size == this.targets.length) {
				int length = Math.max(4, this.size * 2);
				this.targets = Arrays.copyOf(this.targets, length);
				this.items = Arrays.copyOf(this.items, length);
			}
			this.targets[this.size] = target;
			this.items[this.size] = item;
			this.size++;
		}

		@SuppressWarnings("unchecked")
		void process() {
			Object[] to = this.targets;
			Object[] what = this.items;
			for (int i = 0, n = this.size; i < n; i++) {
				Object item = what[i];
				if (item instanceof Task<?> task) {
					try {
						((Task<Object>) task).run(to[i]);
					}
					catch (RuntimeException ex) {
						logger.error("Write task failed", ex);
					}
				}
				else {
					((WebSocketWriter) to[i]).process(item);
				}
			}
		}

		@SuppressWarnings("unchecked")
		void abandon() {
			for (int i = 0, n = this.size; i < n; i++) {
				Object item = this.items[i];
				if (item instanceof Task<?> task) {
					((Task<Object>) task).abandon(this.targets[i]);
				}
				else {
					((WebSocketWriter) this.targets[i]).abandon(item);
				}
			}
		}

	}

}
