package io.github.socketiospringboot.adapter.redis;

/**
 * Signalled by a cross-server operation while Redis cannot be reached; local operations
 * go on.
 */
public class RedisUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what could not be done
	 */
	public RedisUnavailableException(String message) {
		super(message);
	}

}
