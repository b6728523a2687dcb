package io.github.socketiospringboot.adapter.cluster;

import java.util.List;

/**
 * Signalled when not every server of the cluster answered a request (fetchSockets,
 * allRooms, serverSideEmitWithAck) in time; carries the answers received so far.
 */
public class RequestTimeoutException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient List<?> received;

	/**
	 * Creates an exception.
	 * @param message what timed out
	 * @param received the answers received in time
	 */
	public RequestTimeoutException(String message, List<?> received) {
		super(message);
		this.received = List.copyOf(received);
	}

	/**
	 * Returns the answers received before the timeout.
	 * @return the answers
	 */
	public List<?> received() {
		return this.received;
	}

}
