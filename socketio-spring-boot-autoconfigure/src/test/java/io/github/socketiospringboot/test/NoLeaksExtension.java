package io.github.socketiospringboot.test;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Registered for
 * every test class through extension auto-detection.
 */
public final class NoLeaksExtension implements AfterAllCallback {

	@Override
	public void afterAll(ExtensionContext context) {
		for (int round = 0; round < 3; round++) {
			System.gc();
			// leaks are reported when a tracked buffer is allocated after the leaked one
			// was collected
			for (int i = 0; i < 64; i++) {
				ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(16);
				pooled.release();
				ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(16);
				unpooled.release();
			}
		}
		List<String> leaks = LeakRecorder.leaks();
		LeakRecorder.LEAKS.clear();
		assertThat(leaks).as("Netty leak reports").isEmpty();
	}

}
