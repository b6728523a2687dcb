package io.github.socketiospringboot.adapter;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What {@code fetchSockets()} learns of one socket: its id, rooms, handshake and data,
 * and the socket itself when it is connected to this server.
 *
 * @param id the socket id
 * @param rooms the rooms it is in
 * @param handshake its handshake as JSON, or {@code null} for a local socket
 * @param data its data as JSON, or {@code null} for a local socket
 * @param local the socket when it is connected to this server, otherwise {@code null}
 * @param serverId the id of the server it is connected to, or {@code null} for this
 * server
 */
public record SocketDetails(String id, Set<String> rooms, @Nullable JsonNode handshake, @Nullable JsonNode data,
		@Nullable LocalSocket local, @Nullable String serverId) {

}
