package io.github.socketiospringboot.internal.engine.protocol;

/**
 * Thrown when bytes received from a client are not a valid Engine.IO v4 packet or
 * payload; the reference server closes the session with the reason "parse error" in that
 * case.
 */
public class EngineProtocolException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a description of what was wrong.
	 * @param message what could not be decoded
	 */
	public EngineProtocolException(String message) {
		super(message);
	}

}
