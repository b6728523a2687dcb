package io.github.socketiospringboot.internal.engine;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.util.concurrent.FastThreadLocal;
import org.jspecify.annotations.Nullable;

/**
 * Groups the writes one thread makes to many connections, such as the deliveries of one
 * broadcast, so that each event loop involved gets them in one hand-over when the batch
 * ends, instead of one per connection, and then writes to all of its connections in one
 * task.
 *
 * <p>
 * Batches nest: only the end of the outermost one hands the writes over. Frames keep
 * their order on each connection, and the writes one thread makes keep their order
 * whether they were batched or not; a batch only defers when the event loops start
 * writing them.
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

	private Object[] keys = new Object[4];

	private Object[] gathered = new Object[4];

	private Consumer<?>[] ends = new Consumer<?>[4];

	private int size;

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
	 * Returns the batch open on the calling thread.
	 * @return the open batch, or {@code null} when none is
	 */
	public static @Nullable WriteBatch current() {
		WriteBatch batch = current.getIfExists();
		return (batch != null && batch.depth > 0) ? batch : null;
	}

	/**
	 * Returns what a writer (one per event loop, say) has gathered in this batch so far,
	 * creating it on the writer's first write; when the outermost batch ends, it is
	 * handed to {@code onEnd}. For transports; applications only open and close batches.
	 * @param <T> the type of what is gathered
	 * @param writer the writer, compared by identity
	 * @param factory creates what is gathered, on the writer's first write in the batch
	 * @param onEnd hands what was gathered over, when the batch ends
	 * @return what the writer gathers in this batch
	 */
	@SuppressWarnings("unchecked")
	public <T> T gather(Object writer, Supplier<T> factory, Consumer<T> onEnd) {
		for (int i = 0; i < this.size; i++) {
			if (this.keys[i] == writer) {
				return (T) this.gathered[i];
			}
		}
		if (this.size == this.keys.length) {
			int length = this.size * 2;
			this.keys = Arrays.copyOf(this.keys, length);
			this.gathered = Arrays.copyOf(this.gathered, length);
			this.ends = Arrays.copyOf(this.ends, length);
		}
		T created = factory.get();
		this.keys[this.size] = writer;
		this.gathered[this.size] = created;
		this.ends[this.size] = onEnd;
		this.size++;
		return created;
	}

	/**
	 * Ends this batch; the outermost end hands what was gathered over.
	 */
	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void close() {
		if (--this.depth > 0) {
			return;
		}
		int count = this.size;
		try {
			for (int i = 0; i < count; i++) {
				((Consumer) this.ends[i]).accept(this.gathered[i]);
			}
		}
		finally {
			Arrays.fill(this.keys, 0, count, null);
			Arrays.fill(this.gathered, 0, count, null);
			Arrays.fill(this.ends, 0, count, null);
			this.size = 0;
		}
	}

}
