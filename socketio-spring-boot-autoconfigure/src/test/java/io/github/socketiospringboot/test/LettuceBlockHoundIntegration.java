package io.github.socketiospringboot.test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound about the short internal locks Lettuce may wait for on an event thread
 * (their names are those of the Lettuce version Spring Boot manages, 6.8).
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
 * <li>The lock of a Redis Cluster connection's node connections
 * ({@code PooledClusterConnectionProvider.stateLock}), taken when a node connection is
 * opened, a slot's connection first looked up, and the topology applied to the
 * connections after a refresh; and the lock of the topology itself ({@code Partitions}),
 * taken when a refresh reloads it. Refreshes run on Lettuce's threads, and the adapters'
 * own refreshes and node connections may meet Lettuce's periodic refreshes there.</li>
 * </ul>
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.lettuce.core.internal.AbstractInvocationHandler$MethodTranslator", "of");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
		String provider = "io.lettuce.core.cluster.PooledClusterConnectionProvider";
		for (String method : new String[] { "setPartitions", "resetFastConnectionCache", "getReadConnection",
				"lambda$getWriteConnection$0", "setAutoFlushCommands", "setReadFrom" }) {
			builder.allowBlockingCallsInside(provider, method);
		}
		builder.allowBlockingCallsInside(provider + "$NodeConnectionPostProcessor", "lambda$apply$4");
		String partitions = "io.lettuce.core.cluster.models.partitions.Partitions";
		for (String method : new String[] { "reload", "updateCache", "addPartition", "clear" }) {
			builder.allowBlockingCallsInside(partitions, method);
		}
	}

}
