package io.github.socketiospringboot.internal.cluster;

import org.jspecify.annotations.Nullable;

/**
 * The message types of the ClusterAdapter protocol ({@code MessageType} of
 * {@code socket.io-adapter}), with their numbers on the wire.
 */
enum ClusterMessageType {

	/** A newcomer's first heartbeat (heartbeat variant only; ignored here). */
	INITIAL_HEARTBEAT(1),

	/** A heartbeat (heartbeat variant only; ignored here). */
	HEARTBEAT(2),

	/** A broadcast, with a request id when its recipients answer. */
	BROADCAST(3),

	/** Targeted sockets join rooms. */
	SOCKETS_JOIN(4),

	/** Targeted sockets leave rooms. */
	SOCKETS_LEAVE(5),

	/** Targeted sockets are disconnected. */
	DISCONNECT_SOCKETS(6),

	/** fetchSockets. */
	FETCH_SOCKETS(7),

	/** A server's answer to fetchSockets. */
	FETCH_SOCKETS_RESPONSE(8),

	/** An event for the other servers, answered when it carries a request id. */
	SERVER_SIDE_EMIT(9),

	/** A server's answer to a server-side emit. */
	SERVER_SIDE_EMIT_RESPONSE(10),

	/** A server's number of recipients of a broadcast with acknowledgements. */
	BROADCAST_CLIENT_COUNT(11),

	/** One client's answer to a broadcast. */
	BROADCAST_ACK(12),

	/** A server leaves (heartbeat variant only; ignored here). */
	ADAPTER_CLOSE(13);

	private final int code;

	ClusterMessageType(int code) {
		this.code = code;
	}

	/**
	 * Returns the number on the wire.
	 * @return the code
	 */
	int code() {
		return this.code;
	}

	/**
	 * Tells whether a message of this type is msgpack rather than JSON when its data
	 * holds binary.
	 * @return whether binary data switches it to msgpack
	 */
	boolean mayCarryBinary() {
		return this == BROADCAST || this == BROADCAST_ACK || this == FETCH_SOCKETS_RESPONSE || this == SERVER_SIDE_EMIT
				|| this == SERVER_SIDE_EMIT_RESPONSE;
	}

	/**
	 * Finds a type by its number.
	 * @param code the number
	 * @return the type, or {@code null} if unknown
	 */
	static @Nullable ClusterMessageType of(int code) {
		return (code >= 1 && code <= 13) ? values()[code - 1] : null;
	}

}
