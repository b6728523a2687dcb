package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

import io.github.socketiospringboot.adapter.SocketDetails;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.Emitter;
import io.github.socketiospringboot.broadcast.Handshake;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * A socket connected to another server of the cluster, as {@code fetchSockets()} found
 * it: its operations go through the adapter, addressed to the socket's own room.
 */
final class DefaultRemoteSocket implements RemoteSocket {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final Namespace namespace;

	private final String id;

	private final Set<String> rooms;

	private final Handshake handshake;

	private final Map<String, Object> data;

	DefaultRemoteSocket(Namespace namespace, SocketDetails details) {
		this.namespace = namespace;
		this.id = details.id();
		this.rooms = Set.copyOf(details.rooms());
		this.handshake = HandshakeJson.fromJson(details.handshake(), namespace.mapper());
		JsonNode dataNode = details.data();
		Map<String, Object> converted = (dataNode != null && dataNode.isObject())
				? namespace.mapper().convertValue(dataNode, MAP) : Map.of();
		this.data = Collections.unmodifiableMap(converted);
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public Handshake handshake() {
		return this.handshake;
	}

	@Override
	public Set<String> rooms() {
		return this.rooms;
	}

	@Override
	public Map<String, Object> data() {
		return this.data;
	}

	private RemoteSocketEmitter emitter() {
		return new RemoteSocketEmitter(this.namespace.to(this.id));
	}

	@Override
	public void emit(String event, Object... args) {
		this.namespace.to(this.id).emit(event, args);
	}

	@Override
	public Mono<Ack> emitWithAck(String event, Object... args) {
		return emitter().emitWithAck(event, args);
	}

	@Override
	public Emitter<Ack> timeout(Duration timeout) {
		return emitter().timeout(timeout);
	}

	@Override
	public Emitter<Ack> asVolatile() {
		return emitter().asVolatile();
	}

	@Override
	public Emitter<Ack> compress(boolean compress) {
		return emitter().compress(compress);
	}

	@Override
	public void join(String... rooms) {
		this.namespace.in(this.id).socketsJoin(rooms);
	}

	@Override
	public void leave(String room) {
		this.namespace.in(this.id).socketsLeave(room);
	}

	@Override
	public void disconnect(boolean close) {
		this.namespace.in(this.id).disconnectSockets(close);
	}

	@Override
	public String toString() {
		return "RemoteSocket[" + this.id + " in " + this.namespace.name() + "]";
	}

}
