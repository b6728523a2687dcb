package io.github.socketiospringboot.internal.engine;

/**
 * Signalled by an {@link AllowRequest} to refuse a handshake with a message of its own.
 */
public class RequestRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates a refusal.
	 * @param message the message sent to the client in the error body
	 */
	public RequestRefusedException(String message) {
		super(message);
	}

}
