package io.github.socketiospringboot.test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound about the short internal locks Lettuce may wait for on an event
 * thread.
 * <ul>
 * <li>The lock around the cache of command method translators, taken when a connection is
 * created on one of its event threads, as it does to ask a Sentinel for the master while
 * reconnecting. Without this, BlockHound throws out of the lock's queue, which leaves a
 * dead waiter behind: every later contended attempt to take the lock (each new
 * connection) then waits forever.</li>
 * <li>The lock of each endpoint's writer count ({@code SharedLock}), taken by every
 * command written, so by a publication from one of the server's event loops while another
 * thread writes or closes the connection. Without this, BlockHound throws out of
 * {@code incrementWriters()}, and Lettuce's {@code finally} then takes back a writer that
 * was never counted: the count stays below zero, and the next {@code closeAsync()} spins
 * forever waiting for it to come back to zero.</li>
 * </ul>
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.lettuce.core.internal.AbstractInvocationHandler$MethodTranslator", "of");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
	}

}
