package io.github.socketiospringboot.server;

import java.time.Duration;

import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.engine.EngineOptions;
import org.springframework.util.Assert;

/**
 * Immutable settings of a {@link SocketIOServer}; {@link #defaults()} holds the reference
 * server's defaults.
 *
 * @param engine the Engine.IO settings
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
public record SocketIOOptions(EngineOptions engine, Duration connectTimeout, int maxAttachments,
		Duration defaultAckTimeout, boolean cleanupEmptyChildNamespaces,
		ConnectionStateRecovery connectionStateRecovery) {

	/** Connect timeout of the reference server: 45 seconds. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(45);

	/** Attachment limit of the reference parser: 10. */
	public static final int DEFAULT_MAX_ATTACHMENTS = 10;

	/** Timeout of acknowledgements requested without one: 30 seconds. */
	public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Validates the settings.
	 */
	public SocketIOOptions {
		Assert.notNull(engine, "engine must not be null");
		Assert.isTrue(connectTimeout.toMillis() > 0, "connectTimeout must be positive");
		Assert.isTrue(maxAttachments >= 0, "maxAttachments must not be negative");
		Assert.isTrue(defaultAckTimeout.toMillis() > 0, "defaultAckTimeout must be positive");
		Assert.notNull(connectionStateRecovery, "connectionStateRecovery must not be null");
	}

	/**
	 * Creates settings without connection state recovery.
	 * @param engine the Engine.IO settings
	 * @param connectTimeout how long a new connection may take to join a namespace
	 * @param maxAttachments the most binary attachments a client packet may announce
	 * @param defaultAckTimeout the timeout of acknowledgements requested without one
	 * @param cleanupEmptyChildNamespaces whether an empty child namespace is removed
	 */
	public SocketIOOptions(EngineOptions engine, Duration connectTimeout, int maxAttachments,
			Duration defaultAckTimeout, boolean cleanupEmptyChildNamespaces) {
		this(engine, connectTimeout, maxAttachments, defaultAckTimeout, cleanupEmptyChildNamespaces,
				ConnectionStateRecovery.DISABLED);
	}

	/**
	 * Creates settings that keep the children of dynamic namespaces, as the reference
	 * server does by default.
	 * @param engine the Engine.IO settings
	 * @param connectTimeout how long a new connection may take to join a namespace
	 * @param maxAttachments the most binary attachments a client packet may announce
	 * @param defaultAckTimeout the timeout of acknowledgements requested without one
	 */
	public SocketIOOptions(EngineOptions engine, Duration connectTimeout, int maxAttachments,
			Duration defaultAckTimeout) {
		this(engine, connectTimeout, maxAttachments, defaultAckTimeout, false);
	}

	/**
	 * Returns the reference server's defaults.
	 * @return the default options
	 */
	public static SocketIOOptions defaults() {
		return new SocketIOOptions(EngineOptions.defaults(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_ATTACHMENTS,
				DEFAULT_ACK_TIMEOUT);
	}

	/**
	 * Returns these settings with other engine settings.
	 * @param engine the engine settings
	 * @return the new options
	 */
	public SocketIOOptions withEngine(EngineOptions engine) {
		return new SocketIOOptions(engine, this.connectTimeout, this.maxAttachments, this.defaultAckTimeout,
				this.cleanupEmptyChildNamespaces, this.connectionStateRecovery);
	}

	/**
	 * Returns these settings with another connect timeout.
	 * @param connectTimeout the timeout
	 * @return the new options
	 */
	public SocketIOOptions withConnectTimeout(Duration connectTimeout) {
		return new SocketIOOptions(this.engine, connectTimeout, this.maxAttachments, this.defaultAckTimeout,
				this.cleanupEmptyChildNamespaces, this.connectionStateRecovery);
	}

	/**
	 * Returns these settings with another attachment limit.
	 * @param maxAttachments the limit
	 * @return the new options
	 */
	public SocketIOOptions withMaxAttachments(int maxAttachments) {
		return new SocketIOOptions(this.engine, this.connectTimeout, maxAttachments, this.defaultAckTimeout,
				this.cleanupEmptyChildNamespaces, this.connectionStateRecovery);
	}

	/**
	 * Returns these settings with another default acknowledgement timeout.
	 * @param defaultAckTimeout the timeout
	 * @return the new options
	 */
	public SocketIOOptions withDefaultAckTimeout(Duration defaultAckTimeout) {
		return new SocketIOOptions(this.engine, this.connectTimeout, this.maxAttachments, defaultAckTimeout,
				this.cleanupEmptyChildNamespaces, this.connectionStateRecovery);
	}

	/**
	 * Returns these settings with child namespaces removed, or kept, once empty.
	 * @param cleanupEmptyChildNamespaces whether an empty child namespace is removed
	 * @return the new options
	 */
	public SocketIOOptions withCleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) {
		return new SocketIOOptions(this.engine, this.connectTimeout, this.maxAttachments, this.defaultAckTimeout,
				cleanupEmptyChildNamespaces, this.connectionStateRecovery);
	}

	/**
	 * Returns these settings with other connection state recovery settings.
	 * @param connectionStateRecovery the settings
	 * @return the new options
	 */
	public SocketIOOptions withConnectionStateRecovery(ConnectionStateRecovery connectionStateRecovery) {
		return new SocketIOOptions(this.engine, this.connectTimeout, this.maxAttachments, this.defaultAckTimeout,
				this.cleanupEmptyChildNamespaces, connectionStateRecovery);
	}

}
