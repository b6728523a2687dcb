package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import org.springframework.util.Assert;

/**
 * Immutable settings of a {@link SocketIOServer} and of the Engine.IO connections under
 * it; {@link #defaults()} holds the reference server's defaults.
 *
 * <pre class="code">
 * SocketIOOptions options = SocketIOOptions.builder()
 *     .pingInterval(Duration.ofSeconds(10))
 *     .transports(EnumSet.of(SocketIOOptions.Transport.WEBSOCKET))
 *     .allowRequest((request) -&gt; Mono.just(request.headers().getOrigin() != null))
 *     .build();
 * </pre>
 *
 * @param pingInterval how long after the handshake, and after each pong, the server sends
 * a ping
 * @param pingTimeout how long the server waits for a pong before it closes the connection
 * @param upgradeTimeout how long an upgrade to WebSocket may take before it is cancelled
 * @param maxHttpBufferSize the largest message or polling request body accepted, in
 * bytes, advertised to clients as {@code maxPayload}
 * @param transports the transports clients may use
 * @param allowUpgrades whether a polling connection may upgrade to WebSocket
 * @param allowRequest decides whether a request may open a connection
 * @param writeBuffer how much may wait for a client that does not read
 * @param connectTimeout how long a new connection may take to join a namespace before it
 * is closed
 * @param maxAttachments the most binary attachments a client packet may announce
 * @param defaultAckTimeout the timeout of acknowledgements requested without one
 * @param cleanupEmptyChildNamespaces whether a child of a dynamic namespace is removed
 * (and its adapter closed) when its last socket has left, as the reference server's
 * {@code cleanupEmptyChildNamespaces}
 * @param connectionStateRecovery the settings of connection state recovery (off by
 * default)
 */
public record SocketIOOptions(Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
		long maxHttpBufferSize, Set<Transport> transports, boolean allowUpgrades, AllowRequest allowRequest,
		WriteBufferLimits writeBuffer, Duration connectTimeout, int maxAttachments, Duration defaultAckTimeout,
		boolean cleanupEmptyChildNamespaces, ConnectionStateRecovery connectionStateRecovery) {

	static {
		// an engine used without a server (tests, benchmarks) takes its settings from
		// these options too, mapped in the same one place
		EngineAccess.registerOptions((options) -> EngineSettings.of((SocketIOOptions) options));
	}

	/** Ping interval of the reference server: 25 seconds. */
	public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);

	/** Ping timeout of the reference server: 20 seconds. */
	public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(20);

	/** Upgrade timeout of the reference server: 10 seconds. */
	public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofSeconds(10);

	/** Maximum HTTP buffer size of the reference server: 1,000,000 bytes. */
	public static final long DEFAULT_MAX_HTTP_BUFFER_SIZE = 1_000_000;

	/** Connect timeout of the reference server: 45 seconds. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(45);

	/** Attachment limit of the reference parser: 10. */
	public static final int DEFAULT_MAX_ATTACHMENTS = 10;

	/** Timeout of acknowledgements requested without one: 30 seconds. */
	public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Validates and freezes the settings.
	 */
	public SocketIOOptions {
		Assert.isTrue(pingInterval.toMillis() > 0, "pingInterval must be positive");
		Assert.isTrue(pingTimeout.toMillis() > 0, "pingTimeout must be positive");
		Assert.isTrue(upgradeTimeout.toMillis() > 0, "upgradeTimeout must be positive");
		Assert.isTrue(maxHttpBufferSize > 0 && maxHttpBufferSize <= Integer.MAX_VALUE,
				"maxHttpBufferSize must be between 1 and " + Integer.MAX_VALUE);
		Assert.notEmpty(transports, "at least one transport must be enabled");
		Assert.notNull(allowRequest, "allowRequest must not be null");
		Assert.notNull(writeBuffer, "writeBuffer must not be null");
		Assert.isTrue(connectTimeout.toMillis() > 0, "connectTimeout must be positive");
		Assert.isTrue(maxAttachments >= 0, "maxAttachments must not be negative");
		Assert.isTrue(defaultAckTimeout.toMillis() > 0, "defaultAckTimeout must be positive");
		Assert.notNull(connectionStateRecovery, "connectionStateRecovery must not be null");
		transports = Collections.unmodifiableSet(EnumSet.copyOf(transports));
	}

	/**
	 * Returns the reference server's defaults: ping interval 25 s, ping timeout 20 s,
	 * upgrade timeout 10 s, 1,000,000 bytes, both transports, upgrades allowed, every
	 * request allowed, connect timeout 45 s, 10 attachments, acknowledgements awaited 30
	 * s, empty children of dynamic namespaces kept.
	 * @return the default options
	 */
	public static SocketIOOptions defaults() {
		return builder().build();
	}

	/**
	 * Starts a builder holding the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts a builder holding these settings.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder().pingInterval(this.pingInterval)
			.pingTimeout(this.pingTimeout)
			.upgradeTimeout(this.upgradeTimeout)
			.maxHttpBufferSize(this.maxHttpBufferSize)
			.transports(this.transports)
			.allowUpgrades(this.allowUpgrades)
			.allowRequest(this.allowRequest)
			.writeBuffer(this.writeBuffer)
			.connectTimeout(this.connectTimeout)
			.maxAttachments(this.maxAttachments)
			.defaultAckTimeout(this.defaultAckTimeout)
			.cleanupEmptyChildNamespaces(this.cleanupEmptyChildNamespaces)
			.connectionStateRecovery(this.connectionStateRecovery);
	}

	/**
	 * Returns these settings with another connect timeout.
	 * @param connectTimeout the timeout
	 * @return the new options
	 */
	public SocketIOOptions withConnectTimeout(Duration connectTimeout) {
		return mutate().connectTimeout(connectTimeout).build();
	}

	/**
	 * Returns these settings with another attachment limit.
	 * @param maxAttachments the limit
	 * @return the new options
	 */
	public SocketIOOptions withMaxAttachments(int maxAttachments) {
		return mutate().maxAttachments(maxAttachments).build();
	}

	/**
	 * Returns these settings with another default acknowledgement timeout.
	 * @param defaultAckTimeout the timeout
	 * @return the new options
	 */
	public SocketIOOptions withDefaultAckTimeout(Duration defaultAckTimeout) {
		return mutate().defaultAckTimeout(defaultAckTimeout).build();
	}

	/**
	 * Returns these settings with child namespaces removed, or kept, once empty.
	 * @param cleanupEmptyChildNamespaces whether an empty child namespace is removed
	 * @return the new options
	 */
	public SocketIOOptions withCleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) {
		return mutate().cleanupEmptyChildNamespaces(cleanupEmptyChildNamespaces).build();
	}

	/**
	 * Returns these settings with other connection state recovery settings.
	 * @param connectionStateRecovery the settings
	 * @return the new options
	 */
	public SocketIOOptions withConnectionStateRecovery(ConnectionStateRecovery connectionStateRecovery) {
		return mutate().connectionStateRecovery(connectionStateRecovery).build();
	}

	/**
	 * The Engine.IO transports, named as in the {@code transport} query parameter.
	 */
	public enum Transport {

		/** HTTP long-polling: GET to receive, POST to send. */
		POLLING,

		/** One WebSocket connection carrying one packet per frame. */
		WEBSOCKET

	}

	/**
	 * How much the server keeps for a client that does not read what it is sent: the
	 * bytes written to one connection that the client has not taken yet.
	 *
	 * <p>
	 * Past {@code limit} the connection counts as congested: volatile packets are not
	 * sent to it. A connection that stays past the limit for {@code timeout}, or that
	 * reaches {@code max} at any time, is closed with the reason
	 * {@code "transport error"}, so memory per connection stays bounded and the server
	 * keeps serving everyone else. A single packet larger than {@code max} closes its
	 * connection too.
	 *
	 * @param limit bytes past which a connection is congested
	 * @param timeout how long a connection may stay congested
	 * @param max bytes at which a connection is closed at once
	 */
	public record WriteBufferLimits(long limit, Duration timeout, long max) {

		/** Default limit: 1 MiB. */
		public static final long DEFAULT_LIMIT = 1024 * 1024;

		/** Default timeout: 30 seconds. */
		public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

		/** Default maximum: 64 MiB. */
		public static final long DEFAULT_MAX = 64 * 1024 * 1024;

		/**
		 * Validates the limits.
		 */
		public WriteBufferLimits {
			Assert.isTrue(limit > 0, "limit must be positive");
			Assert.isTrue(max >= limit, "max must not be smaller than limit");
			Assert.isTrue(limit <= Integer.MAX_VALUE && max <= Long.MAX_VALUE / 2, "limit or max too large");
			Assert.isTrue(timeout.toMillis() > 0, "timeout must be positive");
		}

		/**
		 * Returns the defaults: 1 MiB, 30 seconds, 64 MiB.
		 * @return the default limits
		 */
		public static WriteBufferLimits defaults() {
			return new WriteBufferLimits(DEFAULT_LIMIT, DEFAULT_TIMEOUT, DEFAULT_MAX);
		}

	}

	/**
	 * Builds {@link SocketIOOptions}.
	 */
	public static final class Builder {

		private Duration pingInterval = DEFAULT_PING_INTERVAL;

		private Duration pingTimeout = DEFAULT_PING_TIMEOUT;

		private Duration upgradeTimeout = DEFAULT_UPGRADE_TIMEOUT;

		private long maxHttpBufferSize = DEFAULT_MAX_HTTP_BUFFER_SIZE;

		private Set<Transport> transports = EnumSet.allOf(Transport.class);

		private boolean allowUpgrades = true;

		private AllowRequest allowRequest = AllowRequest.ALLOW_ALL;

		private WriteBufferLimits writeBuffer = WriteBufferLimits.defaults();

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private int maxAttachments = DEFAULT_MAX_ATTACHMENTS;

		private Duration defaultAckTimeout = DEFAULT_ACK_TIMEOUT;

		private boolean cleanupEmptyChildNamespaces;

		private ConnectionStateRecovery connectionStateRecovery = ConnectionStateRecovery.DISABLED;

		private Builder() {
		}

		/**
		 * Sets the ping interval.
		 * @param pingInterval the interval
		 * @return this builder
		 */
		public Builder pingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
			return this;
		}

		/**
		 * Sets the ping timeout.
		 * @param pingTimeout the timeout
		 * @return this builder
		 */
		public Builder pingTimeout(Duration pingTimeout) {
			this.pingTimeout = pingTimeout;
			return this;
		}

		/**
		 * Sets the upgrade timeout.
		 * @param upgradeTimeout the timeout
		 * @return this builder
		 */
		public Builder upgradeTimeout(Duration upgradeTimeout) {
			this.upgradeTimeout = upgradeTimeout;
			return this;
		}

		/**
		 * Sets the largest message or request body accepted.
		 * @param maxHttpBufferSize the size in bytes
		 * @return this builder
		 */
		public Builder maxHttpBufferSize(long maxHttpBufferSize) {
			this.maxHttpBufferSize = maxHttpBufferSize;
			return this;
		}

		/**
		 * Sets the enabled transports.
		 * @param transports the transports
		 * @return this builder
		 */
		public Builder transports(Set<Transport> transports) {
			this.transports = transports;
			return this;
		}

		/**
		 * Sets whether polling connections may upgrade to WebSocket.
		 * @param allowUpgrades whether upgrades are allowed
		 * @return this builder
		 */
		public Builder allowUpgrades(boolean allowUpgrades) {
			this.allowUpgrades = allowUpgrades;
			return this;
		}

		/**
		 * Sets the hook that decides whether a request may open a connection.
		 * @param allowRequest the hook
		 * @return this builder
		 */
		public Builder allowRequest(AllowRequest allowRequest) {
			this.allowRequest = allowRequest;
			return this;
		}

		/**
		 * Sets how much may wait for a client that does not read.
		 * @param writeBuffer the limits
		 * @return this builder
		 */
		public Builder writeBuffer(WriteBufferLimits writeBuffer) {
			this.writeBuffer = writeBuffer;
			return this;
		}

		/**
		 * Sets how long a new connection may take to join a namespace.
		 * @param connectTimeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Sets the most binary attachments a client packet may announce.
		 * @param maxAttachments the limit
		 * @return this builder
		 */
		public Builder maxAttachments(int maxAttachments) {
			this.maxAttachments = maxAttachments;
			return this;
		}

		/**
		 * Sets the timeout of acknowledgements requested without one.
		 * @param defaultAckTimeout the timeout
		 * @return this builder
		 */
		public Builder defaultAckTimeout(Duration defaultAckTimeout) {
			this.defaultAckTimeout = defaultAckTimeout;
			return this;
		}

		/**
		 * Sets whether a child of a dynamic namespace is removed once empty.
		 * @param cleanupEmptyChildNamespaces whether an empty child is removed
		 * @return this builder
		 */
		public Builder cleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) {
			this.cleanupEmptyChildNamespaces = cleanupEmptyChildNamespaces;
			return this;
		}

		/**
		 * Sets the connection state recovery settings.
		 * @param connectionStateRecovery the settings
		 * @return this builder
		 */
		public Builder connectionStateRecovery(ConnectionStateRecovery connectionStateRecovery) {
			this.connectionStateRecovery = connectionStateRecovery;
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 */
		public SocketIOOptions build() {
			return new SocketIOOptions(this.pingInterval, this.pingTimeout, this.upgradeTimeout, this.maxHttpBufferSize,
					this.transports, this.allowUpgrades, this.allowRequest, this.writeBuffer, this.connectTimeout,
					this.maxAttachments, this.defaultAckTimeout, this.cleanupEmptyChildNamespaces,
					this.connectionStateRecovery);
		}

	}

}
