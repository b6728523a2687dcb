package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.github.socketiospringboot.adapter.BroadcastFlags;
import io.github.socketiospringboot.adapter.LocalSocket;
import io.github.socketiospringboot.adapter.PersistedSession;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.BroadcastOperator;
import io.github.socketiospringboot.broadcast.Handshake;
import io.github.socketiospringboot.internal.engine.WriteExecutor;
import io.github.socketiospringboot.internal.protocol.Packet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The server's socket: one client connection joined to one namespace. It holds the
 * socket's identity and hands each job to its collaborator: its listeners
 * ({@link SocketListeners}), the acknowledgements it awaits ({@link AckRegistry}), its
 * life ({@link SocketLifecycle}), and, shared by the namespace's sockets, what it sends
 * ({@link PacketSender}) and its rooms ({@link SocketRooms}).
 */
final class DefaultSocket implements SocketIOSocket, LocalSocket {

	private static final Log logger = LogFactory.getLog(DefaultSocket.class);

	private final String id;

	/** The private session id, when the namespace recovers sessions. */
	private final @Nullable String pid;

	private final boolean recovered;

	/** The restored session, until the socket connects. */
	private volatile @Nullable Recovery recovery;

	private final Namespace namespace;

	private final Client client;

	private final Handshake handshake;

	private final SocketLifecycle lifecycle;

	// created on first use, and the listeners shared while the socket has none: an idle
	// socket holds no collection of its own

	private volatile @Nullable ConcurrentMap<String, Object> data;

	/** Replaced under this socket's monitor. */
	private volatile SocketListeners listeners = SocketListeners.NONE;

	private volatile @Nullable AckRegistry acks;

	/**
	 * The executor broadcasts hand this socket to, once its connection is settled on an
	 * event loop and while it has no outgoing listener; set and cleared under this
	 * socket's monitor, so that a listener added later is heard.
	 */
	private volatile @Nullable WriteExecutor executor;

	DefaultSocket(Namespace namespace, Client client, JsonNode auth, @Nullable Recovery recovery) {
		this.namespace = namespace;
		this.client = client;
		if (recovery != null) {
			PersistedSession session = recovery.session().session();
			this.id = session.sid();
			this.pid = session.pid();
			this.recovered = true;
			this.recovery = recovery;
			this.data = restoreData(session.data());
		}
		else {
			this.id = namespace.server().engine().generateId();
			this.pid = namespace.recoversSessions() ? namespace.server().engine().generateId() : null;
			this.recovered = false;
		}
		this.handshake = new RequestHandshake(client.connection().request(), auth);
		this.lifecycle = new SocketLifecycle(this);
	}

	Client client() {
		return this.client;
	}

	@Nullable String pid() {
		return this.pid;
	}

	@Override
	public boolean recovered() {
		return this.recovered;
	}

	/**
	 * Hands over the restored session, once, as the socket connects.
	 * @return the session, or {@code null} for a new socket
	 */
	@Nullable Recovery takeRecovery() {
		Recovery taken = this.recovery;
		this.recovery = null;
		return taken;
	}

	private @Nullable ConcurrentMap<String, Object> restoreData(@Nullable JsonNode saved) {
		if (saved == null || !saved.isObject() || saved.isEmpty()) {
			return null;
		}
		ConcurrentMap<String, Object> map = new ConcurrentHashMap<>();
		for (Map.Entry<String, JsonNode> entry : saved.properties()) {
			Object value = mapper().treeToValue(entry.getValue(), Object.class);
			if (value != null) {
				map.put(entry.getKey(), value);
			}
		}
		return map;
	}

	/**
	 * Saves this socket's session (id, private id, rooms, data as JSON) in the adapter,
	 * before it leaves its rooms. Data that cannot be turned into JSON is left out.
	 */
	void persistSession() {
		String privateId = this.pid;
		if (privateId == null) {
			return;
		}
		JsonNode saved;
		try {
			saved = dataJson();
		}
		catch (RuntimeException ex) {
			logger.warn("The data of socket " + this.id
					+ " cannot be turned into JSON; its session is kept without it: " + ex.getMessage());
			saved = mapper().createObjectNode();
		}
		this.namespace.adapter().persistSession(new PersistedSession(this.id, privateId, rooms(), saved));
	}

	SocketLifecycle lifecycle() {
		return this.lifecycle;
	}

	SocketListeners listeners() {
		return this.listeners;
	}

	ObjectMapper mapper() {
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
		return this.lifecycle.connected();
	}

	// ---- rooms

	@Override
	public Set<String> rooms() {
		return this.namespace.rooms().rooms(this);
	}

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
		this.namespace.rooms().join(this, rooms);
	}

	@Override
	public void leave(String room) {
		this.namespace.rooms().leave(this, room);
	}

	@Override
	public BroadcastOperator broadcast() {
		return this.namespace.rooms().broadcast(this);
	}

	@Override
	public BroadcastOperator to(String... rooms) {
		return this.namespace.rooms().to(this, rooms);
	}

	@Override
	public BroadcastOperator in(String... rooms) {
		return to(rooms);
	}

	@Override
	public BroadcastOperator except(String... rooms) {
		return this.namespace.rooms().except(this, rooms);
	}

	@Override
	public BroadcastOperator local() {
		return this.namespace.rooms().local(this);
	}

	// ---- sending

	@Override
	public void emit(String event, Object... args) {
		send(event, args, false);
	}

	void send(String event, @Nullable Object[] args, boolean isVolatile) {
		if (!isVolatile && this.pid != null) {
			// stored as a broadcast to this socket's room, so that it survives a short
			// disconnection (connection state recovery)
			PacketSender.checkEventName(event);
			this.namespace.emitThroughAdapter(this, event, args, BroadcastFlags.DEFAULT);
			return;
		}
		this.namespace.sender().event(this, event, args, isVolatile);
	}

	Mono<Ack> sendWithAck(String event, @Nullable Object[] args, @Nullable Duration timeout, boolean isVolatile) {
		return this.namespace.sender().eventWithAck(this, event, args, timeout, isVolatile);
	}

	void sendAck(long ackId, @Nullable Object[] args) {
		this.namespace.sender().ack(this, ackId, args);
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

	/**
	 * Returns the executor broadcasts hand this socket to ({@link BroadcastDelivery}).
	 * @return the executor of the event loop that writes to the connection, or
	 * {@code null} to deliver on the calling thread: the connection is not settled on a
	 * loop, or outgoing listeners must hear of a broadcast before the broadcast returns
	 */
	@Nullable WriteExecutor deliveryExecutor() {
		WriteExecutor known = this.executor;
		if (known != null) {
			return known;
		}
		if (this.listeners.hearsOutgoing()) {
			return null;
		}
		WriteExecutor settled = this.client.connection().writeExecutor();
		if (settled == null) {
			return null;
		}
		synchronized (this) {
			// once per connection: settled for the rest of its life
			if (this.listeners.hearsOutgoing()) {
				return null;
			}
			this.executor = settled;
		}
		return settled;
	}

	// ---- acknowledgements awaited

	@Override
	public void expectAck(long ackId, Consumer<JsonNode> callback) {
		AckRegistry registry = this.acks;
		if (registry == null) {
			synchronized (this) {
				registry = this.acks;
				if (registry == null) {
					registry = new AckRegistry();
					this.acks = registry;
				}
			}
		}
		registry.expect(ackId, callback);
	}

	@Override
	public void cancelAck(long ackId) {
		AckRegistry registry = this.acks;
		if (registry != null) {
			registry.take(ackId);
		}
	}

	void forgetAcks() {
		AckRegistry registry = this.acks;
		if (registry != null) {
			registry.clear();
		}
	}

	private void onAck(Packet packet) {
		AckRegistry registry = this.acks;
		Consumer<JsonNode> callback = (registry != null) ? registry.take(packet.ackId()) : null;
		if (callback == null) {
			logger.debug("Ignored acknowledgement " + packet.ackId() + " of socket " + this.id + ": not awaited");
			return;
		}
		JsonNode data = packet.data();
		callback.accept((data != null) ? data : mapper().createArrayNode());
	}

	// ---- listeners

	private SocketIOSocket listen(UnaryOperator<SocketListeners> change) {
		synchronized (this) {
			SocketListeners next = change.apply(this.listeners);
			this.listeners = next;
			if (next.hearsOutgoing()) {
				// broadcasts are delivered on the calling thread from now on
				this.executor = null;
			}
		}
		return this;
	}

	@Override
	public SocketIOSocket on(String event, EventHandler handler) {
		return listen((current) -> current.on(event, handler));
	}

	@Override
	public SocketIOSocket off(String event) {
		return listen((current) -> current.off(event));
	}

	@Override
	public SocketIOSocket onAny(AnyListener listener) {
		return listen((current) -> current.onAny(listener, false));
	}

	@Override
	public SocketIOSocket prependAny(AnyListener listener) {
		return listen((current) -> current.onAny(listener, true));
	}

	@Override
	public SocketIOSocket offAny(AnyListener listener) {
		return listen((current) -> current.offAny(listener));
	}

	@Override
	public SocketIOSocket offAny() {
		return listen((current) -> current.offAny(null));
	}

	@Override
	public SocketIOSocket onAnyOutgoing(AnyListener listener) {
		return listen((current) -> current.onAnyOutgoing(listener, false));
	}

	@Override
	public SocketIOSocket prependAnyOutgoing(AnyListener listener) {
		return listen((current) -> current.onAnyOutgoing(listener, true));
	}

	@Override
	public SocketIOSocket offAnyOutgoing(AnyListener listener) {
		return listen((current) -> current.offAnyOutgoing(listener));
	}

	@Override
	public SocketIOSocket offAnyOutgoing() {
		return listen((current) -> current.offAnyOutgoing(null));
	}

	@Override
	public SocketIOSocket use(PacketMiddleware middleware) {
		return listen((current) -> current.use(middleware));
	}

	@Override
	public SocketIOSocket onDisconnecting(DisconnectListener listener) {
		return listen((current) -> current.onDisconnecting(listener));
	}

	@Override
	public SocketIOSocket onDisconnect(DisconnectListener listener) {
		return listen((current) -> current.onDisconnect(listener));
	}

	@Override
	public SocketIOSocket onError(Consumer<Throwable> listener) {
		return listen((current) -> current.onError(listener));
	}

	// ---- lifecycle

	void onConnect() {
		this.lifecycle.connect();
	}

	void onPacket(Packet packet) {
		switch (packet.type()) {
			case EVENT -> this.listeners.onEvent(this, packet);
			case ACK -> onAck(packet);
			case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
			default -> {
				// CONNECT and CONNECT_ERROR never reach a connected socket: the client
				// closes first
			}
		}
	}

	@Override
	public void disconnect(boolean close) {
		this.lifecycle.disconnect(close);
	}

	void onClose(DisconnectReason reason) {
		this.lifecycle.leave(reason);
	}

	@Override
	public String toString() {
		return "Socket[" + this.id + " in " + this.namespace.name() + "]";
	}

}
