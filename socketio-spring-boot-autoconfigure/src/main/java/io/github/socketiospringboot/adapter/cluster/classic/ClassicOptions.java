package io.github.socketiospringboot.adapter.cluster.classic;

import java.time.Duration;

/**
 * The settings of the classic protocol, with the Node adapter's names and defaults.
 *
 * @param prefix the key prefix of every channel ({@code key}, default {@code socket.io})
 * @param requestTimeout how long fetchSockets and allRooms wait for the other servers
 * ({@code requestsTimeout}, default 5 s)
 * @param publishOnSpecificResponseChannel whether this server answers a request on the
 * requester's own response channel rather than the common one (default {@code false})
 */
public record ClassicOptions(String prefix, Duration requestTimeout, boolean publishOnSpecificResponseChannel) {

	/** The Node adapter's defaults. */
	public static final ClassicOptions DEFAULTS = new ClassicOptions("socket.io", Duration.ofSeconds(5), false);

	/**
	 * Checks the settings.
	 */
	public ClassicOptions {
		if (prefix.isEmpty()) {
			throw new IllegalArgumentException("The key prefix must not be empty");
		}
		if (requestTimeout.isNegative() || requestTimeout.isZero()) {
			throw new IllegalArgumentException("The request timeout must be positive");
		}
	}

}
