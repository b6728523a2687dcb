package io.github.socketiospringboot.admin;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.github.socketiospringboot.adapter.RoomEvent;
import io.github.socketiospringboot.broadcast.Args;
import io.github.socketiospringboot.broadcast.BroadcastOperator;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.observe.SocketIOObserver;
import io.github.socketiospringboot.server.ConnectionRefusedException;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.EventHandler;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.SocketEvent;
import io.github.socketiospringboot.server.SocketIOOptions.Transport;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.ClassUtils;

/**
 * The server side of the official Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5),
 * what its {@code instrument(io, options)} does for a Node.js server: the admin namespace
 * with its authentication and sessions, the statistics every two seconds, and in
 * development mode the list of sockets and a feed of each connection, disconnection, room
 * change and event. Unless read-only, the UI's actions (emit, join, leave, disconnect) go
 * through the namespaces' broadcast operators, so across a cluster when an adapter is on;
 * every server of the cluster instruments itself the same way, and the UI shows each one.
 *
 * <pre class="code">
 * AdminUi adminUi = AdminUi.instrument(server, AdminUiOptions.defaults()
 *     .withCredentials("admin", "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS"));
 * </pre>
 *
 * <p>
 * Authentication compares the password with its bcrypt hash (Spring Security's
 * {@code spring-security-crypto} must be on the class path), on
 * {@link Schedulers#boundedElastic()}: never on an event loop. The Spring Boot
 * auto-configuration instruments its server on {@code socketio.admin-ui.enabled=true}.
 */
public final class AdminUi implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(AdminUi.class);

	/** The server-side event that tells the other servers of a new session. */
	static final String SESSION_EVENT = "_admin_session";

	/** Where the middleware leaves a new session id for the connection handler. */

	private static final String BCRYPT_CLASS = "org.springframework.security.crypto.bcrypt.BCrypt";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SocketIOServer server;

	private final AdminUiOptions options;

	private final ObjectMapper mapper;

	private final Namespace admin;

	private final boolean development;

	private final List<String> supportedFeatures;

	private final SessionStore sessions;

	private final EventBuffer events;

	private final ObjectNode baseStats;

	private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

	/** The sockets of each connection, by connection id, in development mode. */
	private final Map<String, List<SocketIOSocket>> socketsByConnection = new ConcurrentHashMap<>();

	/** The connection id of each socket, in development mode. */
	private final Map<SocketIOSocket, String> connectionBySocket = new ConcurrentHashMap<>();

	/**
	 * The session made for a UI that logged in, until its socket is connected and sent
	 * it; kept apart from the socket's data, which the UIs and the other servers see.
	 * Weak: a socket that never connects takes its entry with it.
	 */
	private final Map<SocketIOSocket, String> newSessions = Collections.synchronizedMap(new WeakHashMap<>());

	private final AtomicInteger clients = new AtomicInteger();

	private final AtomicInteger pollingClients = new AtomicInteger();

	private final Disposable stats;

	private volatile boolean closed;

	private AdminUi(SocketIOServer server, AdminUiOptions options, LongSupplier clock) {
		this.server = server;
		this.options = options;
		this.mapper = server.mapper();
		this.development = options.mode() == AdminUiOptions.Mode.DEVELOPMENT;
		this.supportedFeatures = supportedFeatures(options);
		this.sessions = new SessionStore(clock);
		this.events = new EventBuffer(clock);
		this.baseStats = baseStats(options);
		this.admin = server.of(options.namespace());
		if (options.credentials() != null) {
			AdminUiOptions.Credentials credentials = options.credentials();
			this.admin.use((socket) -> authenticate(socket, credentials));
			this.admin.onServerSideEmit(SESSION_EVENT, (event) -> {
				JsonNode id = event.args().get(0);
				if (id.isString()) {
					this.sessions.save(id.stringValue());
				}
			});
		}
		else {
			logger.warn("The Admin UI namespace " + options.namespace()
					+ " has no authentication: whoever reaches it sees every socket"
					+ (options.readOnly() ? "" : " and can act on them"));
		}
		this.admin.onConnection(this::onAdminConnection);
		server.addObserver(new Observer());
		this.stats = Flux.interval(options.statsInterval(), Schedulers.parallel())
			.startWith(0L)
			.subscribe((tick) -> emitStats(), (error) -> logger.error("Admin UI statistics stopped", error));
	}

	/**
	 * Instruments a server for the Admin UI: creates the admin namespace and starts
	 * sending statistics. Call it before the server takes connections: what happened
	 * before is not shown.
	 * @param server the server
	 * @param options the settings
	 * @return the instrumentation, to {@link #close()} when the server stops
	 * @throws IllegalArgumentException when the options choose no authentication, or
	 * credentials without {@code spring-security-crypto} on the class path
	 */
	public static AdminUi instrument(SocketIOServer server, AdminUiOptions options) {
		if (options.credentials() == null && !options.authenticationDisabled()) {
			throw new IllegalArgumentException("The Admin UI needs credentials (a username and a bcrypt hash of the "
					+ "password), or its authentication disabled explicitly");
		}
		if (options.credentials() != null && !ClassUtils.isPresent(BCRYPT_CLASS, AdminUi.class.getClassLoader())) {
			throw new IllegalArgumentException("The Admin UI's authentication checks bcrypt hashes with Spring "
					+ "Security's BCrypt: add org.springframework.security:spring-security-crypto to the application");
		}
		return new AdminUi(server, options, System::currentTimeMillis);
	}

	/**
	 * Returns the settings in force.
	 * @return the options
	 */
	public AdminUiOptions options() {
		return this.options;
	}

	/**
	 * Returns the admin namespace.
	 * @return the namespace the UI connects to
	 */
	public Namespace namespace() {
		return this.admin;
	}

	/**
	 * Stops the statistics and the feeds; the admin namespace stays.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.stats.dispose();
	}

	private static List<String> supportedFeatures(AdminUiOptions options) {
		List<String> features = new ArrayList<>();
		if (!options.readOnly()) {
			features.addAll(List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"));
		}
		features.add("AGGREGATED_EVENTS");
		if (options.mode() == AdminUiOptions.Mode.DEVELOPMENT) {
			features.add("ALL_EVENTS");
		}
		return List.copyOf(features);
	}

	private ObjectNode baseStats(AdminUiOptions options) {
		String hostname = hostname();
		long pid = ProcessHandle.current().pid();
		ObjectNode base = this.mapper.createObjectNode();
		base.put("serverId", (options.serverId() != null) ? options.serverId() : hostname + "#" + pid);
		base.put("hostname", hostname);
		base.put("pid", pid);
		return base;
	}

	private static String hostname() {
		String fromEnvironment = System.getenv("HOSTNAME");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	// ---- authentication

	private Mono<Void> authenticate(SocketIOSocket socket, AdminUiOptions.Credentials credentials) {
		JsonNode auth = socket.handshake().auth();
		JsonNode sessionId = auth.path("sessionId");
		if (sessionId.isString() && this.sessions.exists(sessionId.stringValue())) {
			return Mono.empty();
		}
		JsonNode username = auth.path("username");
		JsonNode password = auth.path("password");
		if (!username.isString() || !password.isString()
				|| !MessageDigest.isEqual(username.stringValue().getBytes(java.nio.charset.StandardCharsets.UTF_8),
						credentials.username().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
			return Mono.error(invalidCredentials());
		}
		String given = password.stringValue();
		// bcrypt is meant to be slow: never on an event loop
		return Mono.fromCallable(() -> BCryptCheck.matches(given, credentials.passwordHash()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((matches) -> {
				if (!matches) {
					return Mono.error(invalidCredentials());
				}
				String id = HexFormat.of().formatHex(randomBytes());
				this.sessions.save(id);
				try {
					this.admin.serverSideEmit(SESSION_EVENT, id);
				}
				catch (RuntimeException ex) {
					logger.warn("Admin UI: the other servers could not be told of a new session: " + ex);
				}
				this.newSessions.put(socket, id);
				return Mono.empty();
			});
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[8];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	private static ConnectionRefusedException invalidCredentials() {
		return new ConnectionRefusedException("invalid credentials");
	}

	// ---- the UI's connection and actions

	private void onAdminConnection(SocketIOSocket socket) {
		String session = this.newSessions.remove(socket);
		if (session != null) {
			// after CONNECT, unlike the reference (which sends it from its middleware,
			// before the client listens): the UI keeps it and reconnects with it
			socket.emit("session", session);
		}
		if (!this.options.readOnly()) {
			socket.on("emit", action(this::emitAction));
			socket.on("join", action((event) -> roomAction(event, true)));
			socket.on("leave", action((event) -> roomAction(event, false)));
			socket.on("_disconnect", action(this::disconnectAction));
		}
		ObjectNode config = this.mapper.createObjectNode();
		ArrayNode features = config.putArray("supportedFeatures");
		this.supportedFeatures.forEach(features::add);
		socket.emit("config", config);
		if (this.development) {
			allSockets().subscribe((sockets) -> socket.emit("all_sockets", sockets),
					(error) -> logger.warn("Admin UI: the list of sockets failed: " + error));
		}
	}

	private static EventHandler action(java.util.function.Consumer<SocketEvent> action) {
		return (event) -> {
			try {
				action.accept(event);
			}
			catch (RuntimeException ex) {
				// a malformed action is the UI's mistake, not the server's
				if (logger.isDebugEnabled()) {
					logger.debug("Admin UI action " + event.name() + " refused: " + ex);
				}
			}
		};
	}

	private static String text(Args args, int index) {
		JsonNode node = args.get(index);
		if (!node.isString()) {
			throw new IllegalArgumentException("argument " + index + " is not a string");
		}
		return node.stringValue();
	}

	private static @Nullable String filter(Args args, int index) {
		if (index >= args.size()) {
			return null;
		}
		JsonNode node = args.get(index);
		return (node.isString() && !node.stringValue().isEmpty()) ? node.stringValue() : null;
	}

	private BroadcastOperator target(String namespace, @Nullable String filter) {
		Namespace target = this.server.of(namespace);
		return (filter != null) ? target.in(filter) : target.operator();
	}

	private void emitAction(SocketEvent event) {
		Args args = event.args();
		String namespace = text(args, 0);
		String name = text(args, 2);
		Object[] rest = new Object[Math.max(0, args.size() - 3)];
		for (int i = 0; i < rest.length; i++) {
			rest[i] = args.get(i + 3);
		}
		target(namespace, filter(args, 1)).emit(name, rest);
	}

	private void roomAction(SocketEvent event, boolean join) {
		Args args = event.args();
		BroadcastOperator target = target(text(args, 0), filter(args, 2));
		String room = text(args, 1);
		if (join) {
			target.socketsJoin(room);
		}
		else {
			target.socketsLeave(room);
		}
	}

	private void disconnectAction(SocketEvent event) {
		Args args = event.args();
		boolean close = args.size() > 1 && args.get(1).asBoolean(false);
		target(text(args, 0), filter(args, 2)).disconnectSockets(close);
	}

	private Mono<ArrayNode> allSockets() {
		return Flux.fromIterable(List.copyOf(this.namespaces.values()))
			.flatMap((namespace) -> namespace.fetchSockets()
				.map((sockets) -> serialize(sockets, namespace.name()))
				.onErrorResume((error) -> {
					logger.warn("Admin UI: the sockets of " + namespace.name() + " could not be fetched: " + error);
					return Mono.just(List.of());
				}))
			.collect(this.mapper::createArrayNode, ArrayNode::addAll);
	}

	private List<ObjectNode> serialize(List<RemoteSocket> sockets, String namespace) {
		List<ObjectNode> result = new ArrayList<>(sockets.size());
		for (RemoteSocket socket : sockets) {
			result.add(SocketJson.socket(socket, namespace, this.mapper));
		}
		return result;
	}

	// ---- statistics

	private void emitStats() {
		if (this.closed) {
			return;
		}
		try {
			ObjectNode stats = this.baseStats.deepCopy();
			stats.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
			stats.put("clientsCount", this.clients.get());
			stats.put("pollingClientsCount", this.pollingClients.get());
			this.events.drain(stats.putArray("aggregatedEvents"));
			ArrayNode namespaces = stats.putArray("namespaces");
			for (Namespace namespace : this.namespaces.values()) {
				ObjectNode details = namespaces.addObject();
				details.put("name", namespace.name());
				details.put("socketsCount", namespace.sockets().size());
			}
			this.admin.emit("server_stats", stats);
		}
		catch (RuntimeException ex) {
			logger.warn("Admin UI: the statistics could not be sent", ex);
		}
	}

	private void emitFeed(String event, Object... args) {
		if (!this.closed) {
			this.admin.emit(event, args);
		}
	}

	private static String now() {
		return SocketJson.timestamp(Instant.now());
	}

	private void onRoomEvent(Namespace namespace, RoomEvent event) {
		String socketId = event.socketId();
		if (socketId == null) {
			return;
		}
		if (event.type() == RoomEvent.Type.JOIN_ROOM) {
			emitFeed("room_joined", namespace.name(), event.room(), socketId, now());
		}
		else if (event.type() == RoomEvent.Type.LEAVE_ROOM) {
			emitFeed("room_left", namespace.name(), event.room(), socketId, now());
		}
	}

	private ArrayNode eventArgs(String event, Args args) {
		ArrayNode json = this.mapper.createArrayNode();
		json.add(event);
		for (JsonNode arg : args.asList()) {
			json.add(arg);
		}
		return json;
	}

	/**
	 * What the server tells the Admin UI. Production mode counts (one adder increment per
	 * occurrence); development mode also sends the feeds.
	 */
	private final class Observer implements SocketIOObserver {

		@Override
		public void onNamespaceCreated(Namespace namespace) {
			AdminUi.this.namespaces.put(namespace.name(), namespace);
			if (AdminUi.this.development) {
				namespace.onRoomEvent((event) -> onRoomEvent(namespace, event));
			}
		}

		@Override
		public void onNamespaceRemoved(Namespace namespace) {
			AdminUi.this.namespaces.remove(namespace.name(), namespace);
		}

		@Override
		public void onConnectionOpened(Connection connection, Transport transport) {
			AdminUi.this.clients.incrementAndGet();
			if (transport == Transport.POLLING) {
				AdminUi.this.pollingClients.incrementAndGet();
			}
			AdminUi.this.events.add(EventBuffer.RAW_CONNECTION, 1);
		}

		@Override
		public void onConnectionUpgraded(Connection connection, Transport from, Transport to) {
			if (from == Transport.POLLING) {
				AdminUi.this.pollingClients.decrementAndGet();
			}
			if (!AdminUi.this.development) {
				return;
			}
			List<SocketIOSocket> sockets = AdminUi.this.socketsByConnection.get(connection.id());
			if (sockets == null) {
				return;
			}
			for (SocketIOSocket socket : List.copyOf(sockets)) {
				if (socket.data().get(SocketJson.ADMIN_DATA) instanceof Map<?, ?> data) {
					@SuppressWarnings("unchecked")
					Map<String, Object> adminData = (Map<String, Object>) data;
					adminData.put("transport", wireName(to));
				}
				ObjectNode update = AdminUi.this.mapper.createObjectNode();
				update.put("id", socket.id());
				update.put("nsp", socket.namespace().name());
				update.put("transport", wireName(to));
				emitFeed("socket_updated", update);
			}
		}

		@Override
		public void onConnectionClosed(Connection connection, Transport transport, DisconnectReason reason) {
			AdminUi.this.clients.decrementAndGet();
			if (transport == Transport.POLLING) {
				AdminUi.this.pollingClients.decrementAndGet();
			}
			AdminUi.this.events.disconnection(reason.reason());
			if (AdminUi.this.development) {
				AdminUi.this.socketsByConnection.remove(connection.id());
			}
		}

		@Override
		public void onSocketConnected(SocketIOSocket socket, Connection connection, boolean recovered) {
			if (!AdminUi.this.development) {
				return;
			}
			Map<String, Object> adminData = new ConcurrentHashMap<>(4);
			String clientId = connection.id();
			adminData.put("clientId", clientId.substring(0, Math.min(12, clientId.length())));
			adminData.put("transport", wireName(connection.transport()));
			socket.data().put(SocketJson.ADMIN_DATA, adminData);
			AdminUi.this.socketsByConnection
				.computeIfAbsent(connection.id(), (key) -> new java.util.concurrent.CopyOnWriteArrayList<>())
				.add(socket);
			AdminUi.this.connectionBySocket.put(socket, connection.id());
			if (!socket.connected()) {
				// it left meanwhile, and its disconnection may have been told already
				forget(socket);
				return;
			}
			Namespace namespace = socket.namespace();
			emitFeed("socket_connected", SocketJson.socket(socket, namespace.name(), AdminUi.this.mapper), now());
			if (namespace != AdminUi.this.admin) {
				String name = namespace.name();
				socket.onAny(
						(event, args) -> emitFeed("event_received", name, socket.id(), eventArgs(event, args), now()));
				socket.onAnyOutgoing(
						(event, args) -> emitFeed("event_sent", name, socket.id(), eventArgs(event, args), now()));
			}
		}

		@Override
		public void onSocketDisconnected(SocketIOSocket socket, DisconnectReason reason) {
			if (!AdminUi.this.development) {
				return;
			}
			forget(socket);
			emitFeed("socket_disconnected", socket.namespace().name(), socket.id(), reason.reason(), now());
		}

		private void forget(SocketIOSocket socket) {
			String connection = AdminUi.this.connectionBySocket.remove(socket);
			List<SocketIOSocket> siblings = (connection != null) ? AdminUi.this.socketsByConnection.get(connection)
					: null;
			if (siblings != null) {
				siblings.remove(socket);
			}
		}

		@Override
		public void onEventReceived(SocketIOSocket socket, String event, long bytes) {
			AdminUi.this.events.add(EventBuffer.PACKETS_IN, 1);
			AdminUi.this.events.add(EventBuffer.BYTES_IN, bytes);
		}

		@Override
		public void onEventsSent(Namespace namespace, String event, int recipients, long bytes) {
			AdminUi.this.events.add(EventBuffer.PACKETS_OUT, recipients);
			AdminUi.this.events.add(EventBuffer.BYTES_OUT, bytes);
		}

	}

	/**
	 * Returns a transport's name as the Admin UI shows it, the Engine.IO query value.
	 */
	private static String wireName(Transport transport) {
		return transport.name().toLowerCase(Locale.ROOT);
	}

}
