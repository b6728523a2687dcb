package io.github.socketiospringboot.adapter.cluster.classic;

import java.util.Collection;
import java.util.Set;

import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.adapter.cluster.Packets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages of the classic protocol, with their keys in the order the Node adapter
 * writes them.
 */
final class ClassicMessages {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private ClassicMessages() {
	}

	/** <code>[uid, packet, opts]</code>, published as msgpack on a broadcast channel. */
	static ArrayNode broadcast(String uid, ObjectNode packet, ObjectNode opts) {
		ArrayNode message = nodes.arrayNode(3);
		message.add(uid);
		message.add(packet);
		message.add(opts);
		return message;
	}

	private static ObjectNode request(String uid, @Nullable String requestId, ClassicRequestType type) {
		ObjectNode request = nodes.objectNode();
		request.put("uid", uid);
		if (requestId != null) {
			request.put("requestId", requestId);
		}
		request.put("type", type.code());
		return request;
	}

	/** <code>{uid, requestId, type: 1}</code>. */
	static ObjectNode allRooms(String uid, String requestId) {
		return request(uid, requestId, ClassicRequestType.ALL_ROOMS);
	}

	/** <code>{uid, type: 2|3, opts: {rooms, except}, rooms}</code>. */
	static ObjectNode joinOrLeave(String uid, ClassicRequestType type, BroadcastOptions options, Set<String> rooms) {
		ObjectNode request = request(uid, null, type);
		request.set("opts", Packets.options(options, null, false));
		request.set("rooms", array(rooms));
		return request;
	}

	/** <code>{uid, type: 4, opts: {rooms, except}, close}</code>. */
	static ObjectNode disconnect(String uid, BroadcastOptions options, boolean close) {
		ObjectNode request = request(uid, null, ClassicRequestType.REMOTE_DISCONNECT);
		request.set("opts", Packets.options(options, null, false));
		request.put("close", close);
		return request;
	}

	/** <code>{uid, requestId, type: 5, opts: {rooms, except}}</code>. */
	static ObjectNode fetchSockets(String uid, String requestId, BroadcastOptions options) {
		ObjectNode request = request(uid, requestId, ClassicRequestType.REMOTE_FETCH);
		request.set("opts", Packets.options(options, null, false));
		return request;
	}

	/** <code>{uid, requestId?, type: 6, data: [event, ...args]}</code>. */
	static ObjectNode serverSideEmit(String uid, @Nullable String requestId, ArrayNode data) {
		ObjectNode request = request(uid, requestId, ClassicRequestType.SERVER_SIDE_EMIT);
		request.set("data", data);
		return request;
	}

	/** <code>{uid, requestId, type: 7, packet, opts}</code>, published as msgpack. */
	static ObjectNode broadcastWithAck(String uid, String requestId, ObjectNode packet, ObjectNode opts) {
		ObjectNode request = request(uid, requestId, ClassicRequestType.BROADCAST);
		request.set("packet", packet);
		request.set("opts", opts);
		return request;
	}

	/** <code>{requestId, sockets: [id...]}</code>, the answer to SOCKETS. */
	static ObjectNode socketIds(String requestId, Collection<String> ids) {
		ObjectNode response = nodes.objectNode();
		response.put("requestId", requestId);
		response.set("sockets", array(ids));
		return response;
	}

	/** <code>{requestId, rooms: [...]}</code>, the answer to ALL_ROOMS. */
	static ObjectNode rooms(String requestId, Collection<String> rooms) {
		ObjectNode response = nodes.objectNode();
		response.put("requestId", requestId);
		response.set("rooms", array(rooms));
		return response;
	}

	/** <code>{requestId, sockets: [{id, handshake, rooms, data}...]}</code>. */
	static ObjectNode fetchedSockets(String requestId, ArrayNode sockets) {
		ObjectNode response = nodes.objectNode();
		response.put("requestId", requestId);
		response.set("sockets", sockets);
		return response;
	}

	/** <code>{id, handshake, rooms, data}</code>. */
	static ObjectNode socket(String id, JsonNode handshake, Collection<String> rooms, JsonNode data) {
		ObjectNode socket = nodes.objectNode();
		socket.put("id", id);
		socket.set("handshake", handshake);
		socket.set("rooms", array(rooms));
		socket.set("data", data);
		return socket;
	}

	/** <code>{requestId}</code>, the answer to a legacy join, leave or disconnect. */
	static ObjectNode done(String requestId) {
		ObjectNode response = nodes.objectNode();
		response.put("requestId", requestId);
		return response;
	}

	/** <code>{type: 6, requestId, data}</code>. */
	static ObjectNode serverSideEmitAnswer(String requestId, JsonNode data) {
		ObjectNode response = nodes.objectNode();
		response.put("type", ClassicRequestType.SERVER_SIDE_EMIT.code());
		response.put("requestId", requestId);
		response.set("data", data);
		return response;
	}

	/** <code>{type: 8, requestId, clientCount}</code>. */
	static ObjectNode clientCount(String requestId, int count) {
		ObjectNode response = nodes.objectNode();
		response.put("type", ClassicRequestType.BROADCAST_CLIENT_COUNT.code());
		response.put("requestId", requestId);
		response.put("clientCount", count);
		return response;
	}

	/**
	 * <code>{type: 9, requestId, packet, socketId}</code>, published as msgpack; Node
	 * reads {@code packet} and ignores the extra {@code socketId}, which tells a Java
	 * requester who answered.
	 */
	static ObjectNode ack(String requestId, @Nullable JsonNode firstArg, String socketId) {
		ObjectNode response = nodes.objectNode();
		response.put("type", ClassicRequestType.BROADCAST_ACK.code());
		response.put("requestId", requestId);
		if (firstArg != null) {
			response.set("packet", firstArg);
		}
		response.put("socketId", socketId);
		return response;
	}

	static ArrayNode array(Collection<String> names) {
		ArrayNode array = nodes.arrayNode(names.size());
		names.forEach(array::add);
		return array;
	}

}
