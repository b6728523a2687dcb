package io.github.socketiospringboot.adapter;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Set;

import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What connection state recovery costs in memory with the in-memory adapter: the heap a
 * stored packet and a kept session take, measured on a real server's namespace (the
 * figures the README gives). The bounds are loose: the measure is of the heap after
 * collections, which a concurrent test can disturb a little.
 */
class SessionStoreMemoryTests {

	private static final int PACKETS = 100_000;

	private static final int SESSIONS = 20_000;

	private final SocketIOServer io = new SocketIOServer(
			SocketIOOptions.defaults()
				.withConnectionStateRecovery(
						ConnectionStateRecovery.ENABLED.withMaxDisconnectionDuration(Duration.ofMinutes(10))),
			JsonMapper.shared());

	@AfterEach
	void close() {
		this.io.close();
	}

	@Test
	void aStoredPacketTakesAFewHundredBytesBesidesItsArguments() {
		Namespace namespace = this.io.of("/memory");
		InMemoryAdapter adapter = (InMemoryAdapter) namespace.adapter();
		// the arguments are the application's: one shared string, so that only what the
		// store adds is measured
		String payload = "a headline of about forty characters....";
		long before = usedHeap();
		for (int i = 0; i < PACKETS; i++) {
			namespace.to("room-" + (i % 10)).emit("news", payload);
		}
		long after = usedHeap();
		assertThat(adapter.storedPacketCount()).isEqualTo(PACKETS);
		long perPacket = (after - before) / PACKETS;
		System.out.println("Connection state recovery: " + perPacket + " bytes per stored packet (" + PACKETS
				+ " packets of a room broadcast with one shared argument)");
		assertThat(perPacket).isBetween(16L, 1000L);
	}

	@Test
	void aKeptSessionTakesAFewHundredBytes() {
		Namespace namespace = this.io.of("/sessions");
		InMemoryAdapter adapter = (InMemoryAdapter) namespace.adapter();
		long before = usedHeap();
		for (int i = 0; i < SESSIONS; i++) {
			String sid = String.format("%020d", i);
			adapter.persistSession(new PersistedSession(sid, "p" + sid, Set.of(sid, "room-" + (i % 10)),
					JsonMapper.shared().createObjectNode().put("user", "user-" + i)));
		}
		long after = usedHeap();
		assertThat(adapter.storedSessionCount()).isEqualTo(SESSIONS);
		long perSession = (after - before) / SESSIONS;
		System.out.println("Connection state recovery: " + perSession + " bytes per kept session (2 rooms, "
				+ "data {\"user\": ...}, its ids included)");
		assertThat(perSession).isBetween(64L, 4000L);
	}

	private static long usedHeap() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		// the lowest of several collections: what is still reachable
		for (int i = 0; i < 5; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
