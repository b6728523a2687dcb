package io.github.socketiospringboot.test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound that Lettuce may wait for its short internal lock around the cache of
 * command method translators when it creates a connection on one of its event threads, as
 * it does to ask a Sentinel for the master while reconnecting. Without this, BlockHound
 * throws out of the lock's queue, which leaves a dead waiter behind: every later
 * contended attempt to take the lock (each new connection) then waits forever.
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.lettuce.core.internal.AbstractInvocationHandler$MethodTranslator", "of");
	}

}
