package io.github.socketiospringboot.internal.engine.protocol;

/**
 * Thrown when a WebSocket text message is not valid UTF-8; RFC 6455 (§8.1) and the
 * reference server fail the connection with status 1007 in that case.
 */
public class InvalidUtf8Exception extends EngineProtocolException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with the reference server's description.
	 */
	public InvalidUtf8Exception() {
		super("Invalid WebSocket frame: invalid UTF-8 sequence");
	}

}
