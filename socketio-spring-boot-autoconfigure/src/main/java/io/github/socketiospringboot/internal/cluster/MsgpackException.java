package io.github.socketiospringboot.internal.cluster;

/**
 * Signalled when bytes are not a well-formed MessagePack value, or when a value cannot be
 * written as one.
 */
class MsgpackException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what is wrong
	 */
	public MsgpackException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with its cause.
	 * @param message what is wrong
	 * @param cause the cause
	 */
	public MsgpackException(String message, Throwable cause) {
		super(message, cause);
	}

}
