package io.github.socketiospringboot.adapter.cluster;

/**
 * Signalled when a message on a cluster channel cannot be read; the adapters log and drop
 * such messages.
 */
public class MalformedMessageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what is wrong
	 */
	public MalformedMessageException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with its cause.
	 * @param message what is wrong
	 * @param cause the cause
	 */
	public MalformedMessageException(String message, Throwable cause) {
		super(message, cause);
	}

}
