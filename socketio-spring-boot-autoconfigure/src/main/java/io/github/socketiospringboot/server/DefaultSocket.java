package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.socketiospringboot.engine.WriteExecutor;
import io.github.socketiospringboot.adapter.BroadcastFlags;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.LocalSocket;
import io.github.socketiospringboot.protocol.EncodedPacket;
import io.github.socketiospringboot.protocol.Packet;
import io.github.socketiospringboot.protocol.PacketDecoder;
import io.netty.util.Timeout;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The server's socket: one client connection joined to one namespace.
 */
final class DefaultSocket implements SocketIOSocket, LocalSocket {

	private static final Log logger = LogFactory.getLog(DefaultSocket.class);

	private final String id;

	private final Namespace namespace;

	private final Client client;

	private final Handshake handshake;

	// Listener lists and maps are immutable snapshots replaced under the socket's
	// monitor,
	// and the maps below are created on first use: an idle socket holds no collection of
	// its own

	private volatile @Nullable ConcurrentMap<String, Object> data;

	private volatile Map<String, List<EventHandler>> handlers = Map.of();

	private volatile List<AnyListener> anyListeners = List.of();

	private volatile List<AnyListener> anyOutgoingListeners = List.of();

	private volatile List<PacketMiddleware> middlewares = List.of();

	private volatile List<DisconnectListener> disconnectingListeners = List.of();

	private volatile List<DisconnectListener> disconnectListeners = List.of();

	private volatile List<Consumer<Throwable>> errorListeners = List.of();

	private volatile @Nullable Map<Long, Consumer<JsonNode>> acks;

	/**
	 * The one awaited acknowledgement most sockets have at a time, kept out of
	 * {@link #acks}; guarded by this socket's monitor.
	 */
	private long soleAckId;

	private @Nullable Consumer<JsonNode> soleAck;

	/** The connection's write executor once it is settled on one; racy but idempotent. */
	private @Nullable WriteExecutor executor;

	private static final AtomicIntegerFieldUpdater<DefaultSocket> CLOSING = AtomicIntegerFieldUpdater
		.newUpdater(DefaultSocket.class, "closing");

	private volatile int closing;

	private volatile boolean connected;

	DefaultSocket(Namespace namespace, Client client, JsonNode auth) {
		this.namespace = namespace;
		this.client = client;
		this.id = namespace.server().engine().generateId();
		this.handshake = new Handshake(client.connection().request(), auth);
	}

	static void checkEventName(String event) {
		if (PacketDecoder.RESERVED_EVENTS.contains(event)) {
			throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
		}
	}

	Client client() {
		return this.client;
	}

	private ObjectMapper mapper() {
		return this.namespace.server().mapper();
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public Namespace namespace() {
		return this.namespace;
	}

	@Override
	public Handshake handshake() {
		return this.handshake;
	}

	@Override
	public ConcurrentMap<String, Object> data() {
		ConcurrentMap<String, Object> map = this.data;
		if (map == null) {
			synchronized (this) {
				map = this.data;
				if (map == null) {
					map = new ConcurrentHashMap<>();
					this.data = map;
				}
			}
		}
		return map;
	}

	@Override
	public JsonNode handshakeJson() {
		return HandshakeJson.toJson(this.handshake, mapper());
	}

	@Override
	public JsonNode dataJson() {
		ConcurrentMap<String, Object> map = this.data;
		return mapper().valueToTree((map != null) ? map : Map.of());
	}

	@Override
	public boolean connected() {
		return this.connected;
	}

	@Override
	public Set<String> rooms() {
		return this.namespace.adapter().socketRooms(this.id);
	}

	// ---- joining rooms

	@Override
	public void join(String... rooms) {
		join(Set.of(rooms));
	}

	@Override
	public void join(Collection<String> rooms) {
		join(Set.copyOf(rooms));
	}

	@Override
	public void join(Set<String> rooms) {
		if (this.closing == 0) {
			this.namespace.adapter().addAll(this.id, rooms);
		}
	}

	@Override
	public void leave(String room) {
		this.namespace.adapter().del(this.id, room);
	}

	// ---- sending

	@Override
	public void emit(String event, Object... args) {
		send(event, args, false);
	}

	void send(String event, @Nullable Object[] args, boolean isVolatile) {
		checkEventName(event);
		if (!this.connected || (isVolatile && !this.client.connection().isWritable())) {
			return;
		}
		notifyOutgoing(event, args);
		EncodedPacket packet = this.namespace.server()
			.encoder()
			.event(this.namespace.name(), event, args, Packet.NO_ACK);
		try {
			this.client.send(packet);
		}
		finally {
			packet.release();
		}
	}

	Mono<Ack> sendWithAck(String event, @Nullable Object[] args, @Nullable Duration timeout, boolean isVolatile) {
		checkEventName(event);
		Duration effective = (timeout != null) ? timeout : this.namespace.server().options().defaultAckTimeout();
		return Mono.create((sink) -> {
			if (!this.connected) {
				// gone: nobody to ask, as a broadcast with no recipient completes at once
				sink.success();
				return;
			}
			long ackId = this.namespace.nextAckId();
			AtomicBoolean done = new AtomicBoolean();
			Timeout timer = this.namespace.server().engine().schedule(() -> {
				if (done.compareAndSet(false, true)) {
					cancelAck(ackId);
					sink.error(new AckTimeoutException(effective, List.of(), Set.of(this.id), 1));
				}
			}, effective.toMillis());
			sink.onCancel(() -> {
				if (done.compareAndSet(false, true)) {
					timer.cancel();
					cancelAck(ackId);
				}
			});
			expectAck(ackId, (answer) -> {
				if (done.compareAndSet(false, true)) {
					timer.cancel();
					ArrayNode array = (answer instanceof ArrayNode node) ? node : mapper().createArrayNode();
					sink.success(new Ack(this.id, array, mapper()));
				}
			});
			if (isVolatile && !this.client.connection().isWritable()) {
				// dropped on the way, as a volatile packet may be: the answer times out
				return;
			}
			notifyOutgoing(event, args);
			EncodedPacket packet = this.namespace.server().encoder().event(this.namespace.name(), event, args, ackId);
			try {
				this.client.send(packet);
			}
			finally {
				packet.release();
			}
		});
	}

	@Override
	public Mono<Ack> emitWithAck(String event, Object... args) {
		return sendWithAck(event, args, null, false);
	}

	@Override
	public SocketEmitter timeout(Duration timeout) {
		return new SocketEmitter(this, timeout, false, true);
	}

	@Override
	public SocketEmitter asVolatile() {
		return new SocketEmitter(this, null, true, true);
	}

	@Override
	public SocketEmitter compress(boolean compress) {
		return new SocketEmitter(this, null, false, compress);
	}

	@Override
	public void deliver(BroadcastMessage message, BroadcastFlags flags) {
		if (!this.connected || (flags.isVolatile() && !this.client.connection().isWritable())) {
			return;
		}
		notifyOutgoing(message.event(), message.args());
		this.client.send(message.encoded());
	}

	@Override
	public @Nullable WriteExecutor deliveryExecutor() {
		if (!this.anyOutgoingListeners.isEmpty()) {
			// outgoing listeners hear of a broadcast before the broadcast call returns
			return null;
		}
		WriteExecutor executor = this.executor;
		if (executor == null) {
			// settled for the connection's life once known: kept without a barrier
			executor = this.client.connection().writeExecutor();
			this.executor = executor;
		}
		return executor;
	}

	@Override
	public void deliver(EncodedPacket packet) {
		if (this.connected) {
			this.client.send(packet);
		}
	}

	@Override
	public void expectAck(long ackId, Consumer<JsonNode> callback) {
		synchronized (this) {
			if (this.soleAck == null) {
				this.soleAckId = ackId;
				this.soleAck = callback;
				return;
			}
		}
		acks().put(ackId, callback);
	}

	@Override
	public void cancelAck(long ackId) {
		takeAck(ackId);
	}

	private @Nullable Consumer<JsonNode> takeAck(long ackId) {
		synchronized (this) {
			Consumer<JsonNode> sole = this.soleAck;
			if (sole != null && this.soleAckId == ackId) {
				this.soleAck = null;
				return sole;
			}
		}
		Map<Long, Consumer<JsonNode>> pendingAcks = this.acks;
		return (pendingAcks != null) ? pendingAcks.remove(ackId) : null;
	}

	private void notifyOutgoing(String event, @Nullable Object[] args) {
		if (this.anyOutgoingListeners.isEmpty()) {
			return;
		}
		ArrayNode array = mapper().valueToTree(Arrays.asList(args));
		Args view = new Args(array, 0, mapper());
		for (AnyListener listener : this.anyOutgoingListeners) {
			try {
				listener.onAny(event, view);
			}
			catch (RuntimeException ex) {
				logger.error("Outgoing listener of socket " + this.id + " failed", ex);
			}
		}
	}

	// ---- broadcasting from this socket

	@Override
	public BroadcastOperator broadcast() {
		return this.namespace.except(this.id);
	}

	@Override
	public BroadcastOperator to(String... rooms) {
		return this.namespace.to(rooms).except(this.id);
	}

	@Override
	public BroadcastOperator in(String... rooms) {
		return to(rooms);
	}

	@Override
	public BroadcastOperator except(String... rooms) {
		return this.namespace.except(rooms).except(this.id);
	}

	@Override
	public BroadcastOperator local() {
		return this.namespace.local().except(this.id);
	}

	// ---- listeners

	@Override
	public SocketIOSocket on(String event, EventHandler handler) {
		synchronized (this) {
			Map<String, List<EventHandler>> copy = new HashMap<>(this.handlers);
			copy.put(event, appended(copy.getOrDefault(event, List.of()), handler, false));
			this.handlers = Map.copyOf(copy);
		}
		return this;
	}

	@Override
	public SocketIOSocket off(String event) {
		synchronized (this) {
			Map<String, List<EventHandler>> copy = new HashMap<>(this.handlers);
			copy.remove(event);
			this.handlers = Map.copyOf(copy);
		}
		return this;
	}

	@Override
	public SocketIOSocket onAny(AnyListener listener) {
		synchronized (this) {
			this.anyListeners = appended(this.anyListeners, listener, false);
		}
		return this;
	}

	@Override
	public SocketIOSocket prependAny(AnyListener listener) {
		synchronized (this) {
			this.anyListeners = appended(this.anyListeners, listener, true);
		}
		return this;
	}

	@Override
	public SocketIOSocket offAny(AnyListener listener) {
		synchronized (this) {
			this.anyListeners = without(this.anyListeners, listener);
		}
		return this;
	}

	@Override
	public SocketIOSocket offAny() {
		this.anyListeners = List.of();
		return this;
	}

	@Override
	public SocketIOSocket onAnyOutgoing(AnyListener listener) {
		synchronized (this) {
			this.anyOutgoingListeners = appended(this.anyOutgoingListeners, listener, false);
		}
		return this;
	}

	@Override
	public SocketIOSocket prependAnyOutgoing(AnyListener listener) {
		synchronized (this) {
			this.anyOutgoingListeners = appended(this.anyOutgoingListeners, listener, true);
		}
		return this;
	}

	@Override
	public SocketIOSocket offAnyOutgoing(AnyListener listener) {
		synchronized (this) {
			this.anyOutgoingListeners = without(this.anyOutgoingListeners, listener);
		}
		return this;
	}

	@Override
	public SocketIOSocket offAnyOutgoing() {
		this.anyOutgoingListeners = List.of();
		return this;
	}

	@Override
	public SocketIOSocket use(PacketMiddleware middleware) {
		synchronized (this) {
			this.middlewares = appended(this.middlewares, middleware, false);
		}
		return this;
	}

	@Override
	public SocketIOSocket onDisconnecting(DisconnectListener listener) {
		synchronized (this) {
			this.disconnectingListeners = appended(this.disconnectingListeners, listener, false);
		}
		return this;
	}

	@Override
	public SocketIOSocket onDisconnect(DisconnectListener listener) {
		synchronized (this) {
			this.disconnectListeners = appended(this.disconnectListeners, listener, false);
		}
		return this;
	}

	@Override
	public SocketIOSocket onError(Consumer<Throwable> listener) {
		synchronized (this) {
			this.errorListeners = appended(this.errorListeners, listener, false);
		}
		return this;
	}

	// ---- lifecycle

	void onConnect() {
		this.connected = true;
		join(Set.of(this.id));
		EncodedPacket packet = this.namespace.server().encoder().connect(this.namespace.name(), this.id);
		try {
			this.client.send(packet);
		}
		finally {
			packet.release();
		}
	}

	void onPacket(Packet packet) {
		switch (packet.type()) {
			case EVENT -> onEvent(packet);
			case ACK -> onAck(packet);
			case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
			default -> {
				// CONNECT and CONNECT_ERROR never reach a connected socket: the client
				// closes first
			}
		}
	}

	private void onEvent(Packet packet) {
		ArrayNode array = (ArrayNode) packet.data();
		JsonNode nameNode = array.get(0);
		String name = nameNode.isString() ? nameNode.stringValue() : nameNode.asString();
		DefaultSocketEvent event = new DefaultSocketEvent(this, name, new Args(array, 1, mapper()), packet.ackId());
		for (AnyListener listener : this.anyListeners) {
			try {
				listener.onAny(name, event.args());
			}
			catch (RuntimeException ex) {
				logger.error("Any-listener of socket " + this.id + " failed", ex);
			}
		}
		if (this.middlewares.isEmpty()) {
			dispatch(event);
			return;
		}
		Flux.fromIterable(this.middlewares)
			.concatMap((middleware) -> Mono.defer(() -> middleware.handle(event)))
			.then()
			.subscribe(null, this::onError, () -> dispatch(event));
	}

	private void dispatch(DefaultSocketEvent event) {
		if (!this.connected) {
			return;
		}
		invoke(this.handlers.get(event.name()), event);
		invoke(this.namespace.eventHandlers(event.name()), event);
	}

	private void invoke(@Nullable List<EventHandler> eventHandlers, DefaultSocketEvent event) {
		if (eventHandlers == null) {
			return;
		}
		for (EventHandler handler : eventHandlers) {
			try {
				handler.onEvent(event);
			}
			catch (RuntimeException ex) {
				logger.error("Handler of event \"" + event.name() + "\" on socket " + this.id + " failed", ex);
				// a server bug: the client is told no more than that, and does not wait
				// forever
				event.ack(SocketEvent.INTERNAL_ERROR);
			}
		}
	}

	private void onError(Throwable error) {
		if (this.errorListeners.isEmpty()) {
			logger.debug("Packet middleware of socket " + this.id + " refused an event", error);
			return;
		}
		for (Consumer<Throwable> listener : this.errorListeners) {
			try {
				listener.accept(error);
			}
			catch (RuntimeException ex) {
				logger.error("Error listener of socket " + this.id + " failed", ex);
			}
		}
	}

	private void onAck(Packet packet) {
		Consumer<JsonNode> callback = takeAck(packet.ackId());
		if (callback == null) {
			logger.debug("Ignored acknowledgement " + packet.ackId() + " of socket " + this.id + ": not awaited");
			return;
		}
		JsonNode data = packet.data();
		callback.accept((data != null) ? data : mapper().createArrayNode());
	}

	void sendAck(long ackId, @Nullable Object[] args) {
		EncodedPacket packet = this.namespace.server().encoder().ack(this.namespace.name(), ackId, args);
		try {
			this.client.send(packet);
		}
		finally {
			packet.release();
		}
	}

	@Override
	public void disconnect(boolean close) {
		if (!this.connected) {
			return;
		}
		if (close) {
			this.client.disconnectAll();
			return;
		}
		EncodedPacket packet = this.namespace.server().encoder().disconnect(this.namespace.name());
		try {
			this.client.send(packet);
		}
		finally {
			packet.release();
		}
		onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
	}

	void onClose(DisconnectReason reason) {
		if (!this.connected || !CLOSING.compareAndSet(this, 0, 1)) {
			return;
		}
		notify(this.disconnectingListeners, reason);
		this.namespace.adapter().delAll(this.id);
		this.namespace.remove(this);
		this.client.remove(this);
		this.connected = false;
		synchronized (this) {
			this.soleAck = null;
		}
		Map<Long, Consumer<JsonNode>> pendingAcks = this.acks;
		if (pendingAcks != null) {
			pendingAcks.clear();
		}
		notify(this.disconnectListeners, reason);
		notify(this.namespace.disconnectListeners(), reason);
	}

	private void notify(List<DisconnectListener> listeners, DisconnectReason reason) {
		for (DisconnectListener listener : listeners) {
			try {
				listener.onDisconnect(this, reason);
			}
			catch (RuntimeException ex) {
				logger.error("Disconnect listener of socket " + this.id + " failed", ex);
			}
		}
	}

	private static <T> List<T> appended(List<T> list, T item, boolean first) {
		List<T> copy = new ArrayList<>(list.size() + 1);
		if (first) {
			copy.add(item);
		}
		copy.addAll(list);
		if (!first) {
			copy.add(item);
		}
		return List.copyOf(copy);
	}

	private static <T> List<T> without(List<T> list, T item) {
		List<T> copy = new ArrayList<>(list);
		copy.remove(item);
		return List.copyOf(copy);
	}

	private Map<Long, Consumer<JsonNode>> acks() {
		Map<Long, Consumer<JsonNode>> map = this.acks;
		if (map == null) {
			synchronized (this) {
				map = this.acks;
				if (map == null) {
					map = new ConcurrentHashMap<>();
					this.acks = map;
				}
			}
		}
		return map;
	}

	@Override
	public String toString() {
		return "Socket[" + this.id + " in " + this.namespace.name() + "]";
	}

}
