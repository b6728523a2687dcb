package io.github.socketiospringboot.adapter.redis;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs tasks one at a time in the order they came, on the thread that submits while none
 * runs (the others only queue theirs): the state a task touches needs no lock, and no
 * thread ever waits for another, so tasks may be submitted from Lettuce's I/O threads and
 * the server's event loops alike. Tasks must not block.
 */
final class SerialExecutor implements Executor {

	private static final Log logger = LogFactory.getLog(SerialExecutor.class);

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger pending = new AtomicInteger();

	@Override
	public void execute(Runnable task) {
		this.tasks.add(task);
		if (this.pending.getAndIncrement() != 0) {
			return;
		}
		do {
			Runnable next = this.tasks.poll();
			try {
				next.run();
			}
			catch (RuntimeException ex) {
				logger.error("A task of the Socket.IO Redis adapter failed", ex);
			}
		}
		while (this.pending.decrementAndGet() != 0);
	}

}
