package io.github.socketiospringboot.engine;

import java.util.ArrayList;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Groups the writes one thread makes to many connections, such as the deliveries of one
 * broadcast, so that each event loop involved is woken once, when the batch ends, instead
 * of once per connection, and then writes to all of its connections in one task.
 *
 * <p>
 * Batches nest: only the end of the outermost one hands the writes over. Frames keep
 * their order on each connection; a batch only defers when the event loops start writing
 * them.
 *
 * <pre class="code">
 * try (WriteBatch batch = WriteBatch.begin()) {
 *     for (EngineSocket socket : recipients) {
 *         socket.send(frame);
 *     }
 * }
 * </pre>
 */
public final class WriteBatch implements AutoCloseable {

	private static final FastThreadLocal<WriteBatch> current = new FastThreadLocal<>() {

		@Override
		protected WriteBatch initialValue() {
			return new WriteBatch();
		}

	};

	private final ArrayList<Runnable> deferred = new ArrayList<>();

	private int depth;

	private WriteBatch() {
	}

	/**
	 * Starts a batch on the calling thread, or joins the one already open.
	 * @return the batch, to close on the same thread
	 */
	public static WriteBatch begin() {
		WriteBatch batch = current.get();
		batch.depth++;
		return batch;
	}

	/**
	 * Defers a hand-over task to the end of the calling thread's batch, if one is open.
	 * @param task the task that hands writes over to an event loop
	 * @return {@code false} when no batch is open: the caller runs the task itself
	 */
	public static boolean defer(Runnable task) {
		WriteBatch batch = current.getIfExists();
		if (batch == null || batch.depth == 0) {
			return false;
		}
		batch.deferred.add(task);
		return true;
	}

	/**
	 * Ends this batch; the outermost end runs the deferred hand-overs.
	 */
	@Override
	public void close() {
		if (--this.depth > 0) {
			return;
		}
		ArrayList<Runnable> tasks = this.deferred;
		try {
			for (int i = 0; i < tasks.size(); i++) {
				tasks.get(i).run();
			}
		}
		finally {
			tasks.clear();
		}
	}

}
