package io.github.socketiospringboot.internal.engine;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * Immutable settings of an Engine.IO server. {@link #defaults()} holds the reference
 * server's defaults.
 *
 * @param pingInterval how long after the handshake, and after each pong, the server sends
 * a ping
 * @param pingTimeout how long the server waits for a pong before it closes the session
 * @param upgradeTimeout how long an upgrade to WebSocket may take before it is cancelled
 * @param maxHttpBufferSize the largest message or polling request body accepted, in
 * bytes, advertised to clients as {@code maxPayload}
 * @param transports the transports clients may use
 * @param allowUpgrades whether a polling session may upgrade to WebSocket
 * @param allowRequest decides whether a request may open a session
 * @param writeBuffer how much may wait for a client that does not read
 */
public record EngineOptions(Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
		long maxHttpBufferSize, Set<TransportType> transports, boolean allowUpgrades, AllowRequest allowRequest,
		WriteBufferLimits writeBuffer) {

	/** Ping interval of the reference server: 25 seconds. */
	public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);

	/** Ping timeout of the reference server: 20 seconds. */
	public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(20);

	/** Upgrade timeout of the reference server: 10 seconds. */
	public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofSeconds(10);

	/** Maximum HTTP buffer size of the reference server: 1,000,000 bytes. */
	public static final long DEFAULT_MAX_HTTP_BUFFER_SIZE = 1_000_000;

	/**
	 * Validates and freezes the settings.
	 */
	public EngineOptions {
		Assert.isTrue(pingInterval.toMillis() > 0, "pingInterval must be positive");
		Assert.isTrue(pingTimeout.toMillis() > 0, "pingTimeout must be positive");
		Assert.isTrue(upgradeTimeout.toMillis() > 0, "upgradeTimeout must be positive");
		Assert.isTrue(maxHttpBufferSize > 0 && maxHttpBufferSize <= Integer.MAX_VALUE,
				"maxHttpBufferSize must be between 1 and " + Integer.MAX_VALUE);
		Assert.notEmpty(transports, "at least one transport must be enabled");
		Assert.notNull(allowRequest, "allowRequest must not be null");
		Assert.notNull(writeBuffer, "writeBuffer must not be null");
		transports = Collections.unmodifiableSet(EnumSet.copyOf(transports));
	}

	/**
	 * Returns the reference server's defaults: ping interval 25 s, ping timeout 20 s,
	 * upgrade timeout 10 s, 1,000,000 bytes, both transports, upgrades allowed, every
	 * request allowed.
	 * @return the default options
	 */
	public static EngineOptions defaults() {
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
			.writeBuffer(this.writeBuffer);
	}

	/**
	 * Builds {@link EngineOptions}.
	 */
	public static final class Builder {

		private Duration pingInterval = DEFAULT_PING_INTERVAL;

		private Duration pingTimeout = DEFAULT_PING_TIMEOUT;

		private Duration upgradeTimeout = DEFAULT_UPGRADE_TIMEOUT;

		private long maxHttpBufferSize = DEFAULT_MAX_HTTP_BUFFER_SIZE;

		private Set<TransportType> transports = EnumSet.allOf(TransportType.class);

		private boolean allowUpgrades = true;

		private AllowRequest allowRequest = AllowRequest.ALLOW_ALL;

		private WriteBufferLimits writeBuffer = WriteBufferLimits.defaults();

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
		public Builder transports(Set<TransportType> transports) {
			this.transports = transports;
			return this;
		}

		/**
		 * Sets whether polling sessions may upgrade to WebSocket.
		 * @param allowUpgrades whether upgrades are allowed
		 * @return this builder
		 */
		public Builder allowUpgrades(boolean allowUpgrades) {
			this.allowUpgrades = allowUpgrades;
			return this;
		}

		/**
		 * Sets the hook that decides whether a request may open a session.
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
		 * Builds the options.
		 * @return the options
		 */
		public EngineOptions build() {
			return new EngineOptions(this.pingInterval, this.pingTimeout, this.upgradeTimeout, this.maxHttpBufferSize,
					this.transports, this.allowUpgrades, this.allowRequest, this.writeBuffer);
		}

	}

}
