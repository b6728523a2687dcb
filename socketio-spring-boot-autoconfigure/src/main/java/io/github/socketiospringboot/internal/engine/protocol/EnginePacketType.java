package io.github.socketiospringboot.internal.engine.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The seven Engine.IO v4 packet types, each written on the wire as one ASCII digit.
 */
public enum EnginePacketType {

	/** Handshake data, sent by the server as the first packet of a session. */
	OPEN('0'),

	/** End of the transport or of the session. */
	CLOSE('1'),

	/**
	 * Heartbeat sent by the server (and {@code 2probe} by a client during an upgrade).
	 */
	PING('2'),

	/**
	 * Heartbeat answer sent by the client (and {@code 3probe} by the server during an
	 * upgrade).
	 */
	PONG('3'),

	/** Application data. */
	MESSAGE('4'),

	/** Sent by the client over the new transport to complete an upgrade. */
	UPGRADE('5'),

	/** Empty packet that releases a pending long-polling request. */
	NOOP('6');

	private static final EnginePacketType[] BY_DIGIT = values();

	private final char code;

	EnginePacketType(char code) {
		this.code = code;
	}

	/**
	 * Returns the digit that stands for this type on the wire.
	 * @return the type's digit
	 */
	public char code() {
		return this.code;
	}

	/**
	 * Returns the type written as the given character.
	 * @param c a character read from the wire
	 * @return the type, or {@code null} when {@code c} is not a packet type
	 */
	public static @Nullable EnginePacketType fromCode(char c) {
		int index = c - '0';
		return (index >= 0 && index < BY_DIGIT.length) ? BY_DIGIT[index] : null;
	}

}
