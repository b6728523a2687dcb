package io.github.socketiospringboot.internal.protocol;

/**
 * Thrown when a client sent something that is not a valid Socket.IO v5 packet; the
 * reference server closes the whole connection in that case.
 */
public class SocketIOProtocolException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what was wrong
	 */
	public SocketIOProtocolException(String message) {
		super(message);
	}

}
