package io.github.socketiospringboot.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The sessions and stored packets of one namespace on one server, for connection state
 * recovery: the {@code SessionAwareAdapter} of the reference, with a bound.
 *
 * <p>
 * Packets live in a ring that grows up to
 * {@link ConnectionStateRecovery#maxStoredPackets()} entries; each has a sequence number,
 * and its offset is this store's random prefix followed by that number, so that an offset
 * of another server or of an earlier run is never mistaken for one of this store. Once
 * the ring is full the oldest packet is dropped; packets and sessions older than the
 * maximum disconnection duration are dropped by a sweep on the namespace's timer.
 *
 * <p>
 * Storing a broadcast, delivering it and putting a restored socket back in its rooms
 * happen under this store's monitor: offsets follow the order in which every socket
 * receives the packets, and a restored socket gets each packet once, either as missed or
 * live.
 */
final class SessionStore {

	private static final Log logger = LogFactory.getLog(SessionStore.class);

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private static final int INITIAL_CAPACITY = 64;

	private static final long MAX_SWEEP_PERIOD = Duration.ofMinutes(1).toMillis();

	private final AdapterHost namespace;

	private final long maxDurationNanos;

	private final int maxPackets;

	private final String prefix;

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	// the ring, under this monitor

	private @Nullable Entry[] ring = new Entry[INITIAL_CAPACITY];

	private int head;

	private int size;

	/** The sequence number of the oldest stored packet, at {@link #head}. */
	private long first;

	/** The sequence number of the next packet. */
	private long next;

	private volatile @Nullable Disposable sweep;

	private volatile boolean closed;

	SessionStore(AdapterHost namespace, ConnectionStateRecovery settings) {
		this.namespace = namespace;
		this.maxDurationNanos = settings.maxDisconnectionDuration().toNanos();
		this.maxPackets = settings.maxStoredPackets();
		this.prefix = String.format("%08x-", ThreadLocalRandom.current().nextInt());
	}

	/**
	 * Starts the sweeps.
	 */
	void start() {
		scheduleSweep();
	}

	private void scheduleSweep() {
		if (this.closed) {
			return;
		}
		long period = Math.max(100, Math.min(MAX_SWEEP_PERIOD, this.maxDurationNanos / 2_000_000));
		this.sweep = this.namespace.schedule(this::sweep, Duration.ofMillis(period));
	}

	void close() {
		this.closed = true;
		Disposable current = this.sweep;
		if (current != null) {
			current.dispose();
		}
		this.sessions.clear();
		synchronized (this) {
			this.ring = new Entry[0];
			this.head = 0;
			this.size = 0;
			this.first = this.next;
		}
	}

	/**
	 * Drops the sessions and the packets older than the maximum duration.
	 */
	void sweep() {
		try {
			long threshold = System.nanoTime() - this.maxDurationNanos;
			this.sessions.values().removeIf((session) -> session.disconnectedAt - threshold < 0);
			synchronized (this) {
				while (this.size > 0 && this.ring[this.head].emittedAt - threshold < 0) {
					dropOldest();
				}
			}
		}
		catch (RuntimeException ex) {
			logger.error("Sweep of the sessions of " + this.namespace.name() + " failed", ex);
		}
		finally {
			scheduleSweep();
		}
	}

	/**
	 * Stores a broadcast under a new offset, appended to its arguments, and delivers it
	 * while no other stored broadcast can come between.
	 * @param message the message, not encoded yet
	 * @param options its targets
	 * @param deliver delivers it to this server's recipients
	 */
	synchronized void broadcast(BroadcastMessage message, BroadcastOptions options, Runnable deliver) {
		if (!this.closed) {
			long sequence = this.next++;
			message.offset(this.prefix + Long.toString(sequence, 36));
			append(new Entry(System.nanoTime(), options, message.event(), message.args()));
		}
		deliver.run();
	}

	private void append(Entry entry) {
		if (this.size == this.maxPackets) {
			dropOldest();
		}
		@Nullable Entry[] current = this.ring;
		if (this.size == current.length) {
			@Nullable Entry[] grown = new Entry[(int) Math.min(this.maxPackets, Math.max(INITIAL_CAPACITY, 2L * current.length))];
			for (int i = 0; i < this.size; i++) {
				grown[i] = current[(this.head + i) % current.length];
			}
			this.ring = grown;
			this.head = 0;
			current = grown;
		}
		current[(this.head + this.size) % current.length] = entry;
		this.size++;
	}

	private void dropOldest() {
		this.ring[this.head] = null;
		this.head = (this.head + 1) % this.ring.length;
		this.size--;
		this.first++;
	}

	/**
	 * Returns the sequence number of an offset of this store.
	 * @return the number, or -1 when the offset is not one of this store's
	 */
	private long sequence(String offset) {
		if (!offset.startsWith(this.prefix) || offset.length() == this.prefix.length()) {
			return -1;
		}
		try {
			return Long.parseLong(offset, this.prefix.length(), offset.length(), 36);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	void persist(PersistedSession session) {
		if (!this.closed) {
			this.sessions.put(session.pid(), new Session(session, System.nanoTime()));
		}
	}

	/**
	 * Restores a session, once: it is forgotten as it is restored.
	 * @return the session and the packets after the offset, or {@code null}
	 */
	@Nullable RestoredSession restore(String pid, String offset) {
		Session session = this.sessions.remove(pid);
		if (session == null || System.nanoTime() - session.disconnectedAt > this.maxDurationNanos) {
			// unknown, or expired
			return null;
		}
		long sequence = sequence(offset);
		List<ArrayNode> missed;
		synchronized (this) {
			if (sequence < this.first || sequence >= this.next) {
				// too old, or not an offset of this store
				return null;
			}
			missed = after(sequence + 1, session.session.rooms());
		}
		return new RestoredSession(session.session, missed);
	}

	/**
	 * Joins a restored socket to its rooms and connects it, with the packets stored since
	 * an offset, while no stored broadcast can come between.
	 */
	synchronized void rejoin(Runnable join, Set<String> rooms, String since, Consumer<List<ArrayNode>> connect) {
		join.run();
		long sequence = sequence(since);
		List<ArrayNode> more = (sequence < 0) ? List.of() : after(Math.max(sequence + 1, this.first), rooms);
		connect.accept(more);
	}

	private List<ArrayNode> after(long from, Set<String> rooms) {
		List<ArrayNode> packets = new ArrayList<>();
		for (long sequence = from; sequence < this.next; sequence++) {
			Entry entry = this.ring[(int) ((this.head + (sequence - this.first)) % this.ring.length)];
			if (reaches(entry.options, rooms)) {
				packets.add(toArray(entry));
			}
		}
		return packets;
	}

	private static boolean reaches(BroadcastOptions options, Set<String> rooms) {
		boolean included = options.rooms().isEmpty();
		for (String room : rooms) {
			if (options.except().contains(room)) {
				return false;
			}
			included = included || options.rooms().contains(room);
		}
		return included;
	}

	private ArrayNode toArray(Entry entry) {
		ArrayNode array = nodes.arrayNode(entry.args.length + 1);
		array.add(entry.event);
		for (Object arg : entry.args) {
			if (arg == null) {
				array.add(nodes.nullNode());
			}
			else {
				array.add((arg instanceof JsonNode node) ? node : this.namespace.mapper().<JsonNode>valueToTree(arg));
			}
		}
		return array;
	}

	/**
	 * Returns the number of stored packets.
	 * @return the count
	 */
	synchronized int packetCount() {
		return this.size;
	}

	/**
	 * Returns the number of kept sessions.
	 * @return the count
	 */
	int sessionCount() {
		return this.sessions.size();
	}

	/** A stored packet: its arguments end with its offset. */
	private record Entry(long emittedAt, BroadcastOptions options, String event, @Nullable Object[] args) {

	}

	/** A session and when its socket lost its connection. */
	private record Session(PersistedSession session, long disconnectedAt) {

	}

}
