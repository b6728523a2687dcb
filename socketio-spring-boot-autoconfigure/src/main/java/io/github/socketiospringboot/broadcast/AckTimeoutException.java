package io.github.socketiospringboot.broadcast;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Signalled when not every client answered an event within the timeout; carries the
 * answers received so far and the ids of the sockets of this server that did not answer.
 */
public class AckTimeoutException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient List<Ack> received;

	private final Set<String> missing;

	private final int expected;

	/**
	 * Creates an exception.
	 * @param timeout the timeout that expired
	 * @param received the answers received in time
	 * @param missing the ids of the local sockets that did not answer
	 * @param expected how many answers were expected in all (all servers)
	 */
	public AckTimeoutException(Duration timeout, List<Ack> received, Set<String> missing, int expected) {
		super("operation has timed out after " + timeout.toMillis() + " ms: " + received.size() + " of " + expected
				+ " clients answered");
		this.received = List.copyOf(received);
		this.missing = Set.copyOf(missing);
		this.expected = expected;
	}

	/**
	 * Returns the answers received before the timeout.
	 * @return the answers
	 */
	public List<Ack> received() {
		return this.received;
	}

	/**
	 * Returns the ids of the sockets of this server that did not answer.
	 * @return the socket ids
	 */
	public Set<String> missing() {
		return this.missing;
	}

	/**
	 * Returns how many answers were expected.
	 * @return the number of targeted clients
	 */
	public int expected() {
		return this.expected;
	}

}
