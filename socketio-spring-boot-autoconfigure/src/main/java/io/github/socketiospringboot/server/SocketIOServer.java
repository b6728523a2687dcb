package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.SocketDetails;
import io.github.socketiospringboot.broadcast.BroadcastOperator;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.engine.EngineServer;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.internal.engine.EngineSocketListener;
import io.github.socketiospringboot.internal.protocol.PacketDecoder;
import io.github.socketiospringboot.internal.protocol.PacketEncoder;
import io.github.socketiospringboot.observe.SocketIOObserver;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Socket.IO v4 server: namespaces, sockets, rooms and broadcasts over its own Engine.IO
 * server. The methods that take no namespace act on the main namespace {@code /}, as
 * {@code io.emit(...)} does in the reference server.
 *
 * <pre class="code">
 * SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared());
 * io.onConnection((socket) -&gt; socket.on("hello", (event) -&gt; event.ack("hi")));
 *
 * io.emit("hello", "world");                                        // every client
 * io.to("room123").emit("hello", "world");                          // a room
 * io.of("/the-namespace").emit("hello", "world");                   // a namespace
 * io.local().emit("hello", "world");                                // this server's clients only
 * io.timeout(Duration.ofSeconds(5)).emitWithAck("hello", "world")  // one answer per client
 *     .subscribe((acks) -&gt; { }, (error) -&gt; { });
 * </pre>
 *
 * <p>
 * The Spring Boot auto-configuration serves it on the application's WebFlux server at
 * {@code socketio.path}. As a {@link BroadcastOperator}, it targets every socket of the
 * main namespace.
 */
public final class SocketIOServer implements AutoCloseable, BroadcastOperator {

	static {
		EngineAccess.register((server) -> ((SocketIOServer) server).engine);
	}

	private final SocketIOOptions options;

	private final ObjectMapper mapper;

	private final PacketEncoder encoder;

	/** The settings of each connection's decoder, copied by {@link Client}. */
	private final PacketDecoder decoders;

	private final AdapterFactory adapterFactory;

	private final EngineServer engine;

	private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

	private final List<ParentNamespace> parents = new CopyOnWriteArrayList<>();

	private final Map<PatternKey, ParentNamespace> parentsByPattern = new ConcurrentHashMap<>();

	private final AtomicInteger parentCounter = new AtomicInteger();

	private final Namespace main;

	private volatile boolean closed;

	/** The observers combined; replaced under {@link #observers}' monitor. */
	private volatile SocketIOObserver observer = SocketIOObserver.NONE;

	private final List<SocketIOObserver> observers = new ArrayList<>();

	/**
	 * Creates a server with the in-memory adapter.
	 * @param options the settings
	 * @param mapper the mapper that converts event arguments
	 */
	public SocketIOServer(SocketIOOptions options, ObjectMapper mapper) {
		this(options, mapper, AdapterFactory.IN_MEMORY);
	}

	/**
	 * Creates a server.
	 * @param options the settings
	 * @param mapper the mapper that converts event arguments
	 * @param adapterFactory creates the adapter of each namespace
	 */
	public SocketIOServer(SocketIOOptions options, ObjectMapper mapper, AdapterFactory adapterFactory) {
		this.options = options;
		this.mapper = mapper;
		// the first tree read creates the mapper's JsonNode deserializer under a lock:
		// done here, event loops decoding their first packets at once never wait on it
		mapper.readTree("{}");
		this.encoder = new PacketEncoder(mapper, ByteBufAllocator.DEFAULT);
		this.decoders = new PacketDecoder(mapper, options.maxAttachments());
		this.adapterFactory = adapterFactory;
		this.engine = new EngineServer(EngineSettings.of(options), this::onOpen);
		this.main = of("/");
	}

	/**
	 * Creates a server with the reference defaults and a plain JSON mapper.
	 * @return the server
	 */
	public static SocketIOServer create() {
		return new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared());
	}

	/**
	 * Returns the settings.
	 * @return the options
	 */
	public SocketIOOptions options() {
		return this.options;
	}

	/**
	 * Returns the mapper that converts event arguments.
	 * @return the mapper
	 */
	public ObjectMapper mapper() {
		return this.mapper;
	}

	/**
	 * Returns the encoder shared by the namespaces.
	 * @return the encoder
	 */
	PacketEncoder encoder() {
		return this.encoder;
	}

	/**
	 * Creates the packet decoder of a new connection.
	 * @return a decoder with no state
	 */
	PacketDecoder newDecoder() {
		return this.decoders.copy();
	}

	/**
	 * Returns the Engine.IO server carrying the connections.
	 * @return the engine
	 */
	EngineServer engine() {
		return this.engine;
	}

	private EngineSocketListener onOpen(EngineSocket socket) {
		Client client = new Client(this, socket);
		SocketIOObserver current = this.observer;
		if (current != SocketIOObserver.NONE) {
			current.onConnectionOpened(client, client.transport());
		}
		return client;
	}

	/**
	 * Registers an observer of this server's connections, sockets, events and broadcasts,
	 * told at once of the namespaces that exist already. Observers are meant to be
	 * registered before the server takes connections (the auto-configuration registers
	 * the {@link SocketIOObserver} beans when it creates the server); one registered
	 * later misses what happened before.
	 * @param observer the observer
	 * @return this server
	 */
	public SocketIOServer addObserver(SocketIOObserver observer) {
		synchronized (this.observers) {
			this.observers.add(observer);
			this.observer = SocketIOObservers.of(this.observers);
			for (Namespace namespace : List.copyOf(this.namespaces.values())) {
				observer.onNamespaceCreated(namespace);
			}
		}
		return this;
	}

	/**
	 * Returns the observers of this server, combined into one.
	 * @return the observer; {@link SocketIOObserver#NONE} when none was registered
	 */
	public SocketIOObserver observer() {
		return this.observer;
	}

	/**
	 * Returns the namespaces of this server: those created with {@link #of(String)} and
	 * the children of the dynamic namespaces, not the dynamic namespaces themselves.
	 * @return a read-only view
	 */
	public Collection<Namespace> namespaces() {
		return Collections.unmodifiableCollection(this.namespaces.values());
	}

	/**
	 * Returns the dynamic namespaces of this server, in the order they were created.
	 * @return a read-only view
	 */
	public List<ParentNamespace> parentNamespaces() {
		return Collections.unmodifiableList(this.parents);
	}

	/**
	 * Returns a namespace, creating it on first use. A new name that a parent created
	 * with {@link #of(Pattern)} matches becomes that parent's child, with its middlewares
	 * and handlers, as in the reference server (the first such parent, in the order they
	 * were created); parents created with a {@link NamespaceMatcher} are never asked, as
	 * they decide with a client's auth.
	 * @param name the name; a leading {@code /} is added when missing
	 * @return the namespace
	 */
	public Namespace of(String name) {
		String normalized = name.startsWith("/") ? name : "/" + name;
		Namespace existing = this.namespaces.get(normalized);
		if (existing != null) {
			return existing;
		}
		Namespace[] created = new Namespace[1];
		Namespace namespace = this.namespaces.computeIfAbsent(normalized, (key) -> {
			for (ParentNamespace parent : this.parents) {
				if (parent.matchesByPattern(key)) {
					created[0] = parent.createChild(key);
					return created[0];
				}
			}
			created[0] = new Namespace(key, this, this.adapterFactory);
			return created[0];
		});
		if (created[0] != null) {
			namespaceCreated(created[0]);
		}
		return namespace;
	}

	private void namespaceCreated(Namespace namespace) {
		SocketIOObserver current = this.observer;
		if (current != SocketIOObserver.NONE) {
			current.onNamespaceCreated(namespace);
		}
	}

	/**
	 * Returns the dynamic namespace whose children are the namespaces matching a regular
	 * expression (searched in the name, as JavaScript's {@code test} does), creating it
	 * on first use. Unlike the reference server, which creates a parent on every call,
	 * the same expression (same source and flags) always returns the same parent: code,
	 * the {@code BroadcastOperations} and the annotated controllers whose namespace
	 * template comes down to this expression share it.
	 * @param pattern the expression
	 * @return the parent namespace
	 */
	public ParentNamespace of(Pattern pattern) {
		return this.parentsByPattern.computeIfAbsent(new PatternKey(pattern.pattern(), pattern.flags()),
				(key) -> newParent((name, auth) -> Mono.just(ParentNamespace.test(pattern, name)), pattern));
	}

	/**
	 * Returns a new dynamic namespace whose children are the namespaces the matcher
	 * accepts.
	 * @param matcher decides on each name a client asks for
	 * @return the parent namespace
	 */
	public ParentNamespace of(NamespaceMatcher matcher) {
		return newParent(matcher, null);
	}

	private ParentNamespace newParent(NamespaceMatcher matcher, @Nullable Pattern pattern) {
		ParentNamespace parent = new ParentNamespace("/_" + this.parentCounter.getAndIncrement(), this, matcher,
				pattern);
		this.parents.add(parent);
		return parent;
	}

	@Nullable Namespace namespace(String name) {
		return this.namespaces.get(name);
	}

	AdapterFactory adapterFactory() {
		return this.adapterFactory;
	}

	boolean isClosed() {
		return this.closed;
	}

	void removeNamespace(Namespace namespace) {
		if (this.namespaces.remove(namespace.name(), namespace)) {
			SocketIOObserver current = this.observer;
			if (current != SocketIOObserver.NONE) {
				current.onNamespaceRemoved(namespace);
			}
		}
	}

	Mono<Namespace> dynamicNamespace(String name, JsonNode auth) {
		return Flux.fromIterable(this.parents)
			.concatMap((parent) -> parent.matches(name, auth).filter(Boolean::booleanValue).map((matched) -> parent))
			.next()
			// created and given the parent's middlewares and handlers in one step: a
			// second client must never find the child before it has them
			.map((parent) -> {
				Namespace[] created = new Namespace[1];
				Namespace child = this.namespaces.computeIfAbsent(name, (key) -> {
					created[0] = parent.createChild(key);
					return created[0];
				});
				if (created[0] != null) {
					namespaceCreated(created[0]);
				}
				return child;
			});
	}

	RemoteSocket remoteSocket(Namespace namespace, SocketDetails details) {
		return new DefaultRemoteSocket(namespace, details);
	}

	/**
	 * Returns the main namespace {@code /}.
	 * @return the main namespace
	 */
	public Namespace sockets() {
		return this.main;
	}

	/**
	 * Registers a handler of the sockets joining the main namespace.
	 * @param handler the handler
	 * @return this server
	 */
	public SocketIOServer onConnection(ConnectionHandler handler) {
		this.main.onConnection(handler);
		return this;
	}

	/**
	 * Adds a connection middleware to the main namespace.
	 * @param middleware the middleware
	 * @return this server
	 */
	public SocketIOServer use(ConnectionMiddleware middleware) {
		this.main.use(middleware);
		return this;
	}

	/**
	 * Returns the operator that targets every socket of the main namespace: the one every
	 * broadcast method of the server starts from.
	 * @return the broadcast operator
	 */
	@Override
	public BroadcastOperator operator() {
		return this.main.operator();
	}

	/**
	 * Sends an event to the other servers of the cluster (nothing with the in-memory
	 * adapter).
	 * @param event the event name
	 * @param args the arguments
	 */
	public void serverSideEmit(String event, Object... args) {
		this.main.serverSideEmit(event, args);
	}

	/**
	 * Sends an event to the other servers and collects their answers (an empty list at
	 * once with the in-memory adapter).
	 * @param timeout how long to wait
	 * @param event the event name
	 * @param args the arguments
	 * @return the answers
	 */
	public Mono<List<JsonNode>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
		return this.main.serverSideEmitWithAck(timeout, event, args);
	}

	/**
	 * Disconnects every socket with the reason "server shutting down", closes the
	 * adapters and the connections.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		for (Namespace namespace : List.copyOf(this.namespaces.values())) {
			for (DefaultSocket socket : toList(namespace)) {
				socket.onClose(DisconnectReason.SERVER_SHUTTING_DOWN);
			}
			namespace.adapter().close().subscribe();
		}
		this.engine.close();
	}

	private record PatternKey(String source, int flags) {

	}

	private static List<DefaultSocket> toList(Namespace namespace) {
		List<DefaultSocket> list = new ArrayList<>();
		namespace.localSockets().forEach(list::add);
		return list;
	}

}
