package io.github.socketiospringboot.adapter.cluster.classic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.adapter.AckCollector;
import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.adapter.LocalSocket;
import io.github.socketiospringboot.adapter.SocketDetails;
import io.github.socketiospringboot.adapter.cluster.ClusterCodec;
import io.github.socketiospringboot.adapter.cluster.ClusterIds;
import io.github.socketiospringboot.adapter.cluster.MalformedMessageException;
import io.github.socketiospringboot.adapter.cluster.Packets;
import io.github.socketiospringboot.adapter.cluster.PendingRequests;
import io.github.socketiospringboot.adapter.cluster.PubSubTransport;
import io.github.socketiospringboot.adapter.cluster.RemoteAckRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The adapter of one namespace in a cluster that speaks the classic protocol of the
 * official Node Redis adapter ({@code createAdapter}): broadcasts, room changes and
 * queries reach every server subscribed to the namespace's channels, Node servers and the
 * Node emitter included; {@code local()} operations stay on this server.
 *
 * <p>
 * Unlike the Node adapter, which waits for its own copy of a join, leave or disconnect
 * request to come back, this one applies them to its own sockets at once and ignores its
 * own copy; the result is the same, and local operations go on while the bus is
 * unreachable.
 */
public class ClassicAdapter extends InMemoryAdapter {

	private static final Log logger = LogFactory.getLog(ClassicAdapter.class);

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final PubSubTransport transport;

	private final ClassicOptions options;

	private final ClassicChannels channels;

	private final String uid = ClusterIds.classic();

	private final PendingRequests requests = new PendingRequests();

	private final Map<String, AckCollector> ackRequests = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * Creates the adapter of a namespace.
	 * @param namespace the namespace
	 * @param transport the bus this server's adapters share
	 * @param options the protocol settings
	 */
	public ClassicAdapter(AdapterHost namespace, PubSubTransport transport, ClassicOptions options) {
		super(namespace);
		this.transport = transport;
		this.options = options;
		this.channels = new ClassicChannels(options.prefix(), namespace.name());
	}

	/**
	 * Returns this adapter's uid, which marks what it publishes.
	 * @return the uid
	 */
	public String uid() {
		return this.uid;
	}

	/**
	 * Returns the channels of this namespace.
	 * @return the channels
	 */
	public ClassicChannels channels() {
		return this.channels;
	}

	@Override
	public Mono<Void> init() {
		return Mono.when(this.transport.psubscribe(this.channels.broadcastPattern(), this::onBroadcast),
				this.transport.subscribe(this.channels.request(), this::onRequest),
				this.transport.subscribe(this.channels.response(), this::onResponse),
				this.transport.subscribe(this.channels.response(this.uid), this::onResponse));
	}

	@Override
	public Mono<Void> close() {
		this.closed = true;
		this.requests.failAll(new IllegalStateException("The adapter of " + namespace().name() + " is closed"));
		return Mono
			.when(this.transport.punsubscribe(this.channels.broadcastPattern()),
					this.transport.unsubscribe(this.channels.request()),
					this.transport.unsubscribe(this.channels.response()),
					this.transport.unsubscribe(this.channels.response(this.uid)))
			.onErrorResume((error) -> Mono.empty());
	}

	// ---- operations of this server

	@Override
	public void broadcast(BroadcastMessage message, BroadcastOptions options) {
		if (!options.flags().local()) {
			try {
				ObjectNode packet = Packets.packet(message, namespace().mapper(), namespace().name());
				ArrayNode payload = ClassicMessages.broadcast(this.uid, packet, Packets.options(options, null, true));
				String channel = (options.rooms().size() == 1) ? this.channels.room(options.rooms().iterator().next())
						: this.channels.broadcast();
				publish(channel, ClusterCodec.msgpack(payload));
			}
			catch (RuntimeException ex) {
				logger.error("Cannot publish a broadcast of " + namespace().name(), ex);
			}
		}
		super.broadcast(message, options);
	}

	@Override
	public void broadcastWithAck(BroadcastMessage message, BroadcastOptions options, AckCollector collector) {
		if (!options.flags().local()) {
			Duration timeout = (collector.timeout() != null) ? collector.timeout() : this.options.requestTimeout();
			String requestId = ClusterIds.classic();
			this.ackRequests.put(requestId, collector);
			Schedulers.parallel()
				.schedule(() -> this.ackRequests.remove(requestId), timeout.toMillis(), TimeUnit.MILLISECONDS);
			ObjectNode packet = Packets.packet(message, namespace().mapper(), namespace().name());
			ObjectNode request = ClassicMessages.broadcastWithAck(this.uid, requestId, packet,
					Packets.options(options, timeout, true));
			publish(this.channels.request(), ClusterCodec.msgpack(request));
		}
		super.broadcastWithAck(message, options, collector);
	}

	@Override
	public Mono<Integer> serverCount() {
		return this.transport.subscriberCount(this.channels.request());
	}

	@Override
	public Mono<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
		if (options.flags().local()) {
			return super.fetchSockets(options);
		}
		return serverCount().flatMap((count) -> {
			Mono<List<SocketDetails>> local = super.fetchSockets(options);
			if (count <= 1) {
				return local;
			}
			String requestId = ClusterIds.classic();
			byte[] request = ClusterCodec.json(ClassicMessages.fetchSockets(this.uid, requestId, options));
			Mono<List<JsonNode>> remote = this.requests.start(requestId, ClassicRequestType.REMOTE_FETCH.code(),
					count - 1, this.options.requestTimeout(),
					(counts) -> "timeout reached while waiting for fetchSockets response",
					this.transport.publish(this.channels.request(), request));
			return local.zipWith(remote, (found, answers) -> {
				List<SocketDetails> all = new ArrayList<>(found);
				for (JsonNode answer : answers) {
					for (JsonNode socket : answer.path("sockets")) {
						String id = Packets.text(socket, "id");
						if (id != null) {
							all.add(new SocketDetails(id, Packets.names(socket.path("rooms")), socket.get("handshake"),
									socket.get("data"), null, ""));
						}
					}
				}
				return all;
			});
		});
	}

	@Override
	public Mono<Set<String>> allRooms() {
		return serverCount().flatMap((count) -> {
			Set<String> rooms = new LinkedHashSet<>(rooms().keySet());
			if (count <= 1) {
				return Mono.just(Set.copyOf(rooms));
			}
			String requestId = ClusterIds.classic();
			byte[] request = ClusterCodec.json(ClassicMessages.allRooms(this.uid, requestId));
			return this.requests
				.start(requestId, ClassicRequestType.ALL_ROOMS.code(), count - 1, this.options.requestTimeout(),
						(counts) -> "timeout reached while waiting for allRooms response",
						this.transport.publish(this.channels.request(), request))
				.map((answers) -> {
					answers.forEach((answer) -> rooms.addAll(Packets.names(answer.path("rooms"))));
					return Set.copyOf(rooms);
				});
		});
	}

	@Override
	public void addSockets(BroadcastOptions options, Set<String> rooms) {
		if (!options.flags().local()) {
			publishRequest(ClassicMessages.joinOrLeave(this.uid, ClassicRequestType.REMOTE_JOIN, options, rooms));
		}
		super.addSockets(options, rooms);
	}

	@Override
	public void delSockets(BroadcastOptions options, Set<String> rooms) {
		if (!options.flags().local()) {
			publishRequest(ClassicMessages.joinOrLeave(this.uid, ClassicRequestType.REMOTE_LEAVE, options, rooms));
		}
		super.delSockets(options, rooms);
	}

	@Override
	public void disconnectSockets(BroadcastOptions options, boolean close) {
		if (!options.flags().local()) {
			publishRequest(ClassicMessages.disconnect(this.uid, options, close));
		}
		super.disconnectSockets(options, close);
	}

	@Override
	public void serverSideEmit(String event, Object[] args) {
		publishRequest(
				ClassicMessages.serverSideEmit(this.uid, null, Packets.eventData(event, args, namespace().mapper())));
	}

	@Override
	public Mono<List<JsonNode>> serverSideEmitWithAck(String event, Object[] args, long timeoutMillis) {
		ArrayNode data = Packets.eventData(event, args, namespace().mapper());
		return serverCount().flatMap((count) -> {
			if (count <= 1) {
				return Mono.just(List.of());
			}
			String requestId = ClusterIds.classic();
			byte[] request = ClusterCodec.json(ClassicMessages.serverSideEmit(this.uid, requestId, data));
			return this.requests.start(requestId, ClassicRequestType.SERVER_SIDE_EMIT.code(), count - 1,
					Duration.ofMillis(timeoutMillis),
					(counts) -> "timeout reached: only " + counts[0] + " responses received out of " + counts[1],
					this.transport.publish(this.channels.request(), request));
		});
	}

	private void publishRequest(ObjectNode request) {
		publish(this.channels.request(), ClusterCodec.json(request));
	}

	private void publish(String channel, byte[] payload) {
		this.transport.publish(channel, payload)
			.subscribe(null, (error) -> logger.debug("Publication on " + channel + " failed: " + error.getMessage()));
	}

	// ---- messages from the other servers

	private void onBroadcast(String channel, byte[] payload) {
		String prefix = this.channels.broadcast();
		if (this.closed || !channel.startsWith(prefix)) {
			return;
		}
		String room = (channel.length() > prefix.length()) ? channel.substring(prefix.length(), channel.length() - 1)
				: "";
		if (!room.isEmpty() && !hasRoom(room)) {
			return;
		}
		try {
			JsonNode message = ClusterCodec.decode(payload);
			if (!message.isArray() || message.size() < 2 || !message.get(1).isObject()) {
				throw new MalformedMessageException("not a broadcast array");
			}
			if (this.uid.equals(message.get(0).asString(""))) {
				return;
			}
			JsonNode packet = message.get(1);
			String nsp = Packets.text(packet, "nsp");
			if (!((nsp != null) ? nsp : "/").equals(namespace().name())) {
				return;
			}
			BroadcastMessage broadcast = readMessage(packet);
			try {
				super.broadcast(broadcast, Packets.readOptions(message.path(2)));
			}
			finally {
				broadcast.release();
			}
		}
		catch (MalformedMessageException ex) {
			dropped(channel, ex);
		}
	}

	private void onRequest(String channel, byte[] payload) {
		if (this.closed) {
			return;
		}
		try {
			JsonNode request = decodeObject(payload);
			ClassicRequestType type = ClassicRequestType.of(request.path("type").asInt(-1));
			if (type == null) {
				throw new MalformedMessageException("unknown request type " + request.get("type"));
			}
			onRequest(type, request);
		}
		catch (MalformedMessageException ex) {
			dropped(channel, ex);
		}
	}

	private void onRequest(ClassicRequestType type, JsonNode request) {
		String requestId = Packets.text(request, "requestId");
		String sender = Packets.text(request, "uid");
		boolean own = this.uid.equals(sender);
		switch (type) {
			case SOCKETS -> {
				if (!own && requestId != null && !this.requests.contains(requestId)) {
					respond(sender, ClusterCodec
						.json(ClassicMessages.socketIds(requestId, sockets(Packets.names(request.path("rooms"))))));
				}
			}
			case ALL_ROOMS -> {
				if (!own && requestId != null && !this.requests.contains(requestId)) {
					respond(sender, ClusterCodec.json(ClassicMessages.rooms(requestId, rooms().keySet())));
				}
			}
			case REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT -> {
				if (request.has("sid")) {
					onLegacyRequest(type, request, requestId, sender);
				}
				else if (!own) {
					onRoomsRequest(type, request);
				}
			}
			case REMOTE_FETCH -> {
				if (!own && requestId != null && !this.requests.contains(requestId)) {
					respond(sender, ClusterCodec
						.json(ClassicMessages.fetchedSockets(requestId, localSockets(readOptions(request)))));
				}
			}
			case SERVER_SIDE_EMIT -> {
				if (!own) {
					onServerSideEmit(request, requestId);
				}
			}
			case BROADCAST -> {
				if (!own && requestId != null && !this.ackRequests.containsKey(requestId)) {
					onBroadcastWithAck(request, requestId, sender);
				}
			}
			default -> {
				// answers are read on the response channels
			}
		}
	}

	private void onRoomsRequest(ClassicRequestType type, JsonNode request) {
		BroadcastOptions targets = readOptions(request);
		switch (type) {
			case REMOTE_JOIN -> super.addSockets(targets, Packets.names(request.path("rooms")));
			case REMOTE_LEAVE -> super.delSockets(targets, Packets.names(request.path("rooms")));
			default -> super.disconnectSockets(targets, request.path("close").asBoolean(false));
		}
	}

	private void onLegacyRequest(ClassicRequestType type, JsonNode request, @Nullable String requestId,
			@Nullable String sender) {
		LocalSocket socket = namespace().localSocket(request.path("sid").asString(""));
		if (socket == null) {
			return;
		}
		String room = request.path("room").asString("");
		switch (type) {
			case REMOTE_JOIN -> socket.join(Set.of(room));
			case REMOTE_LEAVE -> socket.leave(room);
			default -> socket.disconnect(request.path("close").asBoolean(false));
		}
		if (requestId != null) {
			respond(sender, ClusterCodec.json(ClassicMessages.done(requestId)));
		}
	}

	private void onServerSideEmit(JsonNode request, @Nullable String requestId) {
		JsonNode data = request.path("data");
		if (!data.isArray() || data.isEmpty()) {
			throw new MalformedMessageException("server-side emit without event");
		}
		if (requestId == null) {
			namespace().onServerSideEmit((ArrayNode) data, null);
			return;
		}
		namespace().onServerSideEmit((ArrayNode) data, (answer) -> {
			JsonNode value = (answer == null) ? nodes.nullNode() : namespace().mapper().valueToTree(answer);
			// the reference always answers server-side emits on the common channel
			publish(this.channels.response(),
					ClusterCodec.json(ClassicMessages.serverSideEmitAnswer(requestId, value)));
		});
	}

	private void onBroadcastWithAck(JsonNode request, String requestId, @Nullable String sender) {
		BroadcastMessage message = readMessage(request.path("packet"));
		Duration timeout = Packets.timeout(request.path("opts"));
		message.ackId(namespace().nextAckId());
		RemoteAckRequest requester = new RemoteAckRequest(
				(count) -> respond(sender, ClusterCodec.json(ClassicMessages.clientCount(requestId, count))),
				(socketId, answer) -> respond(sender,
						ClusterCodec.msgpack(ClassicMessages.ack(requestId, answer, socketId))));
		try {
			super.broadcastWithAck(message, Packets.readOptions(request.path("opts")), requester);
		}
		finally {
			message.release();
		}
		requester.expireAfter(message.ackId(), (timeout != null) ? timeout : this.options.requestTimeout());
	}

	private void onResponse(String channel, byte[] payload) {
		if (this.closed) {
			return;
		}
		try {
			JsonNode response = decodeObject(payload);
			String requestId = Packets.text(response, "requestId");
			if (requestId == null) {
				return;
			}
			AckCollector collector = this.ackRequests.get(requestId);
			if (collector != null) {
				onBroadcastAnswer(collector, response);
				return;
			}
			Integer type = this.requests.type(requestId);
			if (type == null) {
				return;
			}
			if (type == ClassicRequestType.SERVER_SIDE_EMIT.code()) {
				JsonNode data = response.get("data");
				this.requests.answer(requestId, (data != null) ? data : nodes.nullNode());
			}
			else {
				this.requests.answer(requestId, response);
			}
		}
		catch (MalformedMessageException ex) {
			dropped(channel, ex);
		}
	}

	private void onBroadcastAnswer(AckCollector collector, JsonNode response) {
		int type = response.path("type").asInt(-1);
		if (type == ClassicRequestType.BROADCAST_CLIENT_COUNT.code()) {
			collector.onClientCount(response.path("clientCount").asInt(0));
		}
		else if (type == ClassicRequestType.BROADCAST_ACK.code()) {
			ArrayNode args = nodes.arrayNode(1);
			if (response.has("packet")) {
				args.add(response.get("packet"));
			}
			String socketId = Packets.text(response, "socketId");
			collector.onAck((socketId != null) ? socketId : "", args);
		}
	}

	// ---- helpers

	private void respond(@Nullable String requester, byte[] response) {
		String channel = (this.options.publishOnSpecificResponseChannel() && requester != null)
				? this.channels.response(requester) : this.channels.response();
		publish(channel, response);
	}

	private ArrayNode localSockets(BroadcastOptions targets) {
		ArrayNode sockets = nodes.arrayNode();
		apply(targets, (socket) -> sockets.add(ClassicMessages.socket(socket.id(), socket.handshakeJson(),
				socketRooms(socket.id()), socket.dataJson())));
		return sockets;
	}

	private BroadcastMessage readMessage(JsonNode packet) {
		BroadcastMessage message = Packets.readMessage(packet, namespace().name(), namespace().encoder());
		if (message == null) {
			throw new MalformedMessageException("not an event packet");
		}
		return message;
	}

	private static BroadcastOptions readOptions(JsonNode request) {
		return Packets.readOptions(request.path("opts"));
	}

	private static JsonNode decodeObject(byte[] payload) {
		JsonNode message = ClusterCodec.decode(payload);
		if (!message.isObject()) {
			throw new MalformedMessageException("not a map");
		}
		return message;
	}

	private void dropped(String channel, MalformedMessageException ex) {
		logger.warn("Dropped a malformed message on " + channel + ": " + ex.getMessage());
	}

}
