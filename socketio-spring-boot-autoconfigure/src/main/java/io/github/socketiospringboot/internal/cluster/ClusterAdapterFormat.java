package io.github.socketiospringboot.internal.cluster;

import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
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
import io.github.socketiospringboot.adapter.cluster.MalformedMessageException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages of the ClusterAdapter protocol ({@code socket.io-adapter}), with their
 * keys in the order the reference writes them: each {@link ClusterMessage} as its type
 * and {@code data}, and as the envelope <code>{type, data, uid, nsp}</code> that pub/sub
 * transports publish.
 */
public final class ClusterAdapterFormat {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private ClusterAdapterFormat() {
	}

	/**
	 * Returns the envelope <code>{type, data, uid, nsp}</code> of a message as bytes:
	 * JSON, or msgpack when the type may carry binary and the data does.
	 * @param message the message
	 * @return the bytes
	 * @throws IllegalArgumentException if the protocol has no such message
	 */
	public static byte[] encode(ClusterMessage message) {
		ObjectNode envelope = envelope(message);
		boolean binary = mayCarryBinary(message) && ClusterCodec.containsBinary(envelope.get("data"));
		return binary ? ClusterCodec.msgpack(envelope) : ClusterCodec.json(envelope);
	}

	/**
	 * Returns the envelope <code>{type, data, uid, nsp}</code> of a message as msgpack,
	 * as the Redis Streams adapter publishes on pub/sub.
	 * @param message the message
	 * @return the bytes
	 * @throws IllegalArgumentException if the protocol has no such message
	 */
	public static byte[] encodeMsgpack(ClusterMessage message) {
		return ClusterCodec.msgpack(envelope(message));
	}

	private static ObjectNode envelope(ClusterMessage message) {
		ObjectNode envelope = nodes.objectNode();
		envelope.put("type", type(message).code());
		envelope.set("data", data(message));
		envelope.put("uid", message.uid());
		envelope.put("nsp", message.namespace());
		return envelope;
	}

	/**
	 * Returns the type number of a message.
	 * @param message the message
	 * @return its type, 3 to 12
	 * @throws IllegalArgumentException if the protocol has no such message
	 */
	public static int typeCode(ClusterMessage message) {
		return type(message).code();
	}

	/**
	 * Tells whether a message is of a type whose data may hold binary values (broadcasts,
	 * server-side emits, and the answers that carry a client's or a server's value).
	 * @param message the message
	 * @return whether it may
	 */
	public static boolean mayCarryBinary(ClusterMessage message) {
		return type(message).mayCarryBinary();
	}

	/**
	 * Returns the type of a message.
	 * @param message the message
	 * @return the type
	 * @throws IllegalArgumentException if the protocol has no such message
	 */
	static ClusterMessageType type(ClusterMessage message) {
		if (message instanceof Broadcast) {
			return ClusterMessageType.BROADCAST;
		}
		if (message instanceof SocketsJoin) {
			return ClusterMessageType.SOCKETS_JOIN;
		}
		if (message instanceof SocketsLeave) {
			return ClusterMessageType.SOCKETS_LEAVE;
		}
		if (message instanceof DisconnectSockets) {
			return ClusterMessageType.DISCONNECT_SOCKETS;
		}
		if (message instanceof FetchSockets) {
			return ClusterMessageType.FETCH_SOCKETS;
		}
		if (message instanceof FetchSocketsResponse) {
			return ClusterMessageType.FETCH_SOCKETS_RESPONSE;
		}
		if (message instanceof ServerSideEmit) {
			return ClusterMessageType.SERVER_SIDE_EMIT;
		}
		if (message instanceof ServerSideEmitResponse) {
			return ClusterMessageType.SERVER_SIDE_EMIT_RESPONSE;
		}
		if (message instanceof BroadcastClientCount) {
			return ClusterMessageType.BROADCAST_CLIENT_COUNT;
		}
		if (message instanceof BroadcastAck) {
			return ClusterMessageType.BROADCAST_ACK;
		}
		throw new IllegalArgumentException("The ClusterAdapter protocol has no " + message.getClass().getSimpleName());
	}

	/**
	 * Returns the {@code data} of a message.
	 * @param message the message
	 * @return the data
	 * @throws IllegalArgumentException if the protocol has no such message
	 */
	public static ObjectNode data(ClusterMessage message) {
		ObjectNode data = nodes.objectNode();
		if (message instanceof Broadcast broadcast) {
			data.set("packet", Packets.packet(broadcast.data(), null));
			putIfPresent(data, "requestId", broadcast.requestId());
			data.set("opts", Packets.options(broadcast.options(), broadcast.ackTimeout(), true));
		}
		else if (message instanceof SocketsJoin join) {
			data.set("opts", Packets.options(join.options(), null, true));
			data.set("rooms", Packets.array(join.rooms()));
		}
		else if (message instanceof SocketsLeave leave) {
			data.set("opts", Packets.options(leave.options(), null, true));
			data.set("rooms", Packets.array(leave.rooms()));
		}
		else if (message instanceof DisconnectSockets disconnect) {
			data.set("opts", Packets.options(disconnect.options(), null, true));
			data.put("close", disconnect.close());
		}
		else if (message instanceof FetchSockets fetch) {
			data.set("opts", Packets.options(fetch.options(), null, true));
			data.put("requestId", fetch.requestId());
		}
		else if (message instanceof FetchSocketsResponse sockets) {
			data.put("requestId", sockets.requestId());
			data.set("sockets", Packets.sockets(sockets.sockets()));
		}
		else if (message instanceof ServerSideEmit emit) {
			putIfPresent(data, "requestId", emit.requestId());
			data.set("packet", emit.data());
		}
		else if (message instanceof ServerSideEmitResponse answer) {
			data.put("requestId", answer.requestId());
			data.set("packet", answer.answer());
		}
		else if (message instanceof BroadcastClientCount count) {
			data.put("requestId", count.requestId());
			data.put("clientCount", count.clientCount());
		}
		else if (message instanceof BroadcastAck ack) {
			// socketId tells a Java requester which client answered; Node ignores it
			data.put("requestId", ack.requestId());
			if (ack.answer() != null) {
				data.set("packet", ack.answer());
			}
			putIfPresent(data, "socketId", ack.socketId());
		}
		else {
			type(message);
		}
		return data;
	}

	private static void putIfPresent(ObjectNode object, String field, @Nullable String value) {
		if (value != null) {
			object.put(field, value);
		}
	}

	/**
	 * Reads a message of the protocol.
	 * @param typeCode its type, as received ({@code null} when absent)
	 * @param uid the sender, as the envelope says
	 * @param namespace the namespace, as the envelope says
	 * @param data its {@code data}, missing when absent
	 * @return the message, or {@code null} for one that asks nothing of this server
	 * (heartbeats, answers without request id, requests without the id to answer to)
	 * @throws MalformedMessageException if the message cannot be read
	 */
	public static @Nullable ClusterMessage read(@Nullable JsonNode typeCode, @Nullable String uid, String namespace,
			JsonNode data) {
		ClusterMessageType type = ClusterMessageType.of((typeCode != null) ? typeCode.asInt(-1) : -1);
		if (type == null) {
			throw new MalformedMessageException("unknown message type " + typeCode);
		}
		String requestId = Packets.text(data, "requestId");
		return switch (type) {
			case BROADCAST -> new Broadcast(uid, namespace, Packets.eventData(data.path("packet")),
					Packets.readOptions(data.path("opts")), requestId, Packets.timeout(data.path("opts")));
			case SOCKETS_JOIN -> new SocketsJoin(uid, namespace, Packets.readOptions(data.path("opts")),
					Packets.names(data.path("rooms")));
			case SOCKETS_LEAVE -> new SocketsLeave(uid, namespace, Packets.readOptions(data.path("opts")),
					Packets.names(data.path("rooms")));
			case DISCONNECT_SOCKETS -> new DisconnectSockets(uid, namespace, Packets.readOptions(data.path("opts")),
					data.path("close").asBoolean(false));
			case FETCH_SOCKETS -> (requestId != null)
					? new FetchSockets(uid, namespace, requestId, Packets.readOptions(data.path("opts"))) : null;
			case SERVER_SIDE_EMIT ->
				new ServerSideEmit(uid, namespace, requestId, Packets.serverSideEmitData(data.path("packet")));
			case FETCH_SOCKETS_RESPONSE -> (requestId != null) ? new FetchSocketsResponse(uid, namespace, requestId,
					Packets.readSockets(data.path("sockets"), (uid != null) ? uid : "")) : null;
			case SERVER_SIDE_EMIT_RESPONSE -> (requestId != null)
					? new ServerSideEmitResponse(uid, namespace, requestId, Packets.orNull(data.get("packet"))) : null;
			case BROADCAST_CLIENT_COUNT -> (requestId != null)
					? new BroadcastClientCount(uid, namespace, requestId, data.path("clientCount").asInt(0)) : null;
			case BROADCAST_ACK -> (requestId != null)
					? new BroadcastAck(uid, namespace, requestId, data.get("packet"), Packets.text(data, "socketId"))
					: null;
			case INITIAL_HEARTBEAT, HEARTBEAT, ADAPTER_CLOSE -> null;
		};
	}

	/**
	 * Reads an envelope <code>{type, data, uid, nsp}</code> a pub/sub transport received,
	 * unless it is this server's own or another namespace's.
	 * @param payload the bytes, JSON or msgpack
	 * @param uid this server's id
	 * @param namespace this server's namespace
	 * @return the message, or {@code null} when it is this server's own, another
	 * namespace's, or asks nothing of a server
	 * @throws MalformedMessageException if it cannot be read
	 */
	public static @Nullable ClusterMessage readEnvelope(byte[] payload, String uid, String namespace) {
		JsonNode message = ClusterCodec.decode(payload);
		if (!message.isObject()) {
			throw new MalformedMessageException("not a map");
		}
		String sender = Packets.text(message, "uid");
		String nsp = Packets.text(message, "nsp");
		if (uid.equals(sender) || nsp == null || !namespace.equals(nsp)) {
			return null;
		}
		return read(message.get("type"), sender, nsp, message.path("data"));
	}

}
