package io.github.socketiospringboot.server;

import io.github.socketiospringboot.broadcast.Args;

/**
 * An event another server of the cluster sent with {@code serverSideEmit}.
 */
public interface ServerSideEvent {

	/**
	 * Returns the event name.
	 * @return the name
	 */
	String name();

	/**
	 * Returns the arguments.
	 * @return the arguments
	 */
	Args args();

	/**
	 * Tells whether the sender waits for an answer.
	 * @return whether {@link #ack} sends anything
	 */
	boolean hasAck();

	/**
	 * Answers the sender, once; only the answer's value crosses servers.
	 * @param answer the answer
	 * @return whether this call sent it
	 */
	boolean ack(Object answer);

	/**
	 * Handles the events other servers of the cluster send with {@code serverSideEmit}.
	 * Called on an I/O thread of the adapter; must not block.
	 *
	 * <pre class="code">
	 * io.of("/").onServerSideEmit("refresh-cache", (event) -&gt; {
	 *     cache.evict(event.args().get(0, String.class));
	 *     event.ack("done");
	 * });
	 * </pre>
	 */
	@FunctionalInterface
	public interface Handler {

		/**
		 * Handles one event.
		 * @param event the event
		 */
		void onServerSideEvent(ServerSideEvent event);

	}

}
