package io.github.socketiospringboot.adapter.cluster.classic;

import org.jspecify.annotations.Nullable;

/**
 * The request and response types of the classic protocol.
 */
enum ClassicRequestType {

	/** Socket ids in rooms (legacy: still answered, never sent). */
	SOCKETS(0),

	/** Every room of the namespace. */
	ALL_ROOMS(1),

	/** Targeted sockets join rooms; applied by every server, no answer. */
	REMOTE_JOIN(2),

	/** Targeted sockets leave rooms; applied by every server, no answer. */
	REMOTE_LEAVE(3),

	/** Targeted sockets are disconnected; applied by every server, no answer. */
	REMOTE_DISCONNECT(4),

	/** fetchSockets. */
	REMOTE_FETCH(5),

	/** An event for the other servers, answered when it carries a request id. */
	SERVER_SIDE_EMIT(6),

	/** A broadcast whose recipients answer (msgpack). */
	BROADCAST(7),

	/** A server's number of recipients of a broadcast with acknowledgements. */
	BROADCAST_CLIENT_COUNT(8),

	/** One client's answer to a broadcast (msgpack). */
	BROADCAST_ACK(9);

	private static final ClassicRequestType[] BY_CODE = values();

	private final int code;

	ClassicRequestType(int code) {
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
	 * Finds a type by its number.
	 * @param code the number
	 * @return the type, or {@code null} if unknown
	 */
	static @Nullable ClassicRequestType of(int code) {
		return (code >= 0 && code < BY_CODE.length) ? BY_CODE[code] : null;
	}

}
