package io.github.socketiospringboot.internal.engine;

import org.jspecify.annotations.Nullable;

/**
 * The Engine.IO transports, named as in the {@code transport} query parameter.
 */
public enum TransportType {

	/** HTTP long-polling: GET to receive, POST to send. */
	POLLING("polling"),

	/** One WebSocket connection carrying one packet per frame. */
	WEBSOCKET("websocket");

	private final String wireName;

	TransportType(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * Returns the name used in the {@code transport} query parameter and the handshake.
	 * @return the wire name
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Finds the transport named by a {@code transport} query parameter.
	 * @param name the parameter value, possibly {@code null}
	 * @return the transport, or {@code null} when the name is unknown
	 */
	public static @Nullable TransportType fromWireName(@Nullable String name) {
		for (TransportType type : values()) {
			if (type.wireName.equals(name)) {
				return type;
			}
		}
		return null;
	}

}
