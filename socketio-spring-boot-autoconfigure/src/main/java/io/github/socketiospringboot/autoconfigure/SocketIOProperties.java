package io.github.socketiospringboot.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions.Transport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the Socket.IO server under {@code socketio.*}; every default is the
 * reference server's. A plain properties bean: the auto-configuration maps it once onto
 * the server's immutable options.
 */
@ConfigurationProperties("socketio")
public class SocketIOProperties {

	/**
	 * Path of the endpoint on the application's port, for both transports.
	 */
	private String path = "/socket.io/";

	/**
	 * How requests reach the endpoint: 'auto' serves them on Reactor Netty directly,
	 * ahead of WebFlux, unless the application has WebFlux filters (a Spring Security
	 * chain, say) or a forwarded-headers transformer, which must see them; 'netty' always
	 * serves them directly (WebFlux filters do not see them); 'webflux' always through
	 * WebFlux.
	 */
	private Route route = Route.AUTO;

	/**
	 * How long after the handshake, and after each pong, the server sends a ping.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration pingInterval = Duration.ofSeconds(25);

	/**
	 * How long the server waits for the pong before it closes the connection.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration pingTimeout = Duration.ofSeconds(20);

	/**
	 * How long an upgrade from long-polling to WebSocket may take before it is cancelled.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration upgradeTimeout = Duration.ofSeconds(10);

	/**
	 * Largest message, or polling request body, a client may send; advertised to clients
	 * as maxPayload. Bigger POST bodies get 413, bigger WebSocket messages close the
	 * connection with 1009.
	 */
	private DataSize maxHttpBufferSize = DataSize.ofBytes(1_000_000);

	/**
	 * Transports clients may use.
	 */
	private List<Transport> transports = new ArrayList<>(List.of(Transport.POLLING, Transport.WEBSOCKET));

	/**
	 * Whether long-polling connections may upgrade to WebSocket.
	 */
	private boolean allowUpgrades = true;

	/**
	 * How long a new connection may take to join a namespace before it is closed.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration connectTimeout = Duration.ofSeconds(45);

	/**
	 * Most binary attachments a client packet may announce; more closes the connection.
	 */
	private int maxAttachments = 10;

	/**
	 * Timeout of acknowledgements requested without one (emitWithAck without timeout()).
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration ackTimeout = Duration.ofSeconds(30);

	/**
	 * Whether a child of a dynamic namespace (a template controller's, or one created
	 * with io.of(Pattern)) is removed, and its adapter closed, when its last socket has
	 * left.
	 */
	private boolean cleanupEmptyChildNamespaces;

	/**
	 * Most events of one socket that may wait for its blocking handlers (@OnEvent with
	 * blocking = true); a socket whose client sends faster than they run is disconnected
	 * past it.
	 */
	private int maxPendingBlockingEvents = 1000;

	/**
	 * Cross-origin settings; closed to browsers on other origins unless origins are
	 * listed.
	 */
	@NestedConfigurationProperty
	private final Cors cors = new Cors();

	/**
	 * How the rooms and broadcasts of the namespaces reach the other servers of a
	 * cluster.
	 */
	private final Adapter adapter = new Adapter();

	/**
	 * How much the server keeps for a client that does not read what it is sent.
	 */
	@NestedConfigurationProperty
	private final WriteBuffer writeBuffer = new WriteBuffer();

	/**
	 * Connection state recovery: a client that comes back after a short disconnection
	 * gets its socket back and the broadcasts it missed.
	 */
	@NestedConfigurationProperty
	private final ConnectionStateRecovery connectionStateRecovery = new ConnectionStateRecovery();

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Route getRoute() {
		return this.route;
	}

	public void setRoute(Route route) {
		this.route = route;
	}

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public Duration getPingTimeout() {
		return this.pingTimeout;
	}

	public void setPingTimeout(Duration pingTimeout) {
		this.pingTimeout = pingTimeout;
	}

	public Duration getUpgradeTimeout() {
		return this.upgradeTimeout;
	}

	public void setUpgradeTimeout(Duration upgradeTimeout) {
		this.upgradeTimeout = upgradeTimeout;
	}

	public DataSize getMaxHttpBufferSize() {
		return this.maxHttpBufferSize;
	}

	public void setMaxHttpBufferSize(DataSize maxHttpBufferSize) {
		this.maxHttpBufferSize = maxHttpBufferSize;
	}

	public List<Transport> getTransports() {
		return this.transports;
	}

	public void setTransports(List<Transport> transports) {
		this.transports = transports;
	}

	public boolean isAllowUpgrades() {
		return this.allowUpgrades;
	}

	public void setAllowUpgrades(boolean allowUpgrades) {
		this.allowUpgrades = allowUpgrades;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public int getMaxAttachments() {
		return this.maxAttachments;
	}

	public void setMaxAttachments(int maxAttachments) {
		this.maxAttachments = maxAttachments;
	}

	public int getMaxPendingBlockingEvents() {
		return this.maxPendingBlockingEvents;
	}

	public void setMaxPendingBlockingEvents(int maxPendingBlockingEvents) {
		this.maxPendingBlockingEvents = maxPendingBlockingEvents;
	}

	public boolean isCleanupEmptyChildNamespaces() {
		return this.cleanupEmptyChildNamespaces;
	}

	public void setCleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) {
		this.cleanupEmptyChildNamespaces = cleanupEmptyChildNamespaces;
	}

	public Duration getAckTimeout() {
		return this.ackTimeout;
	}

	public void setAckTimeout(Duration ackTimeout) {
		this.ackTimeout = ackTimeout;
	}

	public Adapter getAdapter() {
		return this.adapter;
	}

	public Cors getCors() {
		return this.cors;
	}

	public WriteBuffer getWriteBuffer() {
		return this.writeBuffer;
	}

	public ConnectionStateRecovery getConnectionStateRecovery() {
		return this.connectionStateRecovery;
	}

	/**
	 * How requests reach the Socket.IO endpoint.
	 */
	public enum Route {

		/**
		 * On Reactor Netty directly, unless the application has WebFlux filters or a
		 * forwarded-headers transformer, which must see the requests: then through
		 * WebFlux.
		 */
		AUTO,

		/**
		 * On Reactor Netty directly, ahead of WebFlux: its filters do not see the
		 * requests, and a handshake has no principal.
		 */
		NETTY,

		/**
		 * Through WebFlux, behind its filters.
		 */
		WEBFLUX

	}

	/**
	 * Settings of connection state recovery.
	 */
	public static class ConnectionStateRecovery {

		/**
		 * Whether a client that lost its connection gets its socket (id, rooms, data) and
		 * the broadcasts it missed back when it reconnects in time. Off, nothing changes
		 * on the wire.
		 */
		private boolean enabled;

		/**
		 * How long a session, and the packets it may miss, are kept after a
		 * disconnection.
		 */
		private Duration maxDisconnectionDuration = Duration.ofMinutes(2);

		/**
		 * Whether a restored socket skips the connection middlewares.
		 */
		private boolean skipMiddlewares = true;

		/**
		 * The most packets the in-memory adapter keeps per namespace for recovery; once
		 * reached the oldest is dropped, and a client that missed it gets a fresh
		 * session.
		 */
		private int maxStoredPackets = 100_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxDisconnectionDuration() {
			return this.maxDisconnectionDuration;
		}

		public void setMaxDisconnectionDuration(Duration maxDisconnectionDuration) {
			this.maxDisconnectionDuration = maxDisconnectionDuration;
		}

		public boolean isSkipMiddlewares() {
			return this.skipMiddlewares;
		}

		public void setSkipMiddlewares(boolean skipMiddlewares) {
			this.skipMiddlewares = skipMiddlewares;
		}

		public int getMaxStoredPackets() {
			return this.maxStoredPackets;
		}

		public void setMaxStoredPackets(int maxStoredPackets) {
			this.maxStoredPackets = maxStoredPackets;
		}

	}

	/**
	 * Limits of the data waiting for one client.
	 */
	public static class WriteBuffer {

		/**
		 * Bytes waiting for one connection past which it is congested: volatile packets
		 * are not sent to it.
		 */
		private DataSize limit = DataSize.ofMegabytes(1);

		/**
		 * How long a connection may stay past the limit before it is closed ("transport
		 * error").
		 */
		private Duration timeout = Duration.ofSeconds(30);

		/**
		 * Bytes waiting for one connection at which it is closed at once ("transport
		 * error"); also bounds a single packet.
		 */
		private DataSize max = DataSize.ofMegabytes(64);

		public DataSize getLimit() {
			return this.limit;
		}

		public void setLimit(DataSize limit) {
			this.limit = limit;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public DataSize getMax() {
			return this.max;
		}

		public void setMax(DataSize max) {
			this.max = max;
		}

	}

	/**
	 * Cross-origin settings of the endpoint.
	 */
	public static class Cors {

		/**
		 * Origins allowed exactly, or "*" for any origin.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Origin patterns such as "https://*.example.com".
		 */
		private List<String> allowedOriginPatterns = new ArrayList<>();

		/**
		 * Whether browsers may send cookies and credentials.
		 */
		private boolean allowCredentials;

		/**
		 * Methods announced in answers to preflight requests.
		 */
		private List<String> allowedMethods = new ArrayList<>(CorsOptions.DEFAULT_METHODS);

		/**
		 * Request headers allowed in answers to preflight requests; when empty, the
		 * requested headers are echoed.
		 */
		private List<String> allowedHeaders = new ArrayList<>();

		/**
		 * Response headers scripts may read.
		 */
		private List<String> exposedHeaders = new ArrayList<>();

		/**
		 * How long browsers may cache an answer to a preflight request; not sent when
		 * unset.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration maxAge;

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public boolean isAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public List<String> getAllowedMethods() {
			return this.allowedMethods;
		}

		public void setAllowedMethods(List<String> allowedMethods) {
			this.allowedMethods = allowedMethods;
		}

		public List<String> getAllowedHeaders() {
			return this.allowedHeaders;
		}

		public void setAllowedHeaders(List<String> allowedHeaders) {
			this.allowedHeaders = allowedHeaders;
		}

		public List<String> getExposedHeaders() {
			return this.exposedHeaders;
		}

		public void setExposedHeaders(List<String> exposedHeaders) {
			this.exposedHeaders = exposedHeaders;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * The adapter every namespace gets.
	 */
	public static class Adapter {

		/**
		 * Which adapter the namespaces use: memory (this server only), redis (the classic
		 * protocol of the Node Redis adapter's createAdapter, over Redis pub/sub),
		 * redis-sharded (createShardedAdapter, over Redis 7 sharded pub/sub) or
		 * redis-streams (the Node Redis Streams adapter, over a Redis stream, which also
		 * restores sessions across servers for connection state recovery). The Redis
		 * types connect through Spring Boot's spring.data.redis.* settings and need
		 * spring-boot-starter-data-redis.
		 */
		private AdapterType type = AdapterType.MEMORY;

		/**
		 * Settings of the Redis adapters.
		 */
		private final Redis redis = new Redis();

		public AdapterType getType() {
			return this.type;
		}

		public void setType(AdapterType type) {
			this.type = type;
		}

		public Redis getRedis() {
			return this.redis;
		}

	}

	/**
	 * The adapters a namespace may use.
	 */
	public enum AdapterType {

		/** This server only: the in-memory adapter. */
		MEMORY,

		/** Redis pub/sub with the wire format of the Node adapter's createAdapter. */
		REDIS,

		/** Redis 7 sharded pub/sub with the wire format of createShardedAdapter. */
		REDIS_SHARDED,

		/**
		 * A Redis stream and pub/sub with the wire format of
		 * {@code @socket.io/redis-streams-adapter} 0.3.
		 */
		REDIS_STREAMS

	}

	/**
	 * Settings of the Redis adapters; every default is the Node adapter's.
	 */
	public static class Redis {

		/**
		 * Prefix of every Redis channel (the Node adapter's key or channelPrefix option).
		 * Every server of a cluster, Node servers and emitters included, must use the
		 * same.
		 */
		private String keyPrefix = "socket.io";

		/**
		 * How long fetchSockets and allRooms wait for the other servers' answers, and how
		 * long a server count may take. On redis-streams with connection state recovery
		 * on, also how long a broadcast waits for its offset (the XADD's answer) before
		 * it reaches this server's clients without it.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		private Duration requestTimeout = Duration.ofSeconds(5);

		/**
		 * Which room channels the redis-sharded adapter subscribes to: static (none),
		 * dynamic (a channel per room that is not a socket id) or dynamic-private (a
		 * channel per room).
		 */
		private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;

		/**
		 * Whether the redis adapter answers other servers' requests on the requester's
		 * own response channel rather than on the common one, which wakes fewer servers.
		 */
		private boolean publishOnSpecificResponseChannel = false;

		/**
		 * Settings of the redis-streams adapter.
		 */
		private final Streams streams = new Streams();

		public Streams getStreams() {
			return this.streams;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public SubscriptionMode getSubscriptionMode() {
			return this.subscriptionMode;
		}

		public void setSubscriptionMode(SubscriptionMode subscriptionMode) {
			this.subscriptionMode = subscriptionMode;
		}

		public boolean isPublishOnSpecificResponseChannel() {
			return this.publishOnSpecificResponseChannel;
		}

		public void setPublishOnSpecificResponseChannel(boolean publishOnSpecificResponseChannel) {
			this.publishOnSpecificResponseChannel = publishOnSpecificResponseChannel;
		}

	}

	/**
	 * Settings of the redis-streams adapter; every default is the Node adapter's. Its
	 * pub/sub channels take socketio.adapter.redis.key-prefix as their prefix (the Node
	 * adapter's channelPrefix).
	 */
	public static class Streams {

		/**
		 * Name of the Redis stream, or prefix of the streams when there are several (the
		 * Node adapter's streamName).
		 */
		private String name = "socket.io";

		/**
		 * Number of streams the namespaces are spread over (streamCount); a namespace's
		 * stream is chosen by its name's hash, as the Node adapter does.
		 */
		private int count = 1;

		/**
		 * Length each stream is trimmed to, approximately (maxLen): also how many recent
		 * broadcasts a reconnecting client can recover.
		 */
		private long maxLength = 10_000;

		/**
		 * Number of entries one read of a stream takes at most (readCount).
		 */
		private int readCount = 100;

		/**
		 * How long one read of a stream waits for new entries (blockTimeInMs); kept below
		 * half of the Redis command timeout.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		private Duration blockTime = Duration.ofSeconds(5);

		/**
		 * Prefix of the Redis keys of the sessions kept for connection state recovery
		 * (sessionKeyPrefix).
		 */
		private String sessionKeyPrefix = "sio:session:";

		/**
		 * Whether the pub/sub messages use Redis 7 sharded pub/sub (useShardedPubSub).
		 */
		private boolean shardedPubSub = false;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public int getCount() {
			return this.count;
		}

		public void setCount(int count) {
			this.count = count;
		}

		public long getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(long maxLength) {
			this.maxLength = maxLength;
		}

		public int getReadCount() {
			return this.readCount;
		}

		public void setReadCount(int readCount) {
			this.readCount = readCount;
		}

		public Duration getBlockTime() {
			return this.blockTime;
		}

		public void setBlockTime(Duration blockTime) {
			this.blockTime = blockTime;
		}

		public String getSessionKeyPrefix() {
			return this.sessionKeyPrefix;
		}

		public void setSessionKeyPrefix(String sessionKeyPrefix) {
			this.sessionKeyPrefix = sessionKeyPrefix;
		}

		public boolean isShardedPubSub() {
			return this.shardedPubSub;
		}

		public void setShardedPubSub(boolean shardedPubSub) {
			this.shardedPubSub = shardedPubSub;
		}

	}

}
