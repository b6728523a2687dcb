package io.github.socketiospringboot.adapter.cluster.sharded;

import java.util.Collection;

import io.github.socketiospringboot.adapter.cluster.ClusterCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages of the ClusterAdapter protocol, with their keys in the order
 * {@code socket.io-adapter} writes them.
 */
final class ClusterMessages {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private ClusterMessages() {
	}

	/**
	 * Returns the envelope <code>{type, data, uid, nsp}</code> as bytes: JSON, or msgpack
	 * when the type may carry binary and the data does.
	 */
	static byte[] encode(ClusterMessageType type, @Nullable ObjectNode data, String uid, String namespace) {
		ObjectNode envelope = nodes.objectNode();
		envelope.put("type", type.code());
		if (data != null) {
			envelope.set("data", data);
		}
		envelope.put("uid", uid);
		envelope.put("nsp", namespace);
		boolean binary = data != null && type.mayCarryBinary() && ClusterCodec.containsBinary(data);
		return binary ? ClusterCodec.msgpack(envelope) : ClusterCodec.json(envelope);
	}

	/** <code>{packet, requestId?, opts}</code>. */
	static ObjectNode broadcast(ObjectNode packet, @Nullable String requestId, ObjectNode opts) {
		ObjectNode data = nodes.objectNode();
		data.set("packet", packet);
		if (requestId != null) {
			data.put("requestId", requestId);
		}
		data.set("opts", opts);
		return data;
	}

	/** <code>{opts, rooms}</code>. */
	static ObjectNode rooms(ObjectNode opts, Collection<String> rooms) {
		ObjectNode data = nodes.objectNode();
		data.set("opts", opts);
		data.set("rooms", array(rooms));
		return data;
	}

	/** <code>{opts, close}</code>. */
	static ObjectNode disconnect(ObjectNode opts, boolean close) {
		ObjectNode data = nodes.objectNode();
		data.set("opts", opts);
		data.put("close", close);
		return data;
	}

	/** <code>{opts, requestId}</code>. */
	static ObjectNode fetchSockets(ObjectNode opts, String requestId) {
		ObjectNode data = nodes.objectNode();
		data.set("opts", opts);
		data.put("requestId", requestId);
		return data;
	}

	/** <code>{requestId, sockets}</code>. */
	static ObjectNode fetchedSockets(String requestId, ArrayNode sockets) {
		ObjectNode data = nodes.objectNode();
		data.put("requestId", requestId);
		data.set("sockets", sockets);
		return data;
	}

	/** <code>{id, handshake, rooms, data}</code>. */
	static ObjectNode socket(String id, JsonNode handshake, Collection<String> rooms, JsonNode socketData) {
		ObjectNode socket = nodes.objectNode();
		socket.put("id", id);
		socket.set("handshake", handshake);
		socket.set("rooms", array(rooms));
		socket.set("data", socketData);
		return socket;
	}

	/** <code>{requestId?, packet: [event, ...args]}</code>. */
	static ObjectNode serverSideEmit(@Nullable String requestId, ArrayNode packet) {
		ObjectNode data = nodes.objectNode();
		if (requestId != null) {
			data.put("requestId", requestId);
		}
		data.set("packet", packet);
		return data;
	}

	/**
	 * <code>{requestId, packet}</code>, the answer to a server-side emit or a broadcast;
	 * {@code socketId}, when given, tells a Java requester which client answered (Node
	 * ignores it).
	 */
	static ObjectNode answer(String requestId, @Nullable JsonNode packet, @Nullable String socketId) {
		ObjectNode data = nodes.objectNode();
		data.put("requestId", requestId);
		if (packet != null) {
			data.set("packet", packet);
		}
		if (socketId != null) {
			data.put("socketId", socketId);
		}
		return data;
	}

	/** <code>{requestId, clientCount}</code>. */
	static ObjectNode clientCount(String requestId, int count) {
		ObjectNode data = nodes.objectNode();
		data.put("requestId", requestId);
		data.put("clientCount", count);
		return data;
	}

	private static ArrayNode array(Collection<String> names) {
		ArrayNode array = nodes.arrayNode(names.size());
		names.forEach(array::add);
		return array;
	}

}
