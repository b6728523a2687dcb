package io.github.socketiospringboot.adapter.cluster.sharded;

import java.util.Locale;

/**
 * Which channels a sharded adapter subscribes to besides its namespace's main channel and
 * its own private channel ({@code subscriptionMode} of the Node adapter).
 */
public enum SubscriptionMode {

	/** No room channels: every broadcast travels on the main channel. */
	STATIC,

	/**
	 * A channel per room of this server that is not a socket id; broadcasts to one such
	 * room use its channel (the Node adapter's default).
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
