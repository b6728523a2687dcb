package io.github.socketiospringboot.adapter;

import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * What an adapter keeps of a client that lost its connection, for connection state
 * recovery: the {@code SessionToPersist} of the reference adapter.
 *
 * @param sid the socket id
 * @param pid the private session id, which the client sends back to be restored
 * @param rooms the rooms the socket was in
 * @param data the socket's data as JSON
 */
public record PersistedSession(String sid, String pid, Set<String> rooms, JsonNode data) {

	/**
	 * Freezes the rooms.
	 */
	public PersistedSession {
		rooms = Set.copyOf(rooms);
	}

}
