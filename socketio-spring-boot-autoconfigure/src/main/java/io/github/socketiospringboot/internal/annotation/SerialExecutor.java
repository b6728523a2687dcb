package io.github.socketiospringboot.internal.annotation;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.scheduler.Scheduler;

/**
 * Runs the blocking handlers of one socket one after the other, in submission order, on
 * worker threads; {@link #offer} bounds how many may wait.
 */
final class SerialExecutor implements Executor {

	private static final Log logger = LogFactory.getLog(SerialExecutor.class);

	private final Scheduler scheduler;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger pending = new AtomicInteger();

	SerialExecutor(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public void execute(Runnable task) {
		this.tasks.add(task);
		if (this.pending.getAndIncrement() == 0) {
			this.scheduler.schedule(this::drain);
		}
	}

	/**
	 * Runs a task after the others, unless as many as {@code limit} wait already.
	 * @param task the task
	 * @param limit the most tasks that may wait
	 * @return whether the task was taken
	 */
	boolean offer(Runnable task, int limit) {
		if (this.pending.get() >= limit) {
			return false;
		}
		execute(task);
		return true;
	}

	private void drain() {
		int missed = 1;
		do {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.error("Blocking handler failed", ex);
				}
			}
			missed = this.pending.addAndGet(-missed);
		}
		while (missed != 0);
	}

}
