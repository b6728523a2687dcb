package io.github.socketiospringboot.internal.engine;

/**
 * Why an Engine.IO session ended, with the reason strings of the reference server.
 */
public enum EngineCloseReason {

	/** The client closed the transport, or sent a close packet. */
	TRANSPORT_CLOSE("transport close"),

	/**
	 * The transport failed (a broken connection, a protocol violation, a duplicate
	 * request).
	 */
	TRANSPORT_ERROR("transport error"),

	/** The client did not answer a ping within the ping timeout. */
	PING_TIMEOUT("ping timeout"),

	/** The client sent a packet that could not be decoded. */
	PARSE_ERROR("parse error"),

	/** The server closed the session. */
	FORCED_CLOSE("forced close"),

	/** The server is shutting down. */
	SERVER_SHUTTING_DOWN("server shutting down");

	private final String reason;

	EngineCloseReason(String reason) {
		this.reason = reason;
	}

	/**
	 * Returns the reason as the reference server words it.
	 * @return the reason string
	 */
	public String reason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return this.reason;
	}

}
