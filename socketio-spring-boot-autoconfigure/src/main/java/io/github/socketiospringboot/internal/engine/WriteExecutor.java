package io.github.socketiospringboot.internal.engine;

/**
 * Runs work on the event loop that writes to a connection, in order with the writes made
 * to it: a task handed over after a write runs after that write reached the channel, and
 * the writes made after the hand-over follow the task's. Inside a {@link WriteBatch} the
 * hand-over waits for the end of the batch and travels with the batch's other writes to
 * the same loop, so a broadcast costs each loop one hand-over however many of its
 * connections receive it.
 *
 * <p>
 * Broadcasts use it to deliver on each recipient's own loop: the thread that broadcasts
 * then only sorts recipients by loop, and each loop does the per-connection work with
 * that connection's state at hand.
 */
public interface WriteExecutor {

	/**
	 * Tells whether work may run at once: the calling thread is this executor's event
	 * loop, and nothing handed over to it before waits to run.
	 * @return whether the caller is on the loop, with nothing waiting
	 */
	boolean inLoop();

	/**
	 * Hands a task over to the loop, to run after the writes the calling thread made
	 * before; inside a {@link WriteBatch}, when the batch ends.
	 * @param <T> the type of the task's target
	 * @param task the task
	 * @param target what the task runs on
	 */
	<T> void execute(Task<T> task, T target);

	/**
	 * Work for one target, shared by many targets without an allocation per target.
	 *
	 * @param <T> the type of the target
	 */
	interface Task<T> {

		/**
		 * Runs the task for one target, on the loop.
		 * @param target the target
		 */
		void run(T target);

		/**
		 * Drops the task for one target because the loop is shutting down; releases what
		 * the task holds.
		 * @param target the target
		 */
		void abandon(T target);

	}

}
