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

}
