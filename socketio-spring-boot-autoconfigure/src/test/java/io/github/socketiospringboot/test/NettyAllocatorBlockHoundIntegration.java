package io.github.socketiospringboot.test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound that Netty 4.2's adaptive allocator (Lettuce's allocator, unlike
 * Reactor Netty's pooled one) may wait for its own short internal lock while it grows,
 * which is not blocking I/O.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
				"tryExpandMagazines");
	}

}
