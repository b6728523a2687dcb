package io.github.socketiospringboot.adapter.cluster.classic;

import java.util.Collection;
import java.util.Set;

import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.AllRooms;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.AllRoomsResponse;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.Broadcast;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.BroadcastAck;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.BroadcastClientCount;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.DisconnectSockets;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.FetchSockets;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.FetchSocketsResponse;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.ServerSideEmit;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.ServerSideEmitResponse;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.SocketsJoin;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.SocketsLeave;
import io.github.socketiospringboot.internal.cluster.ClusterCodec;
import io.github.socketiospringboot.internal.cluster.Packets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages of the classic protocol, with their keys in the order the Node adapter
 * writes them: how each {@link ClusterMessage} looks on the request and response
 * channels, and back.
 */
final class ClassicMessages {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private ClassicMessages() {
	}

	/**
	 * Returns a message for the request channel: msgpack for a broadcast with
	 * acknowledgements, JSON otherwise.
	 */
	static byte[] request(String uid, ClusterMessage message) {
		if (message instanceof Broadcast broadcast && broadcast.requestId() != null) {
			return ClusterCodec.msgpack(broadcastWithAck(uid, broadcast.requestId(),
					Packets.packet(broadcast.data(), broadcast.namespace()),
					Packets.options(broadcast.options(), broadcast.ackTimeout(), true)));
		}
		ObjectNode request;
		if (message instanceof SocketsJoin join) {
			request = joinOrLeave(uid, ClassicRequestType.REMOTE_JOIN, join.options(), join.rooms());
		}
		else if (message instanceof SocketsLeave leave) {
			request = joinOrLeave(uid, ClassicRequestType.REMOTE_LEAVE, leave.options(), leave.rooms());
		}
		else if (message instanceof DisconnectSockets disconnect) {
			request = disconnect(uid, disconnect.options(), disconnect.close());
		}
		else if (message instanceof FetchSockets fetch) {
			request = fetchSockets(uid, fetch.requestId(), fetch.options());
		}
		else if (message instanceof ServerSideEmit emit) {
			request = serverSideEmit(uid, emit.requestId(), emit.data());
		}
		else if (message instanceof AllRooms all) {
			request = allRooms(uid, all.requestId());
		}
		else {
			throw new IllegalArgumentException("No request of the classic protocol for " + message);
		}
		return ClusterCodec.json(request);
	}

	/**
	 * Returns an answer for a response channel: msgpack for a client's answer to a
	 * broadcast, JSON otherwise.
	 */
	static byte[] response(ClusterMessage.Response response) {
		if (response instanceof BroadcastAck ack) {
			return ClusterCodec
				.msgpack(ack(ack.requestId(), ack.answer(), (ack.socketId() != null) ? ack.socketId() : ""));
		}
		ObjectNode answer;
		if (response instanceof BroadcastClientCount count) {
			answer = clientCount(count.requestId(), count.clientCount());
		}
		else if (response instanceof FetchSocketsResponse sockets) {
			answer = fetchedSockets(sockets.requestId(), Packets.sockets(sockets.sockets()));
		}
		else if (response instanceof ServerSideEmitResponse emit) {
			answer = serverSideEmitAnswer(emit.requestId(), emit.answer());
		}
		else {
			AllRoomsResponse all = (AllRoomsResponse) response;
			answer = rooms(all.requestId(), all.rooms());
		}
		return ClusterCodec.json(answer);
	}

	/**
	 * Reads a request of another server (not a legacy one).
	 * @return the message, or {@code null} for one that asks nothing of this server
	 */
	static @Nullable ClusterMessage readRequest(ClassicRequestType type, JsonNode request, String namespace) {
		String requestId = Packets.text(request, "requestId");
		String sender = Packets.text(request, "uid");
		BroadcastOptions options = Packets.readOptions(request.path("opts"));
		return switch (type) {
			case ALL_ROOMS -> (requestId != null) ? new AllRooms(sender, namespace, requestId) : null;
			case REMOTE_JOIN -> new SocketsJoin(sender, namespace, options, Packets.names(request.path("rooms")));
			case REMOTE_LEAVE -> new SocketsLeave(sender, namespace, options, Packets.names(request.path("rooms")));
			case REMOTE_DISCONNECT ->
				new DisconnectSockets(sender, namespace, options, request.path("close").asBoolean(false));
			case REMOTE_FETCH -> (requestId != null) ? new FetchSockets(sender, namespace, requestId, options) : null;
			case SERVER_SIDE_EMIT ->
				new ServerSideEmit(sender, namespace, requestId, Packets.serverSideEmitData(request.path("data")));
			case BROADCAST ->
				(requestId != null) ? new Broadcast(sender, namespace, Packets.eventData(request.path("packet")),
						options, requestId, Packets.timeout(request.path("opts"))) : null;
			// answers are read on the response channels; SOCKETS is a legacy request
			default -> null;
		};
	}

	/**
	 * Reads an answer on a response channel. The answers to fetchSockets and allRooms
	 * carry no type: they are told apart by their {@code rooms} or {@code sockets}.
	 * @return the answer, or {@code null} without request id
	 */
	static ClusterMessage.@Nullable Response readResponse(JsonNode response, String namespace) {
		String requestId = Packets.text(response, "requestId");
		if (requestId == null) {
			return null;
		}
		int type = response.path("type").asInt(-1);
		if (type == ClassicRequestType.BROADCAST_CLIENT_COUNT.code()) {
			return new BroadcastClientCount(null, namespace, requestId, response.path("clientCount").asInt(0));
		}
		if (type == ClassicRequestType.BROADCAST_ACK.code()) {
			return new BroadcastAck(null, namespace, requestId, response.get("packet"),
					Packets.text(response, "socketId"));
		}
		if (type == ClassicRequestType.SERVER_SIDE_EMIT.code()) {
			return new ServerSideEmitResponse(null, namespace, requestId, Packets.orNull(response.get("data")));
		}
		if (response.has("rooms") && !response.has("sockets")) {
			return new AllRoomsResponse(null, namespace, requestId, Packets.names(response.path("rooms")));
		}
		return new FetchSocketsResponse(null, namespace, requestId, Packets.readSockets(response.path("sockets"), ""));
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
		request.set("rooms", Packets.array(rooms));
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
		response.set("sockets", Packets.array(ids));
		return response;
	}

	/** <code>{requestId, rooms: [...]}</code>, the answer to ALL_ROOMS. */
	static ObjectNode rooms(String requestId, Collection<String> rooms) {
		ObjectNode response = nodes.objectNode();
		response.put("requestId", requestId);
		response.set("rooms", Packets.array(rooms));
		return response;
	}

	/** <code>{requestId, sockets: [{id, handshake, rooms, data}...]}</code>. */
	static ObjectNode fetchedSockets(String requestId, ArrayNode sockets) {
		ObjectNode response = nodes.objectNode();
		response.put("requestId", requestId);
		response.set("sockets", sockets);
		return response;
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

}
