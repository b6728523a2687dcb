package io.github.socketiospringboot.adapter;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of connection state recovery: the reference server's
 * {@code connectionStateRecovery} option. With it enabled, a client that lost its
 * connection and comes back within {@link #maxDisconnectionDuration()} gets its socket
 * back (same id, rooms and data) and every stored broadcast it missed.
 *
 * @param enabled whether sessions are kept and restored; off, nothing changes on the wire
 * @param maxDisconnectionDuration how long a session and the packets it may miss are kept
 * @param skipMiddlewares whether a restored socket skips the connection middlewares
 * @param maxStoredPackets the most packets the in-memory adapter keeps per namespace;
 * once reached, the oldest is dropped, and a client whose offset was dropped gets a fresh
 * session
 */
public record ConnectionStateRecovery(boolean enabled, Duration maxDisconnectionDuration, boolean skipMiddlewares,
		int maxStoredPackets) {

	/** The reference's maximum disconnection duration: 2 minutes. */
	public static final Duration DEFAULT_MAX_DISCONNECTION_DURATION = Duration.ofMinutes(2);

	/** The default cap of stored packets per namespace: 100,000. */
	public static final int DEFAULT_MAX_STORED_PACKETS = 100_000;

	/** Recovery off, the default. */
	public static final ConnectionStateRecovery DISABLED = new ConnectionStateRecovery(false,
			DEFAULT_MAX_DISCONNECTION_DURATION, true, DEFAULT_MAX_STORED_PACKETS);

	/** Recovery on, with the reference's defaults. */
	public static final ConnectionStateRecovery ENABLED = new ConnectionStateRecovery(true,
			DEFAULT_MAX_DISCONNECTION_DURATION, true, DEFAULT_MAX_STORED_PACKETS);

	/**
	 * Validates the settings.
	 */
	public ConnectionStateRecovery {
		Objects.requireNonNull(maxDisconnectionDuration, "maxDisconnectionDuration");
		if (maxDisconnectionDuration.toMillis() <= 0) {
			throw new IllegalArgumentException("maxDisconnectionDuration must be positive");
		}
		if (maxStoredPackets <= 0) {
			throw new IllegalArgumentException("maxStoredPackets must be positive");
		}
	}

	/**
	 * Returns these settings with another maximum disconnection duration.
	 * @param duration the duration
	 * @return the new settings
	 */
	public ConnectionStateRecovery withMaxDisconnectionDuration(Duration duration) {
		return new ConnectionStateRecovery(this.enabled, duration, this.skipMiddlewares, this.maxStoredPackets);
	}

	/**
	 * Returns these settings with restored sockets skipping the middlewares, or not.
	 * @param skip whether they skip them
	 * @return the new settings
	 */
	public ConnectionStateRecovery withSkipMiddlewares(boolean skip) {
		return new ConnectionStateRecovery(this.enabled, this.maxDisconnectionDuration, skip, this.maxStoredPackets);
	}

	/**
	 * Returns these settings with another cap of stored packets.
	 * @param max the cap
	 * @return the new settings
	 */
	public ConnectionStateRecovery withMaxStoredPackets(int max) {
		return new ConnectionStateRecovery(this.enabled, this.maxDisconnectionDuration, this.skipMiddlewares, max);
	}

}
