package io.github.socketiospringboot.adapter.redis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.PersistedSession;
import io.github.socketiospringboot.adapter.RestoredSession;
import io.github.socketiospringboot.adapter.cluster.ClusterAdapter;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.Broadcast;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.FetchSockets;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.ServerSideEmit;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import io.github.socketiospringboot.adapter.cluster.MalformedMessageException;
import io.github.socketiospringboot.adapter.cluster.PubSubTransport;
import io.github.socketiospringboot.internal.cluster.ClusterAdapterFormat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The adapter of one namespace in a cluster that speaks the protocol of the official Node
 * Redis Streams adapter ({@code @socket.io/redis-streams-adapter} 0.3): broadcasts
 * without acknowledgements, joins, leaves and disconnections are entries of the
 * namespace's Redis stream, which every server reads and which keeps them for connection
 * state recovery; broadcasts with acknowledgements, fetchSockets and server-side emits
 * are msgpack envelopes on the namespace's public channel, answers on the requester's
 * private channel; the servers are counted as the subscribers of the public channel.
 *
 * <p>
 * The flows are {@link ClusterAdapter}'s; this class picks where each message goes, and
 * keeps the sessions of disconnected clients in Redis (with the maximum disconnection
 * duration as their expiry), so that a client restores its session on any server of the
 * cluster, with the stream entries it missed.
 *
 * <p>
 * A restored socket misses nothing and gets nothing twice: from the moment its session is
 * taken until it is back in its rooms ({@link #rejoin}), the broadcasts that reach its
 * rooms on this server are kept for it, by entry id; joining the rooms and writing what
 * was kept happen while no broadcast reaches this server's sockets.
 */
final class StreamsAdapter extends ClusterAdapter {

	private static final Log logger = LogFactory.getLog(StreamsAdapter.class);

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	/** The reference's bound on the ranges read to restore one session. */
	static final int MAX_RANGE_CALLS = 100;

	private final PubSubTransport pubSub;

	private final StreamTransport streams;

	private final StreamsOptions options;

	private final String stream;

	private final String publicChannel;

	/** The sessions being restored on this server, by socket id. */
	private final Map<String, Restoring> restoring = new ConcurrentHashMap<>();

	/**
	 * Held, while sessions are being restored, to deliver a broadcast and keep it for
	 * them, and to put a restored socket back in its rooms.
	 */
	private final Object joining = new Object();

	private final Set<Mono<Void>> persisting = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Runnable onClose;

	/**
	 * Creates the adapter of a namespace whose traffic is observed.
	 * @param namespace the namespace
	 * @param pubSub the pub/sub bus this server's adapters share (classic or sharded, as
	 * {@link StreamsOptions#shardedPubSub()} says)
	 * @param streams the stream commands this server's adapters share; the caller hands
	 * this adapter the entries of its stream ({@link #onEntry})
	 * @param options the protocol settings
	 * @param observer observes the adapter's traffic
	 */
	public StreamsAdapter(AdapterHost namespace, PubSubTransport pubSub, StreamTransport streams,
			StreamsOptions options, ClusterObserver observer) {
		super(namespace, options.requestTimeout(), observer);
		this.pubSub = pubSub;
		this.streams = streams;
		this.options = options;
		this.stream = options.streamOf(namespace.name());
		this.publicChannel = options.channelPrefix() + "#" + namespace.name() + "#";
	}

	/**
	 * Returns the stream of this namespace.
	 * @return the stream's key
	 */
	public String stream() {
		return this.stream;
	}

	void onClose(Runnable action) {
		this.onClose = action;
	}

	private String privateChannel(String uid) {
		return this.publicChannel + uid + "#";
	}

	@Override
	public Mono<Void> init() {
		return Mono.when(this.pubSub.subscribe(this.publicChannel, this::onPubSub),
				this.pubSub.subscribe(privateChannel(uid()), this::onPubSub));
	}

	/**
	 * Waits (at most the request timeout) for the sessions being persisted, then ends the
	 * subscriptions.
	 */
	@Override
	public Mono<Void> close() {
		Mono<Void> closed = super.close();
		this.restoring.clear();
		Runnable action = this.onClose;
		if (action != null) {
			action.run();
		}
		Mono<Void> persisted = Mono.when(List.copyOf(this.persisting))
			.timeout(requestTimeout())
			.onErrorResume((error) -> Mono.empty());
		return closed.then(persisted)
			.then(Mono.when(this.pubSub.unsubscribe(this.publicChannel), this.pubSub.unsubscribe(privateChannel(uid())))
				.onErrorResume((error) -> Mono.empty()));
	}

	// ---- the transport

	/**
	 * Tells whether a message goes on pub/sub rather than in the stream, as the reference
	 * decides: a broadcast with acknowledgements, a fetchSockets, a server-side emit.
	 */
	private static boolean isEphemeral(ClusterMessage message) {
		return (message instanceof Broadcast broadcast && broadcast.requestId() != null)
				|| message instanceof FetchSockets || message instanceof ServerSideEmit;
	}

	@Override
	protected Mono<String> doPublish(ClusterMessage message) {
		if (isEphemeral(message)) {
			return Mono
				.defer(() -> this.pubSub.publish(this.publicChannel, ClusterAdapterFormat.encodeMsgpack(message)))
				.then(Mono.empty());
		}
		return Mono.defer(() -> this.streams.add(this.stream, StreamsFormat.fields(message), this.options.maxLength()));
	}

	@Override
	protected Mono<Void> doPublishResponse(@Nullable String requesterUid, ClusterMessage.Response response) {
		if (requesterUid == null) {
			return Mono.empty();
		}
		return Mono.defer(
				() -> this.pubSub.publish(privateChannel(requesterUid), ClusterAdapterFormat.encodeMsgpack(response)));
	}

	@Override
	protected Mono<Integer> countServers() {
		return this.pubSub.subscriberCount(this.publicChannel);
	}

	private void onPubSub(String channel, byte[] payload) {
		if (isClosed()) {
			return;
		}
		if (payload.length == 0 || payload[0] == '{') {
			// as the reference: its pub/sub messages are msgpack, anything else is
			// dropped
			logger.debug("Ignored a message that is not msgpack on " + channel);
			return;
		}
		try {
			ClusterMessage read = ClusterAdapterFormat.readEnvelope(payload, uid(), namespace().name());
			if (read != null) {
				onMessage(read, null);
			}
		}
		catch (MalformedMessageException ex) {
			dropped(channel, ex);
		}
	}

	/**
	 * Handles an entry of this namespace's stream, read by the stream's loop: applies it
	 * (unless this server wrote it), its id as the offset.
	 * @param entry the entry
	 */
	public void onEntry(StreamEntry entry) {
		if (isClosed()) {
			return;
		}
		try {
			ClusterMessage message = StreamsFormat.read(entry.fields());
			if (message == null) {
				return;
			}
			onMessage(message, entry.id());
		}
		catch (MalformedMessageException ex) {
			dropped(this.stream, ex);
		}
	}

	/**
	 * Delivers a broadcast with its offset (another server's, in the stream's loop; this
	 * server's, once published); while sessions are being restored, keeps it for those
	 * whose rooms it reaches, at once: a socket being restored gets it either from what
	 * was kept or, once back in its rooms, delivered.
	 */
	@Override
	protected void deliverStored(Broadcast broadcast, BroadcastMessage message, String offset) {
		if (this.restoring.isEmpty()) {
			super.deliverStored(broadcast, message, offset);
			return;
		}
		synchronized (this.joining) {
			this.restoring.values().forEach((session) -> session.offer(offset, broadcast));
			super.deliverStored(broadcast, message, offset);
		}
	}

	// ---- sessions

	/**
	 * Returns {@code true}: sessions live in Redis and the stream keeps the broadcasts,
	 * so that a client recovers on any server of the cluster.
	 */
	@Override
	public boolean restoresSessions() {
		return true;
	}

	/**
	 * Stores the session under {@code <sessionKeyPrefix><pid>} for the maximum
	 * disconnection duration, as the reference does. A session whose data cannot be
	 * written as msgpack is stored without its data (a WARN line says so).
	 */
	@Override
	public void persistSession(PersistedSession session) {
		String value;
		try {
			value = StreamsFormat.session(session);
		}
		catch (RuntimeException ex) {
			logger.warn("The data of socket " + session.sid() + " cannot be stored, its session is kept without it: "
					+ ex.getMessage());
			value = StreamsFormat
				.session(new PersistedSession(session.sid(), session.pid(), session.rooms(), nodes.nullNode()));
		}
		Sinks.Empty<Void> done = Sinks.empty();
		Mono<Void> pending = done.asMono();
		this.persisting.add(pending);
		this.streams.set(this.options.sessionKeyPrefix() + session.pid(), value, this.options.sessionTimeToLive())
			.doFinally((signal) -> {
				this.persisting.remove(pending);
				done.tryEmitEmpty();
			})
			.subscribe(null, (error) -> logger.warn("Cannot persist the session of socket " + session.sid()
					+ " in Redis, its client will get a new one: " + error.getMessage()));
	}

	/**
	 * Restores a session as the reference does: the offset must be an entry id; the
	 * session is read and deleted at once, and both it and the offset's entry must exist;
	 * then the stream is read from the offset, at most 100 ranges, keeping the broadcasts
	 * of this namespace that reach the session's rooms. The entries the stream's loop
	 * hands over meanwhile are kept too, and the session completes in the loop's turn
	 * once the loop is past the last entry read: each missed entry is in the missed
	 * packets once, and none reaches the client again through the loop.
	 */
	@Override
	public Mono<RestoredSession> restoreSession(String pid, String offset) {
		if (!StreamsFormat.OFFSET.matcher(offset).matches()) {
			return Mono.empty();
		}
		Mono<Optional<String>> session = this.streams.take(this.options.sessionKeyPrefix() + pid)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
		Mono<List<StreamEntry>> known = this.streams.range(this.stream, offset, offset);
		return Mono.zip(session, known).flatMap((found) -> {
			if (found.getT1().isEmpty() || found.getT2().isEmpty()) {
				return Mono.<RestoredSession>empty();
			}
			PersistedSession persisted = StreamsFormat.session(found.getT1().get());
			Restoring restore = new Restoring(persisted.rooms());
			String sid = persisted.sid();
			Restoring previous = this.restoring.put(sid, restore);
			if (previous != null) {
				previous.expiry.dispose();
			}
			return replay(restore, offset, 0).flatMap((last) -> this.streams.readPast(this.stream, last)
				.timeout(requestTimeout())
				.then(Mono.fromSupplier(() -> {
					// kept until the socket is back in its rooms (rejoin), or expires
					restore.expiry = namespace().schedule(() -> this.restoring.remove(sid, restore),
							namespace().connectionStateRecovery().maxDisconnectionDuration());
					return new RestoredSession(persisted, restore.missed(last));
				})))
				.doOnError((error) -> this.restoring.remove(sid, restore))
				.doOnCancel(() -> this.restoring.remove(sid, restore));
		}).onErrorResume((error) -> {
			logger.debug("Cannot restore session " + pid + " of " + namespace().name() + ": " + error);
			return Mono.empty();
		});
	}

	/**
	 * Puts a restored socket back in its rooms and connects it with the broadcasts kept
	 * for it that are not among its missed packets (those delivered on this server since
	 * the missed packets were read), in the order they were delivered here, while no
	 * broadcast is: each later one reaches the socket in its rooms.
	 */
	@Override
	public void rejoin(String socketId, Set<String> rooms, String since, Consumer<List<ArrayNode>> connect) {
		synchronized (this.joining) {
			Restoring restore = this.restoring.get(socketId);
			addAll(socketId, rooms);
			try {
				connect.accept((restore != null) ? restore.rest() : List.of());
			}
			finally {
				if (restore != null) {
					this.restoring.remove(socketId, restore);
					restore.expiry.dispose();
				}
			}
		}
	}

	/** Reads the stream after an entry, and returns the id of the last entry read. */
	private Mono<String> replay(Restoring restore, String after, int calls) {
		if (calls >= MAX_RANGE_CALLS) {
			return Mono.just(after);
		}
		return this.streams.range(this.stream, StreamsFormat.next(after), null).flatMap((entries) -> {
			if (entries.isEmpty()) {
				return Mono.just(after);
			}
			String last = after;
			for (StreamEntry entry : entries) {
				if (namespace().name().equals(entry.fields().get("nsp"))
						&& StreamsFormat.BROADCAST.equals(entry.fields().get("type"))) {
					try {
						if (StreamsFormat.read(entry.fields()) instanceof Broadcast broadcast) {
							restore.replayed(entry.id(), broadcast);
						}
					}
					catch (RuntimeException ex) {
						// an entry that cannot be read, whatever it trips on, costs the
						// session that one packet, not its restoration
						logger.debug("Skipped a malformed entry " + entry.id() + " while restoring a session: " + ex);
					}
				}
				last = entry.id();
			}
			return replay(restore, last, calls + 1);
		});
	}

	/**
	 * A session being restored: the packets the ranges found, and those delivered on this
	 * server meanwhile (another server's in the stream's loop, this server's once
	 * published), in the order they were delivered.
	 */
	private static final class Restoring {

		private final Set<String> rooms;

		private final List<ArrayNode> replayed = new ArrayList<>();

		private final Map<String, ArrayNode> delivered = new LinkedHashMap<>();

		/** The ids of the packets handed over as missed. */
		private final Set<String> handedOver = new HashSet<>();

		/** Forgets this session if its socket does not come back in time. */
		volatile Disposable expiry = Disposables.disposed();

		Restoring(Set<String> rooms) {
			this.rooms = rooms;
		}

		private @Nullable ArrayNode packet(String id, Broadcast broadcast) {
			if (!StreamsFormat.reaches(this.rooms, broadcast.options().rooms(), broadcast.options().except())) {
				return null;
			}
			ArrayNode packet = broadcast.data().deepCopy();
			packet.add(id);
			return packet;
		}

		/** From the ranges, in order; one range at a time. */
		synchronized void replayed(String id, Broadcast broadcast) {
			ArrayNode packet = packet(id, broadcast);
			if (packet != null) {
				this.replayed.add(packet);
				this.handedOver.add(id);
			}
		}

		/** Delivered on this server. */
		synchronized void offer(String id, Broadcast broadcast) {
			ArrayNode packet = packet(id, broadcast);
			if (packet != null) {
				this.delivered.putIfAbsent(id, packet);
			}
		}

		/**
		 * The missed packets: those of the ranges, then those delivered here after the
		 * last entry the ranges read. Called once the stream's loop is past that entry:
		 * every entry up to it was delivered here already (this server's too, as their
		 * publication answered before the range that read them), so none of them reaches
		 * the socket again.
		 */
		synchronized List<ArrayNode> missed(String last) {
			List<ArrayNode> missed = new ArrayList<>(this.replayed);
			for (Map.Entry<String, ArrayNode> entry : this.delivered.entrySet()) {
				if (this.handedOver.add(entry.getKey()) && StreamEntry.compareIds(entry.getKey(), last) > 0) {
					missed.add(entry.getValue());
				}
			}
			return missed;
		}

		/**
		 * The packets delivered here and not handed over as missed, in the order they
		 * were delivered.
		 */
		synchronized List<ArrayNode> rest() {
			List<ArrayNode> rest = new ArrayList<>();
			this.delivered.forEach((id, packet) -> {
				if (!this.handedOver.contains(id)) {
					rest.add(packet);
				}
			});
			return rest;
		}

	}

}
