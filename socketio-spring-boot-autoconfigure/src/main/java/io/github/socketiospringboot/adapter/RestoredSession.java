package io.github.socketiospringboot.adapter;

import java.util.List;

import tools.jackson.databind.node.ArrayNode;

/**
 * A session an adapter restored for a client that came back, and the packets it missed:
 * the {@code Session} of the reference adapter.
 *
 * @param session the session as it was persisted
 * @param missedPackets the events the client missed, in order, each
 * {@code [event, ...args, offset]} as the client receives them
 */
public record RestoredSession(PersistedSession session, List<ArrayNode> missedPackets) {

	/**
	 * Freezes the packets.
	 */
	public RestoredSession {
		missedPackets = List.copyOf(missedPackets);
	}

}
