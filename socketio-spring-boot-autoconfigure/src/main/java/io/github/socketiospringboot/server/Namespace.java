package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.github.socketiospringboot.adapter.Adapter;
import io.github.socketiospringboot.adapter.Adapter.RoomListener;
import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.BroadcastFlags;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.adapter.LocalSocket;
import io.github.socketiospringboot.adapter.Recipients;
import io.github.socketiospringboot.adapter.SocketDetails;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.Args;
import io.github.socketiospringboot.broadcast.BroadcastOperator;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.observe.SocketIOObserver;
import io.netty.util.Timeout;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A namespace: its sockets, their rooms (through its {@link Adapter}), its connection
 * middlewares and handlers, and the broadcasts to them.
 *
 * <pre class="code">
 * Namespace admin = server.of("/admin");
 * admin.use((socket) -&gt; checkToken(socket.handshake().auth()));
 * admin.onConnection((socket) -&gt; socket.join("operators"));
 * admin.emit("hello", "world");                                   // io.of("/admin").emit
 * admin.timeout(Duration.ofSeconds(5)).emitWithAck("ping")        // one answer per socket
 *     .subscribe((acks) -&gt; { });
 * </pre>
 */
public class Namespace implements BroadcastOperator {

	private static final Log logger = LogFactory.getLog(Namespace.class);

	private final String name;

	private final SocketIOServer server;

	private final Adapter adapter;

	private final Map<String, DefaultSocket> sockets = new ConcurrentHashMap<>();

	private final List<ConnectionHandler> connectionHandlers = new CopyOnWriteArrayList<>();

	private final List<ConnectionMiddleware> middlewares = new CopyOnWriteArrayList<>();

	private final Map<String, List<EventHandler>> eventHandlers = new ConcurrentHashMap<>();

	private final List<DisconnectListener> disconnectListeners = new CopyOnWriteArrayList<>();

	private final Map<String, List<ServerSideEvent.Handler>> serverSideHandlers = new ConcurrentHashMap<>();

	private final AtomicLong ackIds = new AtomicLong();

	private final DefaultBroadcastOperator all;

	/** What the adapter sees of this namespace. */
	private final Host host = new Host();

	private final PacketSender sender;

	private final SocketRooms rooms;

	/**
	 * Whether connection state recovery is enabled and the adapter restores sessions:
	 * sockets get a private session id, their own events go through the adapter, and
	 * their sessions are persisted when they lose their connection.
	 */
	private final boolean recovers;

	private volatile @Nullable ParentNamespace parent;

	/** Whether this child is removed once empty; set before any client can find it. */
	private volatile boolean cleanup;

	/**
	 * Sockets of a {@link #cleanup} child still in its middlewares, under its monitor.
	 */
	private int joining;

	/** Whether this {@link #cleanup} child was removed, under its monitor. */
	private boolean removed;

	Namespace(String name, SocketIOServer server, AdapterFactory adapterFactory) {
		this.name = name;
		this.server = server;
		this.adapter = adapterFactory.create(this.host);
		this.recovers = server.options().connectionStateRecovery().enabled() && this.adapter.restoresSessions();
		this.all = new DefaultBroadcastOperator(this);
		this.sender = new PacketSender(this);
		this.rooms = new SocketRooms(this);
		this.adapter.init()
			.subscribe(null, (error) -> logger.error("Adapter of namespace " + name + " failed to start", error));
	}

	/**
	 * Returns the namespace name.
	 * @return the name, starting with {@code /}
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the server this namespace belongs to.
	 * @return the server
	 */
	public SocketIOServer server() {
		return this.server;
	}

	/**
	 * Returns the dynamic namespace this namespace is a child of.
	 * @return the parent, or {@code null} for a namespace that is nobody's child
	 */
	public @Nullable ParentNamespace parent() {
		return this.parent;
	}

	void adoptedBy(ParentNamespace parent) {
		this.parent = parent;
		this.cleanup = this.server.options().cleanupEmptyChildNamespaces();
	}

	/**
	 * Returns the adapter that holds this namespace's rooms.
	 * @return the adapter
	 */
	public Adapter adapter() {
		return this.adapter;
	}

	/**
	 * Registers a handler told of each socket that joins this namespace.
	 * @param handler the handler
	 * @return this namespace
	 */
	public Namespace onConnection(ConnectionHandler handler) {
		this.connectionHandlers.add(handler);
		return this;
	}

	/**
	 * Registers a handler of an event for every socket of this namespace, called after
	 * the socket's own handlers of that event. Costs nothing per socket: the way to serve
	 * many connections with the same handlers (the annotation-driven controllers use it).
	 * @param event the event name
	 * @param handler the handler
	 * @return this namespace
	 */
	public Namespace on(String event, EventHandler handler) {
		this.eventHandlers.computeIfAbsent(event, (name) -> new CopyOnWriteArrayList<>()).add(handler);
		return this;
	}

	/**
	 * Registers a handler of the events other servers of the cluster send to this
	 * namespace with {@code serverSideEmit}.
	 * @param event the event name
	 * @param handler the handler
	 * @return this namespace
	 */
	public Namespace onServerSideEmit(String event, ServerSideEvent.Handler handler) {
		this.serverSideHandlers.computeIfAbsent(event, (name) -> new CopyOnWriteArrayList<>()).add(handler);
		return this;
	}

	/**
	 * Tells whether sockets of this namespace are recovered after a short disconnection:
	 * connection state recovery is enabled and the adapter restores sessions.
	 * @return whether they are
	 */
	boolean recoversSessions() {
		return this.recovers;
	}

	ObjectMapper mapper() {
		return this.server.mapper();
	}

	void onServerSideEmit(ArrayNode packet, @Nullable Consumer<@Nullable Object> ack) {
		JsonNode nameNode = packet.get(0);
		if (nameNode == null) {
			return;
		}
		if (nameNode.isContainer()) {
			// no event name: nothing listens to it (the reference matches no listener)
			return;
		}
		String name = nameNode.isString() ? nameNode.stringValue() : nameNode.asString();
		List<ServerSideEvent.Handler> handlers = this.serverSideHandlers.get(name);
		if (handlers == null) {
			return;
		}
		Args args = new Args(packet, 1, mapper());
		java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
		ServerSideEvent event = new ServerSideEvent() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public Args args() {
				return args;
			}

			@Override
			public boolean hasAck() {
				return ack != null;
			}

			@Override
			public boolean ack(Object answer) {
				if (ack == null || !answered.compareAndSet(false, true)) {
					return false;
				}
				ack.accept(answer);
				return true;
			}

		};
		for (ServerSideEvent.Handler handler : handlers) {
			try {
				handler.onServerSideEvent(event);
			}
			catch (RuntimeException ex) {
				logger.error("Server-side event handler of \"" + name + "\" in " + this.name + " failed", ex);
			}
		}
	}

	/**
	 * Registers a listener told when any socket of this namespace has left it, after the
	 * socket's own listeners.
	 * @param listener the listener
	 * @return this namespace
	 */
	public Namespace onDisconnect(DisconnectListener listener) {
		this.disconnectListeners.add(listener);
		return this;
	}

	/**
	 * Adds a middleware that runs, in the order added, before a socket joins this
	 * namespace.
	 * @param middleware the middleware
	 * @return this namespace
	 */
	public Namespace use(ConnectionMiddleware middleware) {
		this.middlewares.add(middleware);
		return this;
	}

	/**
	 * Registers a listener of the room events (create, delete, join, leave) of this
	 * server.
	 * @param listener the listener
	 * @return this namespace
	 */
	public Namespace onRoomEvent(RoomListener listener) {
		this.adapter.addRoomListener(listener);
		return this;
	}

	/**
	 * Returns the sockets of this namespace connected to this server.
	 * @return a read-only view by socket id
	 */
	public Map<String, SocketIOSocket> sockets() {
		return Collections.unmodifiableMap(this.sockets);
	}

	/**
	 * Returns an operator that targets every socket of this namespace, to refine with
	 * rooms and flags: the one every broadcast method of this namespace starts from.
	 * @return the broadcast operator
	 */
	@Override
	public BroadcastOperator operator() {
		return this.all;
	}

	/**
	 * Sends an event to the other servers of the cluster. With the in-memory adapter
	 * there is no other server and nothing is sent.
	 * @param event the event name
	 * @param args the arguments
	 */
	public void serverSideEmit(String event, Object... args) {
		PacketSender.checkEventName(event);
		this.adapter.serverSideEmit(event, args);
	}

	/**
	 * Sends an event to the other servers and collects one answer from each. With the
	 * in-memory adapter there is no other server and the list is empty at once.
	 * @param timeout how long to wait for the answers
	 * @param event the event name
	 * @param args the arguments
	 * @return the answers
	 */
	public Mono<List<JsonNode>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
		PacketSender.checkEventName(event);
		return this.adapter.serverSideEmitWithAck(event, args, timeout.toMillis());
	}

	long nextAckId() {
		return this.ackIds.getAndIncrement();
	}

	PacketSender sender() {
		return this.sender;
	}

	SocketRooms rooms() {
		return this.rooms;
	}

	List<ConnectionHandler> connectionHandlers() {
		return this.connectionHandlers;
	}

	List<ConnectionMiddleware> middlewares() {
		return this.middlewares;
	}

	@Nullable List<EventHandler> eventHandlers(String event) {
		return this.eventHandlers.get(event);
	}

	Map<String, List<EventHandler>> eventHandlers() {
		return this.eventHandlers;
	}

	List<DisconnectListener> disconnectListeners() {
		return this.disconnectListeners;
	}

	/**
	 * Sends a socket's own event through the adapter, to the room of its id, so that it
	 * is stored for connection state recovery as the reference does.
	 */
	void emitThroughAdapter(DefaultSocket socket, String event, @Nullable Object[] args, BroadcastFlags flags) {
		emitThroughAdapter(socket, event, args, flags, BroadcastMessage.NO_ACK);
	}

	/**
	 * Emits to one socket through the adapter, as a broadcast to its own room, with an
	 * acknowledgement id the socket awaits or {@link BroadcastMessage#NO_ACK}.
	 */
	void emitThroughAdapter(DefaultSocket socket, String event, @Nullable Object[] args, BroadcastFlags flags,
			long ackId) {
		BroadcastMessage message = new EncodedMessage(this.name, event, args, this.server.encoder());
		if (ackId != BroadcastMessage.NO_ACK) {
			message.ackId(ackId);
		}
		try {
			this.adapter.broadcast(message, new BroadcastOptions(Set.of(socket.id()), Set.of(), flags));
		}
		finally {
			message.release();
		}
	}

	void broadcast(BroadcastOptions options, String event, @Nullable Object[] args) {
		BroadcastMessage message = new EncodedMessage(this.name, event, args, this.server.encoder());
		try {
			this.adapter.broadcast(message, options);
		}
		finally {
			message.release();
		}
	}

	Mono<List<Ack>> broadcastWithAck(BroadcastOptions options, Duration timeout, String event, Object[] args) {
		return Mono.create((sink) -> {
			long ackId = nextAckId();
			AckAggregator aggregator = new AckAggregator(sink, this.server.mapper(), ackId, timeout);
			SocketIOObserver observer = this.server.observer();
			if (observer != SocketIOObserver.NONE) {
				aggregator.observed(this, observer);
			}
			sink.onCancel(aggregator::onCancel);
			Timeout timer = this.server.engine().scheduleDeadline(aggregator::onTimeout, timeout.toMillis());
			aggregator.timer(timer);
			BroadcastMessage message = new EncodedMessage(this.name, event, args, this.server.encoder());
			message.ackId(ackId);
			try {
				this.adapter.broadcastWithAck(message, options, aggregator);
			}
			catch (RuntimeException ex) {
				aggregator.onError(ex);
				return;
			}
			finally {
				message.release();
			}
			if (options.flags().local()) {
				// only this server's clients were sent the broadcast
				aggregator.onServerCount(1);
			}
			else {
				this.adapter.serverCount().subscribe(aggregator::onServerCount, aggregator::onError);
			}
		});
	}

	Mono<List<RemoteSocket>> fetchSockets(BroadcastOptions options) {
		return this.adapter.fetchSockets(options).map((found) -> {
			List<RemoteSocket> result = new ArrayList<>(found.size());
			for (SocketDetails details : found) {
				result.add(toRemoteSocket(details));
			}
			return result;
		});
	}

	RemoteSocket toRemoteSocket(SocketDetails details) {
		if (details.local() instanceof RemoteSocket local) {
			return local;
		}
		return this.server.remoteSocket(this, details);
	}

	void socketsJoin(BroadcastOptions options, Set<String> rooms) {
		this.adapter.addSockets(options, rooms);
	}

	void socketsLeave(BroadcastOptions options, Set<String> rooms) {
		this.adapter.delSockets(options, rooms);
	}

	void disconnectSockets(BroadcastOptions options, boolean close) {
		this.adapter.disconnectSockets(options, close);
	}

	/**
	 * Lets a client's socket in through the middlewares.
	 * @param client the client
	 * @param auth the auth payload of its CONNECT packet
	 * @return {@code false} when this child was removed before the socket could start
	 * joining: the client must look the name up again
	 */
	boolean add(Client client, JsonNode auth) {
		boolean tracked = this.cleanup;
		if (tracked) {
			synchronized (this) {
				if (this.removed) {
					return false;
				}
				this.joining++;
			}
		}
		JsonNode pid = this.recovers ? auth.get("pid") : null;
		JsonNode offset = this.recovers ? auth.get("offset") : null;
		if (pid != null && pid.isString() && offset != null && offset.isString()) {
			String clientOffset = offset.stringValue();
			this.adapter.restoreSession(pid.stringValue(), clientOffset).map(Optional::of).onErrorResume((error) -> {
				logger.debug("Session of a client of " + this.name + " not restored: " + error);
				return Mono.empty();
			})
				.defaultIfEmpty(Optional.empty())
				.subscribe(
						(restored) -> admit(
								new DefaultSocket(this, client, auth,
										restored.map((session) -> new Recovery(session, clientOffset)).orElse(null)),
								tracked));
			return true;
		}
		admit(new DefaultSocket(this, client, auth, null), tracked);
		return true;
	}

	private void admit(DefaultSocket socket, boolean tracked) {
		Client client = socket.client();
		List<ConnectionMiddleware> chain = List.copyOf(this.middlewares);
		if (chain.isEmpty()
				|| (socket.recovered() && this.server.options().connectionStateRecovery().skipMiddlewares())) {
			connect(socket, tracked);
			return;
		}
		Flux.fromIterable(chain)
			.concatMap((middleware) -> Mono.defer(() -> middleware.handle(socket)))
			.then()
			.subscribe(null, (error) -> {
				giveBackSession(socket);
				client.refuse(this.name, error);
				if (tracked) {
					notJoined();
				}
			}, () -> connect(socket, tracked));
	}

	/**
	 * Keeps again the session a socket that did not connect after all was to restore (a
	 * middleware refused it, its connection ended): the client may try again with the
	 * same pid and offset, as the reference, which never deletes a session it restores,
	 * lets it.
	 */
	private void giveBackSession(DefaultSocket socket) {
		Recovery recovery = socket.takeRecovery();
		if (recovery != null) {
			this.adapter.persistSession(recovery.session().session());
		}
	}

	private void connect(DefaultSocket socket, boolean tracked) {
		Client client = socket.client();
		if (!client.isOpen() || !client.attach(socket)) {
			giveBackSession(socket);
			if (tracked) {
				notJoined();
			}
			return;
		}
		if (tracked) {
			synchronized (this) {
				this.joining--;
				this.sockets.put(socket.id(), socket);
			}
		}
		else {
			this.sockets.put(socket.id(), socket);
		}
		socket.onConnect();
		if (!socket.lifecycle().announce()) {
			// the connection ended while the socket was connecting
			return;
		}
		SocketIOObserver observer = this.server.observer();
		if (observer != SocketIOObserver.NONE) {
			observer.onSocketConnected(socket, client, socket.recovered());
		}
		for (ConnectionHandler handler : this.connectionHandlers) {
			try {
				handler.onConnection(socket);
			}
			catch (RuntimeException ex) {
				logger.error("Connection handler of namespace " + this.name + " failed", ex);
			}
		}
	}

	void remove(DefaultSocket socket) {
		if (!this.cleanup) {
			this.sockets.remove(socket.id(), socket);
			return;
		}
		synchronized (this) {
			this.sockets.remove(socket.id(), socket);
			removeIfEmpty();
		}
	}

	private synchronized void notJoined() {
		this.joining--;
		removeIfEmpty();
	}

	/**
	 * Removes this child from the server once no socket is in it or joining it. The
	 * adapter is closed before the name is released, under this monitor: a child created
	 * afterwards under the same name subscribes after this one has unsubscribed.
	 */
	private void removeIfEmpty() {
		ParentNamespace owner = this.parent;
		if (this.removed || this.joining > 0 || !this.sockets.isEmpty() || owner == null || this.server.isClosed()) {
			return;
		}
		this.removed = true;
		if (logger.isDebugEnabled()) {
			logger.debug("Removing the empty child namespace " + this.name);
		}
		this.adapter.close()
			.subscribe(null,
					(error) -> logger.warn("Adapter of namespace " + this.name + " failed to close: " + error));
		this.server.removeNamespace(this);
		owner.removeChild(this);
	}

	Iterable<DefaultSocket> localSockets() {
		return this.sockets.values();
	}

	@Override
	public String toString() {
		return "Namespace[" + this.name + "]";
	}

	/**
	 * The namespace as its adapter sees it: kept apart so that the namespace's public
	 * methods are the application's only. A cluster adapter's traffic it hears as a
	 * {@link ClusterObserver} goes to the server's observers.
	 */
	private final class Host implements AdapterHost, ClusterObserver {

		@Override
		public String name() {
			return Namespace.this.name;
		}

		@Override
		public @Nullable LocalSocket localSocket(String id) {
			return Namespace.this.sockets.get(id);
		}

		/**
		 * Delivers a broadcast to sockets of this namespace, each on the event loop of
		 * its connection: what the adapter calls to write to them.
		 */
		@Override
		public void deliver(BroadcastMessage message, BroadcastFlags flags, Recipients recipients) {
			BroadcastDelivery.deliver(Namespace.this.sender, message, flags, recipients);
		}

		@Override
		public ObjectMapper mapper() {
			return Namespace.this.server.mapper();
		}

		@Override
		public BroadcastMessage newMessage(String event, @Nullable Object[] args) {
			return new EncodedMessage(Namespace.this.name, event, args, Namespace.this.server.encoder());
		}

		@Override
		public long nextAckId() {
			return Namespace.this.nextAckId();
		}

		@Override
		public void onPublished(ClusterMessage message) {
			Namespace.this.server.observer().onPublished(message);
		}

		@Override
		public void onPublicationFailed(ClusterMessage message, Throwable error) {
			Namespace.this.server.observer().onPublicationFailed(message, error);
		}

		@Override
		public void onRequestEnded(ClusterMessage request, Duration latency, @Nullable Throwable error) {
			Namespace.this.server.observer().onRequestEnded(request, latency, error);
		}

		@Override
		public void onServerCount(String namespace, int count) {
			Namespace.this.server.observer().onServerCount(namespace, count);
		}

		@Override
		public ConnectionStateRecovery connectionStateRecovery() {
			return Namespace.this.server.options().connectionStateRecovery();
		}

		@Override
		public void onServerSideEmit(ArrayNode packet, @Nullable Consumer<@Nullable Object> ack) {
			Namespace.this.onServerSideEmit(packet, ack);
		}

		/**
		 * Runs an adapter's task on the engine's timer, the one that times the server's
		 * own acknowledgements and heartbeats, as a deadline: what the adapter times is
		 * what callers wait for, which a server that closes must not leave waiting.
		 */
		@Override
		public Disposable schedule(Runnable task, Duration delay) {
			Timeout timeout = Namespace.this.server.engine().scheduleDeadline(task, delay.toMillis());
			return timeout::cancel;
		}

		@Override
		public String toString() {
			return Namespace.this.toString();
		}

	}

}
