package io.github.socketiospringboot.internal.engine;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How much the server keeps for a client that does not read what it is sent: the bytes
 * written to one connection that the client has not taken yet.
 *
 * <p>
 * Past {@code limit} the connection counts as congested: volatile packets are not sent to
 * it. A connection that stays past the limit for {@code timeout}, or that reaches
 * {@code max} at any time, is closed with the reason {@code "transport error"}, so memory
 * per connection stays bounded and the server keeps serving everyone else. A single
 * packet larger than {@code max} closes its connection too.
 *
 * @param limit bytes past which a connection is congested
 * @param timeout how long a connection may stay congested
 * @param max bytes at which a connection is closed at once
 * @see io.github.socketiospringboot.server.SocketIOOptions.WriteBufferLimits the
 * user-facing limits and their defaults, of which these are made
 */
public record WriteBufferLimits(long limit, Duration timeout, long max) {

	/**
	 * Validates the limits.
	 */
	public WriteBufferLimits {
		Assert.isTrue(limit > 0, "limit must be positive");
		Assert.isTrue(max >= limit, "max must not be smaller than limit");
		Assert.isTrue(limit <= Integer.MAX_VALUE && max <= Long.MAX_VALUE / 2, "limit or max too large");
		Assert.isTrue(timeout.toMillis() > 0, "timeout must be positive");
	}

}
