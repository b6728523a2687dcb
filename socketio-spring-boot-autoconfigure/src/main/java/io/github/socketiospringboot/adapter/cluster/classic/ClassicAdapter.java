package io.github.socketiospringboot.adapter.cluster.classic;

import java.util.Set;

import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.LocalSocket;
import io.github.socketiospringboot.adapter.cluster.ClusterAdapter;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import io.github.socketiospringboot.adapter.cluster.MalformedMessageException;
import io.github.socketiospringboot.adapter.cluster.PubSubTransport;
import io.github.socketiospringboot.internal.cluster.ClusterCodec;
import io.github.socketiospringboot.internal.cluster.Packets;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The adapter of one namespace in a cluster that speaks the classic protocol of the
 * official Node Redis adapter ({@code createAdapter}): broadcasts, room changes and
 * queries reach every server subscribed to the namespace's channels, Node servers and the
 * Node emitter included; {@code local()} operations stay on this server.
 *
 * <p>
 * The flows are {@link ClusterAdapter}'s; this class writes them as the classic
 * protocol's arrays and requests, on its broadcast, request and response channels, over a
 * {@link PubSubTransport}. Unlike the Node adapter, which waits for its own copy of a
 * join, leave or disconnect request to come back, this one applies them to its own
 * sockets at once and ignores its own copy; the result is the same, and local operations
 * go on while the bus is unreachable.
 */
final class ClassicAdapter extends ClusterAdapter {

	private static final Log logger = LogFactory.getLog(ClassicAdapter.class);

	private final PubSubTransport transport;

	private final ClassicOptions options;

	private final ClassicChannels channels;

	/**
	 * Creates the adapter of a namespace.
	 * @param namespace the namespace
	 * @param transport the bus this server's adapters share
	 * @param options the protocol settings
	 */
	public ClassicAdapter(AdapterHost namespace, PubSubTransport transport, ClassicOptions options) {
		this(namespace, transport, options, ClusterObserver.NONE);
	}

	/**
	 * Creates the adapter of a namespace whose traffic is observed.
	 * @param namespace the namespace
	 * @param transport the bus this server's adapters share
	 * @param options the protocol settings
	 * @param observer observes the adapter's traffic
	 */
	public ClassicAdapter(AdapterHost namespace, PubSubTransport transport, ClassicOptions options,
			ClusterObserver observer) {
		super(namespace, options.requestTimeout(), observer, ClusterIds::classic);
		this.transport = transport;
		this.options = options;
		this.channels = new ClassicChannels(options.prefix(), namespace.name());
	}

	@Override
	public Mono<Void> init() {
		return Mono.when(this.transport.psubscribe(this.channels.broadcastPattern(), this::onBroadcast),
				this.transport.subscribe(this.channels.request(), this::onRequest),
				this.transport.subscribe(this.channels.response(), this::onResponse),
				this.transport.subscribe(this.channels.response(uid()), this::onResponse));
	}

	@Override
	public Mono<Void> close() {
		Mono<Void> closed = super.close();
		return closed
			.then(Mono
				.when(this.transport.punsubscribe(this.channels.broadcastPattern()),
						this.transport.unsubscribe(this.channels.request()),
						this.transport.unsubscribe(this.channels.response()),
						this.transport.unsubscribe(this.channels.response(uid())))
				.onErrorResume((error) -> Mono.empty()));
	}

	// ---- the transport

	@Override
	protected Mono<String> doPublish(ClusterMessage message) {
		if (message instanceof ClusterMessage.Broadcast broadcast && broadcast.requestId() == null) {
			byte[] payload = ClusterCodec
				.msgpack(ClassicMessages.broadcast(uid(), Packets.packet(broadcast.data(), broadcast.namespace()),
						Packets.options(broadcast.options(), null, true)));
			Set<String> rooms = broadcast.options().rooms();
			String channel = (rooms.size() == 1) ? this.channels.room(rooms.iterator().next())
					: this.channels.broadcast();
			return this.transport.publish(channel, payload).then(Mono.empty());
		}
		return this.transport.publish(this.channels.request(), ClassicMessages.request(uid(), message))
			.then(Mono.empty());
	}

	@Override
	protected Mono<Void> doPublishResponse(@Nullable String requesterUid, ClusterMessage.Response response) {
		// the reference always answers server-side emits on the common channel
		String channel = (response instanceof ClusterMessage.ServerSideEmitResponse) ? this.channels.response()
				: responseChannel(requesterUid);
		return this.transport.publish(channel, ClassicMessages.response(response));
	}

	private String responseChannel(@Nullable String requester) {
		return (this.options.publishOnSpecificResponseChannel() && requester != null)
				? this.channels.response(requester) : this.channels.response();
	}

	@Override
	protected Mono<Integer> countServers() {
		return this.transport.subscriberCount(this.channels.request());
	}

	@Override
	protected boolean hasAllRoomsRequest() {
		return true;
	}

	@Override
	protected String timeoutMessage(ClusterMessage request, int received, int expected) {
		if (request instanceof ClusterMessage.FetchSockets) {
			return "timeout reached while waiting for fetchSockets response";
		}
		if (request instanceof ClusterMessage.AllRooms) {
			return "timeout reached while waiting for allRooms response";
		}
		return super.timeoutMessage(request, received, expected);
	}

	// ---- messages from the other servers

	private void onBroadcast(String channel, byte[] payload) {
		String prefix = this.channels.broadcast();
		if (isClosed() || !channel.startsWith(prefix)) {
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
			String sender = message.get(0).asString("");
			JsonNode packet = message.get(1);
			String nsp = Packets.text(packet, "nsp");
			if (uid().equals(sender) || !((nsp != null) ? nsp : "/").equals(namespace().name())) {
				return;
			}
			onMessage(new ClusterMessage.Broadcast(sender, namespace().name(), Packets.eventData(packet),
					Packets.readOptions(message.path(2)), null, null), null);
		}
		catch (MalformedMessageException ex) {
			dropped(channel, ex);
		}
	}

	private void onRequest(String channel, byte[] payload) {
		if (isClosed()) {
			return;
		}
		try {
			JsonNode request = decodeObject(payload);
			ClassicRequestType type = ClassicRequestType.of(request.path("type").asInt(-1));
			if (type == null) {
				throw new MalformedMessageException("unknown request type " + request.get("type"));
			}
			if (isLegacy(type, request)) {
				onLegacyRequest(type, request);
			}
			else if (!uid().equals(Packets.text(request, "uid"))) {
				ClusterMessage message = ClassicMessages.readRequest(type, request, namespace().name());
				if (message != null) {
					onMessage(message, null);
				}
			}
		}
		catch (MalformedMessageException ex) {
			dropped(channel, ex);
		}
	}

	/**
	 * Tells the requests of older Node adapters: socket ids in rooms, and the join, leave
	 * or disconnection of one socket by id.
	 */
	private static boolean isLegacy(ClassicRequestType type, JsonNode request) {
		return switch (type) {
			case SOCKETS -> true;
			case REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT -> request.has("sid");
			default -> false;
		};
	}

	private void onLegacyRequest(ClassicRequestType type, JsonNode request) {
		String requestId = Packets.text(request, "requestId");
		String sender = Packets.text(request, "uid");
		if (type == ClassicRequestType.SOCKETS) {
			if (requestId != null && !uid().equals(sender)) {
				respond(sender, ClassicMessages.socketIds(requestId, sockets(Packets.names(request.path("rooms")))));
			}
			return;
		}
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
			respond(sender, ClassicMessages.done(requestId));
		}
	}

	private void respond(@Nullable String requester, JsonNode response) {
		String channel = responseChannel(requester);
		this.transport.publish(channel, ClusterCodec.json(response))
			.subscribe(null, (error) -> logger.debug("Publication on " + channel + " failed: " + error.getMessage()));
	}

	private void onResponse(String channel, byte[] payload) {
		if (isClosed()) {
			return;
		}
		try {
			ClusterMessage.Response response = ClassicMessages.readResponse(decodeObject(payload), namespace().name());
			if (response != null) {
				onMessage(response, null);
			}
		}
		catch (MalformedMessageException ex) {
			dropped(channel, ex);
		}
	}

	private static JsonNode decodeObject(byte[] payload) {
		JsonNode message = ClusterCodec.decode(payload);
		if (!message.isObject()) {
			throw new MalformedMessageException("not a map");
		}
		return message;
	}

}
