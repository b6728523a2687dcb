package io.github.socketiospringboot.adapter.cluster.sharded;

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
import io.github.socketiospringboot.adapter.RoomEvent;
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
 * The adapter of one namespace in a cluster that speaks the ClusterAdapter protocol of
 * the official Node sharded Redis adapter ({@code createShardedAdapter}): broadcasts,
 * room changes and queries reach every server subscribed to the namespace's main channel;
 * {@code local()} operations stay on this server. As in the reference, this server
 * applies its own broadcasts, joins, leaves and disconnections to its own sockets and
 * ignores its own messages.
 */
public class ShardedAdapter extends InMemoryAdapter {

	private static final Log logger = LogFactory.getLog(ShardedAdapter.class);

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	/** The length of the socket ids of Node servers and of this one. */
	private static final int SOCKET_ID_LENGTH = 20;

	private final PubSubTransport transport;

	private final ShardedOptions options;

	private final ShardedChannels channels;

	private final String uid = ClusterIds.cluster();

	private final PendingRequests requests = new PendingRequests();

	private final Map<String, AckCollector> ackRequests = new ConcurrentHashMap<>();

	private final Set<String> roomChannels = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	/**
	 * Creates the adapter of a namespace.
	 * @param namespace the namespace
	 * @param transport the sharded bus this server's adapters share
	 * @param options the protocol settings
	 */
	public ShardedAdapter(AdapterHost namespace, PubSubTransport transport, ShardedOptions options) {
		super(namespace);
		this.transport = transport;
		this.options = options;
		this.channels = new ShardedChannels(options.prefix(), namespace.name());
		if (options.subscriptionMode() != SubscriptionMode.STATIC) {
			addRoomListener(this::onRoomEvent);
		}
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
	public ShardedChannels channels() {
		return this.channels;
	}

	@Override
	public Mono<Void> init() {
		List<Mono<Void>> subscriptions = new ArrayList<>();
		subscriptions.add(this.transport.subscribe(this.channels.main(), this::onMessage));
		subscriptions.add(this.transport.subscribe(this.channels.privateChannel(this.uid), this::onMessage));
		for (String room : rooms().keySet()) {
			if (hasOwnChannel(room) && this.roomChannels.add(room)) {
				subscriptions.add(this.transport.subscribe(this.channels.room(room), this::onMessage));
			}
		}
		return Mono.when(subscriptions);
	}

	@Override
	public Mono<Void> close() {
		this.closed = true;
		this.requests.failAll(new IllegalStateException("The adapter of " + namespace().name() + " is closed"));
		List<Mono<Void>> unsubscriptions = new ArrayList<>();
		unsubscriptions.add(this.transport.unsubscribe(this.channels.main()));
		unsubscriptions.add(this.transport.unsubscribe(this.channels.privateChannel(this.uid)));
		for (String room : List.copyOf(this.roomChannels)) {
			this.roomChannels.remove(room);
			unsubscriptions.add(this.transport.unsubscribe(this.channels.room(room)));
		}
		return Mono.when(unsubscriptions).onErrorResume((error) -> Mono.empty());
	}

	private void onRoomEvent(RoomEvent event) {
		if (this.closed) {
			return;
		}
		String room = event.room();
		if (event.type() == RoomEvent.Type.CREATE_ROOM && hasOwnChannel(room) && this.roomChannels.add(room)) {
			subscription(this.transport.subscribe(this.channels.room(room), this::onMessage), room);
		}
		else if (event.type() == RoomEvent.Type.DELETE_ROOM && this.roomChannels.remove(room)) {
			subscription(this.transport.unsubscribe(this.channels.room(room)), room);
		}
	}

	private void subscription(Mono<Void> command, String room) {
		command.subscribe(null, (error) -> logger
			.debug("Subscription change of room " + room + " in " + namespace().name() + " failed: " + error));
	}

	/** Whether this server listens on the room's own channel (called on creation). */
	private boolean hasOwnChannel(String room) {
		boolean socketRoom = !socketRooms(room).isEmpty();
		return switch (this.options.subscriptionMode()) {
			case STATIC -> false;
			case DYNAMIC -> !socketRoom;
			case DYNAMIC_PRIVATE -> true;
		};
	}

	/**
	 * The channel of a broadcast without acknowledgements, as the Node adapter picks it.
	 */
	private String broadcastChannel(BroadcastOptions options) {
		if (options.rooms().size() != 1) {
			return this.channels.main();
		}
		String room = options.rooms().iterator().next();
		return switch (this.options.subscriptionMode()) {
			case STATIC -> this.channels.main();
			case DYNAMIC -> (room.length() == SOCKET_ID_LENGTH) ? this.channels.main() : this.channels.room(room);
			case DYNAMIC_PRIVATE -> this.channels.room(room);
		};
	}

	// ---- operations of this server

	@Override
	public void broadcast(BroadcastMessage message, BroadcastOptions options) {
		if (!options.flags().local()) {
			try {
				ObjectNode packet = Packets.packet(message, namespace().mapper(), null);
				publish(broadcastChannel(options), ClusterMessageType.BROADCAST,
						ClusterMessages.broadcast(packet, null, Packets.options(options, null, true)));
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
			String requestId = ClusterIds.cluster();
			this.ackRequests.put(requestId, collector);
			Schedulers.parallel()
				.schedule(() -> this.ackRequests.remove(requestId), timeout.toMillis(), TimeUnit.MILLISECONDS);
			ObjectNode packet = Packets.packet(message, namespace().mapper(), null);
			publish(this.channels.main(), ClusterMessageType.BROADCAST,
					ClusterMessages.broadcast(packet, requestId, Packets.options(options, timeout, true)));
		}
		super.broadcastWithAck(message, options, collector);
	}

	@Override
	public Mono<Integer> serverCount() {
		return this.transport.subscriberCount(this.channels.main());
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
			String requestId = ClusterIds.cluster();
			byte[] request = ClusterMessages.encode(ClusterMessageType.FETCH_SOCKETS,
					ClusterMessages.fetchSockets(Packets.options(options, null, true), requestId), this.uid,
					namespace().name());
			Mono<List<JsonNode>> remote = this.requests.start(requestId, ClusterMessageType.FETCH_SOCKETS.code(),
					count - 1, this.options.requestTimeout(), ShardedAdapter::timeoutMessage,
					this.transport.publish(this.channels.main(), request));
			return local.zipWith(remote, (found, answers) -> {
				List<SocketDetails> all = new ArrayList<>(found);
				for (JsonNode answer : answers) {
					String server = answer.path("uid").asString("");
					for (JsonNode socket : answer.path("data").path("sockets")) {
						String id = Packets.text(socket, "id");
						if (id != null) {
							all.add(new SocketDetails(id, Packets.names(socket.path("rooms")), socket.get("handshake"),
									socket.get("data"), null, server));
						}
					}
				}
				return all;
			});
		});
	}

	/**
	 * Returns every room of the namespace across the cluster. The protocol has no request
	 * for it, so this asks every server for its sockets (as fetchSockets does) and
	 * gathers their rooms.
	 */
	@Override
	public Mono<Set<String>> allRooms() {
		return fetchSockets(BroadcastOptions.ALL).map((sockets) -> {
			Set<String> rooms = new LinkedHashSet<>(rooms().keySet());
			sockets.forEach((socket) -> rooms.addAll(socket.rooms()));
			return Set.copyOf(rooms);
		});
	}

	@Override
	public void addSockets(BroadcastOptions options, Set<String> rooms) {
		if (!options.flags().local()) {
			publish(this.channels.main(), ClusterMessageType.SOCKETS_JOIN,
					ClusterMessages.rooms(Packets.options(options, null, true), rooms));
		}
		super.addSockets(options, rooms);
	}

	@Override
	public void delSockets(BroadcastOptions options, Set<String> rooms) {
		if (!options.flags().local()) {
			publish(this.channels.main(), ClusterMessageType.SOCKETS_LEAVE,
					ClusterMessages.rooms(Packets.options(options, null, true), rooms));
		}
		super.delSockets(options, rooms);
	}

	@Override
	public void disconnectSockets(BroadcastOptions options, boolean close) {
		if (!options.flags().local()) {
			publish(this.channels.main(), ClusterMessageType.DISCONNECT_SOCKETS,
					ClusterMessages.disconnect(Packets.options(options, null, true), close));
		}
		super.disconnectSockets(options, close);
	}

	@Override
	public void serverSideEmit(String event, Object[] args) {
		publish(this.channels.main(), ClusterMessageType.SERVER_SIDE_EMIT,
				ClusterMessages.serverSideEmit(null, Packets.eventData(event, args, namespace().mapper())));
	}

	@Override
	public Mono<List<JsonNode>> serverSideEmitWithAck(String event, Object[] args, long timeoutMillis) {
		ArrayNode packet = Packets.eventData(event, args, namespace().mapper());
		return serverCount().flatMap((count) -> {
			if (count <= 1) {
				return Mono.just(List.of());
			}
			String requestId = ClusterIds.cluster();
			byte[] request = ClusterMessages.encode(ClusterMessageType.SERVER_SIDE_EMIT,
					ClusterMessages.serverSideEmit(requestId, packet), this.uid, namespace().name());
			return this.requests.start(requestId, ClusterMessageType.SERVER_SIDE_EMIT.code(), count - 1,
					Duration.ofMillis(timeoutMillis), ShardedAdapter::timeoutMessage,
					this.transport.publish(this.channels.main(), request));
		});
	}

	private static String timeoutMessage(int[] counts) {
		return "timeout reached: only " + counts[0] + " responses received out of " + counts[1];
	}

	private void publish(String channel, ClusterMessageType type, ObjectNode data) {
		byte[] payload = ClusterMessages.encode(type, data, this.uid, namespace().name());
		this.transport.publish(channel, payload)
			.subscribe(null, (error) -> logger.debug("Publication on " + channel + " failed: " + error.getMessage()));
	}

	private void respond(@Nullable String requester, ClusterMessageType type, ObjectNode data) {
		if (requester != null) {
			publish(this.channels.privateChannel(requester), type, data);
		}
	}

	// ---- messages from the other servers

	private void onMessage(String channel, byte[] payload) {
		if (this.closed) {
			return;
		}
		try {
			JsonNode message = ClusterCodec.decode(payload);
			if (!message.isObject()) {
				throw new MalformedMessageException("not a map");
			}
			String sender = Packets.text(message, "uid");
			if (this.uid.equals(sender) || !namespace().name().equals(Packets.text(message, "nsp"))) {
				return;
			}
			ClusterMessageType type = ClusterMessageType.of(message.path("type").asInt(-1));
			if (type == null) {
				throw new MalformedMessageException("unknown message type " + message.get("type"));
			}
			onMessage(type, message.path("data"), sender, message);
		}
		catch (MalformedMessageException ex) {
			logger.warn("Dropped a malformed message on " + channel + ": " + ex.getMessage());
		}
	}

	private void onMessage(ClusterMessageType type, JsonNode data, @Nullable String sender, JsonNode message) {
		String requestId = Packets.text(data, "requestId");
		switch (type) {
			case BROADCAST -> onBroadcast(data, requestId, sender);
			case SOCKETS_JOIN -> super.addSockets(readOptions(data), Packets.names(data.path("rooms")));
			case SOCKETS_LEAVE -> super.delSockets(readOptions(data), Packets.names(data.path("rooms")));
			case DISCONNECT_SOCKETS -> super.disconnectSockets(readOptions(data), data.path("close").asBoolean(false));
			case FETCH_SOCKETS -> {
				if (requestId != null) {
					respond(sender, ClusterMessageType.FETCH_SOCKETS_RESPONSE,
							ClusterMessages.fetchedSockets(requestId, localSockets(readOptions(data))));
				}
			}
			case SERVER_SIDE_EMIT -> onServerSideEmit(data, requestId, sender);
			case BROADCAST_CLIENT_COUNT -> {
				AckCollector collector = (requestId != null) ? this.ackRequests.get(requestId) : null;
				if (collector != null) {
					collector.onClientCount(data.path("clientCount").asInt(0));
				}
			}
			case BROADCAST_ACK -> {
				AckCollector collector = (requestId != null) ? this.ackRequests.get(requestId) : null;
				if (collector != null) {
					ArrayNode args = nodes.arrayNode(1);
					if (data.has("packet")) {
						args.add(data.get("packet"));
					}
					String socketId = Packets.text(data, "socketId");
					collector.onAck((socketId != null) ? socketId : "", args);
				}
			}
			case FETCH_SOCKETS_RESPONSE -> {
				if (requestId != null) {
					this.requests.answer(requestId, message);
				}
			}
			case SERVER_SIDE_EMIT_RESPONSE -> {
				if (requestId != null) {
					JsonNode answer = data.get("packet");
					this.requests.answer(requestId, (answer != null) ? answer : nodes.nullNode());
				}
			}
			default -> {
				// heartbeats belong to other transports of the protocol
			}
		}
	}

	private void onBroadcast(JsonNode data, @Nullable String requestId, @Nullable String sender) {
		BroadcastMessage message = Packets.readMessage(data.path("packet"), namespace().name(), namespace().encoder());
		if (message == null) {
			throw new MalformedMessageException("not an event packet");
		}
		BroadcastOptions targets = readOptions(data);
		if (requestId == null) {
			try {
				super.broadcast(message, targets);
			}
			finally {
				message.release();
			}
			return;
		}
		Duration timeout = Packets.timeout(data.path("opts"));
		message.ackId(namespace().nextAckId());
		RemoteAckRequest requester = new RemoteAckRequest(
				(count) -> respond(sender, ClusterMessageType.BROADCAST_CLIENT_COUNT,
						ClusterMessages.clientCount(requestId, count)),
				(socketId, answer) -> respond(sender, ClusterMessageType.BROADCAST_ACK,
						ClusterMessages.answer(requestId, answer, socketId)));
		try {
			super.broadcastWithAck(message, targets, requester);
		}
		finally {
			message.release();
		}
		requester.expireAfter(message.ackId(), (timeout != null) ? timeout : this.options.requestTimeout());
	}

	private void onServerSideEmit(JsonNode data, @Nullable String requestId, @Nullable String sender) {
		JsonNode packet = data.path("packet");
		if (!packet.isArray() || packet.isEmpty()) {
			throw new MalformedMessageException("server-side emit without event");
		}
		if (requestId == null) {
			namespace().onServerSideEmit((ArrayNode) packet, null);
			return;
		}
		namespace().onServerSideEmit((ArrayNode) packet, (answer) -> {
			JsonNode value = (answer == null) ? nodes.nullNode() : namespace().mapper().valueToTree(answer);
			respond(sender, ClusterMessageType.SERVER_SIDE_EMIT_RESPONSE,
					ClusterMessages.answer(requestId, value, null));
		});
	}

	private ArrayNode localSockets(BroadcastOptions targets) {
		ArrayNode sockets = nodes.arrayNode();
		apply(targets, (socket) -> sockets.add(ClusterMessages.socket(socket.id(), socket.handshakeJson(),
				socketRooms(socket.id()), socket.dataJson())));
		return sockets;
	}

	private static BroadcastOptions readOptions(JsonNode data) {
		return Packets.readOptions(data.path("opts"));
	}

}
