package io.github.socketiospringboot.internal.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One decoded Socket.IO packet, with its binary attachments already put back in place (as
 * binary nodes) and its type folded to {@link PacketType#EVENT} or
 * {@link PacketType#ACK}.
 *
 * @param type the packet type
 * @param namespace the namespace, {@code /} when the packet names none
 * @param ackId the acknowledgement id, or {@code -1} when there is none
 * @param data the JSON payload, or {@code null} when the packet has none
 */
public record Packet(PacketType type, String namespace, long ackId, @Nullable JsonNode data) {

	/** The value of {@link #ackId()} when a packet asks for no acknowledgement. */
	public static final long NO_ACK = -1;

	/**
	 * Tells whether the packet carries an acknowledgement id.
	 * @return whether {@link #ackId()} is set
	 */
	public boolean hasAckId() {
		return this.ackId >= 0;
	}

}
