package io.github.socketiospringboot.internal.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The seven Socket.IO v5 packet types, written on the wire as one digit.
 */
public enum PacketType {

	/**
	 * Connection to a namespace: the client's request (with its auth) and the server's
	 * answer.
	 */
	CONNECT,

	/** Disconnection from a namespace. */
	DISCONNECT,

	/** An event: a name and its arguments. */
	EVENT,

	/** The acknowledgement of an event. */
	ACK,

	/** A refused connection to a namespace. */
	CONNECT_ERROR,

	/** An event whose arguments hold binary attachments. */
	BINARY_EVENT,

	/** An acknowledgement whose arguments hold binary attachments. */
	BINARY_ACK;

	private static final PacketType[] BY_CODE = values();

	/**
	 * Returns the digit of this type.
	 * @return the digit, {@code '0'} to {@code '6'}
	 */
	public char code() {
		return (char) ('0' + ordinal());
	}

	/**
	 * Tells whether packets of this type carry binary attachments.
	 * @return {@code true} for {@link #BINARY_EVENT} and {@link #BINARY_ACK}
	 */
	public boolean isBinary() {
		return this == BINARY_EVENT || this == BINARY_ACK;
	}

	/**
	 * Returns the type of a digit.
	 * @param c the character read
	 * @return the type, or {@code null} when {@code c} is no packet type
	 */
	public static @Nullable PacketType fromCode(char c) {
		int index = c - '0';
		return (index >= 0 && index < BY_CODE.length) ? BY_CODE[index] : null;
	}

}
