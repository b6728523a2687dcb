package io.github.socketiospringboot.adapter.cluster.sharded;

import java.time.Duration;
import java.util.Locale;

/**
 * The settings of the sharded protocol, with the Node adapter's defaults.
 *
 * @param prefix the prefix of every channel ({@code channelPrefix}, default
 * {@code socket.io})
 * @param requestTimeout how long fetchSockets waits for the other servers (default 5 s)
 * @param subscriptionMode which room channels this server subscribes to (default
 * {@link SubscriptionMode#DYNAMIC})
 */
public record ShardedOptions(String prefix, Duration requestTimeout, SubscriptionMode subscriptionMode) {

	/** The Node adapter's defaults. */
	public static final ShardedOptions DEFAULTS = new ShardedOptions("socket.io", Duration.ofSeconds(5),
			SubscriptionMode.DYNAMIC);

	/**
	 * Checks the settings.
	 */
	public ShardedOptions {
		if (prefix.isEmpty()) {
			throw new IllegalArgumentException("The channel prefix must not be empty");
		}
		if (requestTimeout.isNegative() || requestTimeout.isZero()) {
			throw new IllegalArgumentException("The request timeout must be positive");
		}
	}

	/**
	 * Which channels a sharded adapter subscribes to besides its namespace's main channel
	 * and its own private channel ({@code subscriptionMode} of the Node adapter).
	 */
	public enum SubscriptionMode {

		/** No room channels: every broadcast travels on the main channel. */
		STATIC,

		/**
		 * A channel per room of this server that is not a socket id; broadcasts to one
		 * such room use its channel (the Node adapter's default).
		 */
		DYNAMIC,

		/** A channel per room of this server, socket-id rooms included. */
		DYNAMIC_PRIVATE;

		/**
		 * Returns the name the Node adapter uses: {@code static}, {@code dynamic},
		 * {@code dynamic-private}.
		 * @return the name
		 */
		public String nodeName() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
