package io.github.socketiospringboot.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The aggregated events of the statistics ({@code aggregatedEvents}): counts per second
 * of connections, disconnections (by reason), packets and bytes in and out, as the
 * reference's {@code EventBuffer}. Counting is one {@link LongAdder} increment on the
 * current second's bucket, safe from any thread; {@link #drain} takes what was counted
 * since the last call.
 */
final class EventBuffer {

	static final int RAW_CONNECTION = 0;

	static final int PACKETS_IN = 1;

	static final int PACKETS_OUT = 2;

	static final int BYTES_IN = 3;

	static final int BYTES_OUT = 4;

	private static final String[] TYPES = { "rawConnection", "packetsIn", "packetsOut", "bytesIn", "bytesOut" };

	private final LongSupplier clock;

	private final AtomicReference<Bucket> current;

	private final ConcurrentLinkedQueue<Bucket> completed = new ConcurrentLinkedQueue<>();

	EventBuffer(LongSupplier clock) {
		this.clock = clock;
		this.current = new AtomicReference<>(new Bucket(second()));
	}

	private long second() {
		long now = this.clock.getAsLong();
		return now - Math.floorMod(now, 1000L);
	}

	void add(int type, long count) {
		bucket().counters[type].add(count);
	}

	void disconnection(String reason) {
		bucket().disconnections.computeIfAbsent(reason, (key) -> new LongAdder()).increment();
	}

	private Bucket bucket() {
		long second = second();
		Bucket bucket = this.current.get();
		while (bucket.second != second) {
			Bucket next = new Bucket(second);
			if (this.current.compareAndSet(bucket, next)) {
				this.completed.add(bucket);
				return next;
			}
			bucket = this.current.get();
		}
		return bucket;
	}

	/**
	 * Appends what was counted since the last call, one element per second and type with
	 * a count, and starts over.
	 * @param target the {@code aggregatedEvents} array
	 */
	void drain(ArrayNode target) {
		Bucket last = this.current.getAndSet(new Bucket(second()));
		this.completed.add(last);
		Bucket bucket;
		while ((bucket = this.completed.poll()) != null) {
			for (int i = 0; i < TYPES.length; i++) {
				long count = bucket.counters[i].sum();
				if (count > 0) {
					element(target, bucket.second, TYPES[i], count);
				}
			}
			for (Map.Entry<String, LongAdder> entry : bucket.disconnections.entrySet()) {
				element(target, bucket.second, "rawDisconnection", entry.getValue().sum()).put("subType",
						entry.getKey());
			}
		}
	}

	private static ObjectNode element(ArrayNode target, long timestamp, String type, long count) {
		ObjectNode element = target.addObject();
		element.put("timestamp", timestamp);
		element.put("type", type);
		element.put("count", count);
		return element;
	}

	private static final class Bucket {

		final long second;

		final LongAdder[] counters = new LongAdder[TYPES.length];

		final Map<String, LongAdder> disconnections = new ConcurrentHashMap<>(4);

		Bucket(long second) {
			this.second = second;
			for (int i = 0; i < this.counters.length; i++) {
				this.counters[i] = new LongAdder();
			}
		}

	}

}
