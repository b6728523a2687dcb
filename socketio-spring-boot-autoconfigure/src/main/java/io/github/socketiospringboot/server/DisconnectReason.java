package io.github.socketiospringboot.server;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;

/**
 * Why a socket left its namespace, with the reason strings of the reference server.
 */
public enum DisconnectReason {

	/** The server disconnected the socket ({@code socket.disconnect()}). */
	SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),

	/** The client disconnected the socket (it sent a DISCONNECT packet). */
	CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),

	/** The server is shutting down. */
	SERVER_SHUTTING_DOWN("server shutting down"),

	/** The client did not answer a ping in time. */
	PING_TIMEOUT("ping timeout"),

	/** The connection was closed by the client, or lost. */
	TRANSPORT_CLOSE("transport close"),

	/** The connection failed. */
	TRANSPORT_ERROR("transport error"),

	/** The client sent an Engine.IO packet that could not be decoded. */
	PARSE_ERROR("parse error"),

	/**
	 * The server closed the connection (after an invalid packet, or
	 * {@code disconnect(true)}).
	 */
	FORCED_CLOSE("forced close");

	private final String reason;

	DisconnectReason(String reason) {
		this.reason = reason;
	}

	/**
	 * Returns the reason as the reference server words it.
	 * @return the reason string
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * Returns the reason of a socket whose connection ended.
	 * @param engine why the connection ended
	 * @return the socket's reason
	 */
	static DisconnectReason of(EngineCloseReason engine) {
		return switch (engine) {
			case TRANSPORT_CLOSE -> TRANSPORT_CLOSE;
			case TRANSPORT_ERROR -> TRANSPORT_ERROR;
			case PING_TIMEOUT -> PING_TIMEOUT;
			case PARSE_ERROR -> PARSE_ERROR;
			case FORCED_CLOSE -> FORCED_CLOSE;
			case SERVER_SHUTTING_DOWN -> SERVER_SHUTTING_DOWN;
		};
	}

	/**
	 * Tells whether a socket that left for this reason keeps its session for connection
	 * state recovery: the connection was lost or closed by the server, as opposed to a
	 * deliberate disconnection from the namespace or a protocol error.
	 * @return whether the session is kept
	 */
	public boolean isRecoverable() {
		return switch (this) {
			case TRANSPORT_ERROR, TRANSPORT_CLOSE, FORCED_CLOSE, PING_TIMEOUT, SERVER_SHUTTING_DOWN -> true;
			default -> false;
		};
	}

	@Override
	public String toString() {
		return this.reason;
	}

}
