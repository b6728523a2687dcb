package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.socketiospringboot.adapter.AckCollector;
import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.adapter.SocketDetails;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.AllRooms;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.AllRoomsResponse;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.Broadcast;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.BroadcastAck;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.BroadcastClientCount;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.DisconnectSockets;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.FetchSockets;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.FetchSocketsResponse;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.Response;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.ServerSideEmit;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.ServerSideEmitResponse;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.SocketsJoin;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage.SocketsLeave;
import io.github.socketiospringboot.internal.protocol.Packet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The adapter of one namespace in a cluster of servers, whatever carries their messages:
 * the flows of the reference's {@code ClusterAdapter} ({@code socket.io-adapter}) written
 * once. A subclass is a transport: it publishes the {@link ClusterMessage}s this class
 * hands it, and hands this class those the other servers published.
 *
 * <p>
 * A subclass implements {@link #doPublish}, {@link #doPublishResponse} and
 * {@link #countServers}, subscribes in {@link #init()} (and unsubscribes in
 * {@link #close()}, after {@code super.close()}), and calls
 * {@link #onMessage(ClusterMessage, String)} for each message it receives. This class
 * does the rest: it publishes broadcasts, room changes and disconnections and applies
 * them here at once; asks the other servers for their sockets ({@code fetchSockets}),
 * their rooms and their answers to server-side emits, with request ids, the expected
 * number of answers and a timeout; collects the recipient counts and answers of a
 * broadcast with acknowledgements across servers; answers the other servers' requests;
 * ignores its own messages and those of other namespaces; and keeps {@code local()}
 * operations on this server. Everything it times runs on the namespace's timer
 * ({@link AdapterHost#schedule}).
 *
 * <p>
 * Connection state recovery: a subclass whose bus keeps a log of the broadcasts (a Redis
 * stream) returns each publication's offset from {@link #doPublish}, passes the offset of
 * each message it receives to {@link #onMessage}, and overrides
 * {@link #restoresSessions()}, {@link #persistSession}, {@link #restoreSession} (and, to
 * close the gap between reading the missed packets and joining the rooms,
 * {@link #rejoin}). With recovery enabled, the broadcasts that are stored (events without
 * acknowledgement, not volatile) are then delivered on this server once their publication
 * returned its offset, which every recipient receives as the last argument, in the order
 * they were published; one whose publication fails or does not answer within the request
 * timeout is delivered here without offset. {@code local()} broadcasts get none. Without
 * such an override nothing is stored and nothing waits.
 *
 * <p>
 * Threading: nothing blocks. A subclass calls {@link #onMessage} from its bus client's
 * thread, one message at a time per subscription. The template methods are called on
 * application threads (event loops among them), the bus client's thread and the timer:
 * they return a {@link Mono} that completes when the bus answered, and never wait for it.
 */
public abstract class ClusterAdapter extends InMemoryAdapter {

	private static final Log logger = LogFactory.getLog(ClusterAdapter.class);

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final Supplier<String> ids;

	private final String uid;

	private final Duration requestTimeout;

	private final ClusterObserver observer;

	private final PendingRequests requests;

	private volatile boolean closed;

	/**
	 * This server's stored broadcasts awaiting their offsets, in the order they were
	 * published (the order of their offsets).
	 */
	private final Queue<Stamping> stamping = new ConcurrentLinkedQueue<>();

	/** Held to queue a stored broadcast and send it, so that both keep one order. */
	private final Object publishing = new Object();

	/** Counts the calls of {@link #drain()}: one thread drains, the others hand over. */
	private final AtomicInteger drains = new AtomicInteger();

	/** The timer set for a deadline of {@link #stamping}, if any. */
	private final AtomicReference<@Nullable StampTimer> stampTimer = new AtomicReference<>();

	/**
	 * Whether the last stored broadcast delivered here went without offset; touched by
	 * the draining thread only.
	 */
	private boolean unstamped;

	/**
	 * Creates the adapter of a namespace, whose server and request ids are 16 random
	 * hexadecimal digits as the reference's.
	 * @param namespace the namespace
	 * @param requestTimeout how long a request waits for the other servers' answers, a
	 * broadcast with acknowledgements that did not say, and a stored broadcast for its
	 * offset
	 * @param observer observes the adapter's traffic ({@link ClusterObserver#NONE} for
	 * none)
	 */
	protected ClusterAdapter(AdapterHost namespace, Duration requestTimeout, ClusterObserver observer) {
		this(namespace, requestTimeout, observer, ClusterAdapter::randomId);
	}

	/**
	 * Creates the adapter of a namespace, with ids of another form.
	 * @param namespace the namespace
	 * @param requestTimeout how long a request waits for the other servers' answers, a
	 * broadcast with acknowledgements that did not say, and a stored broadcast for its
	 * offset
	 * @param observer observes the adapter's traffic ({@link ClusterObserver#NONE} for
	 * none)
	 * @param ids makes the server id (once) and the request ids; must not block
	 */
	protected ClusterAdapter(AdapterHost namespace, Duration requestTimeout, ClusterObserver observer,
			Supplier<String> ids) {
		super(namespace, false);
		this.ids = ids;
		this.uid = ids.get();
		this.requestTimeout = requestTimeout;
		this.observer = new HostObserver(observer, namespace);
		this.requests = new PendingRequests(namespace, this.observer);
	}

	private static String randomId() {
		return String.format("%016x", ThreadLocalRandom.current().nextLong());
	}

	/**
	 * Returns this server's id in the cluster, which marks what it publishes.
	 * @return the id
	 */
	public final String uid() {
		return this.uid;
	}

	/**
	 * Returns how long a request waits for the other servers' answers.
	 * @return the timeout
	 */
	protected final Duration requestTimeout() {
		return this.requestTimeout;
	}

	/**
	 * Tells whether {@link #close()} was called; a closed adapter ignores what it
	 * receives.
	 * @return whether it is closed
	 */
	protected final boolean isClosed() {
		return this.closed;
	}

	// ---- the transport: what a subclass implements

	/**
	 * Publishes a message to every other server of the cluster.
	 * @param message the message
	 * @return completes when the bus took it, with the message's offset where the bus
	 * keeps a log of them (a Redis stream entry id, for connection state recovery), or
	 * empty; fails when the bus did not take it
	 */
	protected abstract Mono<String> doPublish(ClusterMessage message);

	/**
	 * Sends an answer to the server that asked.
	 * @param requesterUid the id of the requesting server, or {@code null} when its
	 * request did not say
	 * @param response the answer
	 * @return completes when the bus took it
	 */
	protected abstract Mono<Void> doPublishResponse(@Nullable String requesterUid, Response response);

	/**
	 * Counts the servers of the cluster that serve this namespace, this one included.
	 * @return the count; fails when the bus cannot tell
	 */
	protected abstract Mono<Integer> countServers();

	/**
	 * Tells whether the transport's protocol has a request for every server's rooms
	 * ({@link AllRooms}); without it, {@link #allRooms()} gathers the rooms of the
	 * sockets {@code fetchSockets} finds.
	 * @return {@code false} unless overridden
	 */
	protected boolean hasAllRoomsRequest() {
		return false;
	}

	/**
	 * Describes a request that timed out, as the {@link RequestTimeoutException}'s
	 * message.
	 * @param request the request
	 * @param received how many answers came
	 * @param expected how many were expected
	 * @return the message; by default the reference's
	 * {@code timeout reached: only N responses received out of M}
	 */
	protected String timeoutMessage(ClusterMessage request, int received, int expected) {
		return "timeout reached: only " + received + " responses received out of " + expected;
	}

	// ---- lifecycle

	/**
	 * Marks the adapter closed and fails the requests awaiting answers; a subclass ends
	 * its subscriptions after calling this.
	 */
	@Override
	public Mono<Void> close() {
		this.closed = true;
		this.requests.failAll(new IllegalStateException("The adapter of " + namespace().name() + " is closed"));
		return Mono.empty();
	}

	// ---- operations of this server

	/**
	 * Counts the servers ({@link #countServers()}) and tells the observer.
	 */
	@Override
	public final Mono<Integer> serverCount() {
		return countServers().doOnNext((count) -> this.observer.onServerCount(namespace().name(), count));
	}

	@Override
	public void broadcast(BroadcastMessage message, BroadcastOptions options) {
		if (!options.flags().local()) {
			Broadcast broadcast;
			try {
				broadcast = new Broadcast(this.uid, namespace().name(),
						Events.data(namespace(), message.event(), message.args()), options, null, null);
			}
			catch (RuntimeException ex) {
				logger.error("Cannot publish a broadcast of " + namespace().name(), ex);
				super.broadcast(message, options);
				return;
			}
			if (storesOffsets(message, options)) {
				publishThenDeliver(broadcast, message, options);
				return;
			}
			publish(broadcast);
			if (queuedBehindStored(broadcast, message, options)) {
				return;
			}
		}
		super.broadcast(message, options);
	}

	/**
	 * Queues a broadcast that is not stored (volatile, or with an acknowledgement, such
	 * as a socket's {@code emitWithAck} with recovery enabled) behind the stored ones
	 * still waiting for their offsets, so that it does not overtake them: the reference
	 * awaits the publication of every broadcast before delivering it, which keeps them in
	 * order. It waits for no publication of its own.
	 * @return whether it was queued; if not, nothing waits and it goes out now
	 */
	private boolean queuedBehindStored(Broadcast broadcast, BroadcastMessage message, BroadcastOptions options) {
		if (!restoresSessions()) {
			return false;
		}
		synchronized (this.publishing) {
			if (this.stamping.isEmpty()) {
				return false;
			}
			message.retain(1);
			Stamping passing = new Stamping(broadcast, message, options, System.nanoTime());
			passing.settle(Outcome.PASSING);
			this.stamping.add(passing);
		}
		drain();
		return true;
	}

	/**
	 * Tells whether a broadcast gets the offset its publication returns: when connection
	 * state recovery is enabled, the subclass restores sessions, and the broadcast is an
	 * event without acknowledgement and without the volatile flag.
	 */
	private boolean storesOffsets(BroadcastMessage message, BroadcastOptions options) {
		return message.ackId() == Packet.NO_ACK && !options.flags().isVolatile() && restoresSessions()
				&& namespace().connectionStateRecovery().enabled();
	}

	/**
	 * Publishes a broadcast and delivers it here once the bus returned its offset, which
	 * this server's recipients receive as the last argument, as the other servers'
	 * recipients do.
	 *
	 * <p>
	 * The wait is bounded by the request timeout: a broadcast whose publication failed,
	 * or did not answer in time, is delivered here without offset (its packet cannot be
	 * recovered), and a WARN line without stack trace says so once, when publications
	 * start failing (an INFO line when they carry offsets again). The reference
	 * ({@code ClusterAdapter.broadcast} of {@code socket.io-adapter}) also delivers
	 * without offset when the publication fails, logging at debug only, but sets no bound
	 * of its own: it waits as long as its Redis client does, which for Lettuce is the
	 * command timeout (60 s by default), during which this server's clients would get
	 * nothing. Local traffic going on while Redis, or the master of the stream's slot, is
	 * lost is the rule here, so the wait is ours to bound. An answer that comes after the
	 * deadline changes nothing here (the other servers get the broadcast, with its
	 * offset, once it is in the stream).
	 *
	 * <p>
	 * Order: this server's stored broadcasts are queued and sent under one lock, so the
	 * queue's order is the order in which they reach the bus (the order of their
	 * offsets), and are delivered from the head of the queue only, each once it has its
	 * answer or its deadline passed: those that waited go out in their original order,
	 * whether with or without offset. The lock is held by publishing threads only, and
	 * only to queue and send; the answers (on the bus client's thread) and the
	 * namespace's timer drive the deliveries, without lock: nothing waits.
	 */
	private void publishThenDeliver(Broadcast broadcast, BroadcastMessage message, BroadcastOptions options) {
		message.retain(1);
		Stamping pending = new Stamping(broadcast, message, options, System.nanoTime() + this.requestTimeout.toNanos());
		synchronized (this.publishing) {
			this.stamping.add(pending);
			Mono<String> publication;
			try {
				publication = doPublish(broadcast);
			}
			catch (RuntimeException ex) {
				publication = Mono.error(ex);
			}
			publication.subscribe(pending);
		}
		drain();
	}

	/**
	 * Delivers the broadcasts at the head of the queue that have their answer or whose
	 * deadline passed, in order, then sets the timer for the deadline of the next one;
	 * one thread at a time (whoever finds more to do hands it to the thread that drains).
	 */
	private void drain() {
		if (Thread.holdsLock(this.publishing) || this.drains.getAndIncrement() != 0) {
			// answered while being published: the publishing thread drains next
			return;
		}
		int missed = 1;
		for (;;) {
			for (;;) {
				Stamping head = this.stamping.peek();
				if (head == null) {
					break;
				}
				Outcome outcome = head.outcome;
				if (outcome == null) {
					if (System.nanoTime() - head.deadline < 0) {
						armStampTimer(head.deadline);
						break;
					}
					head.settle(Outcome.EXPIRED);
					outcome = head.outcome;
				}
				this.stamping.poll();
				try {
					head.deliver(outcome);
				}
				catch (RuntimeException ex) {
					logger.error("Cannot deliver a broadcast of " + namespace().name(), ex);
				}
			}
			missed = this.drains.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

	/**
	 * Sets the timer for a deadline, unless it is set for one that is not later. Called
	 * by the draining thread.
	 */
	private void armStampTimer(long deadline) {
		StampTimer current = this.stampTimer.get();
		if (current != null && current.due() - deadline <= 0) {
			return;
		}
		StampTimer timer = new StampTimer(deadline);
		if (!this.stampTimer.compareAndSet(current, timer)) {
			// the timer went off meanwhile: its drain comes next and sets it again
			return;
		}
		long millis = Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000);
		try {
			namespace().schedule(() -> {
				this.stampTimer.compareAndSet(timer, null);
				drain();
			}, Duration.ofMillis(millis));
		}
		catch (RuntimeException ex) {
			// the server's timer is stopped (the server is closing): the answers alone
			// deliver what is left
			this.stampTimer.compareAndSet(timer, null);
			logger.debug("Cannot time the broadcasts awaiting their offsets in " + namespace().name() + ": " + ex);
		}
	}

	/**
	 * Tells once when stored broadcasts start going out without offset, and once when
	 * they have it again. Called by the draining thread.
	 */
	private void stamped(boolean withOffset, @Nullable String why) {
		if (withOffset && this.unstamped) {
			this.unstamped = false;
			logger.info("Broadcasts of " + namespace().name()
					+ " are published with their offsets again: connection state recovery covers them");
		}
		else if (!withOffset && !this.unstamped) {
			this.unstamped = true;
			logger.warn("Broadcasts of " + namespace().name() + " reach this server's clients without offset,"
					+ " so they cannot be recovered, while their publication fails: " + why);
		}
	}

	/** When the timer of the queue goes off, in {@link System#nanoTime()}. */
	private record StampTimer(long due) {
	}

	/**
	 * How the wait of a stored broadcast ended.
	 *
	 * @param offset its offset, when the bus answered with one
	 * @param error why the publication failed, when it did
	 * @param expired whether no answer came before the deadline
	 */
	private record Outcome(@Nullable String offset, @Nullable Throwable error, boolean expired) {

		static final Outcome EXPIRED = new Outcome(null, null, true);

		/** A broadcast that is not stored, queued only to keep its place. */
		static final Outcome PASSING = new Outcome(null, null, false);

	}

	/**
	 * A stored broadcast of this server awaiting its offset: subscribes to its
	 * publication, tells the observer how the publication ended, and is delivered from
	 * the head of the queue.
	 */
	private final class Stamping extends BaseSubscriber<String> {

		private static final AtomicReferenceFieldUpdater<Stamping, Outcome> OUTCOME = AtomicReferenceFieldUpdater
			.newUpdater(Stamping.class, Outcome.class, "outcome");

		private final Broadcast broadcast;

		private final BroadcastMessage message;

		private final BroadcastOptions options;

		/**
		 * When it goes out without offset at the latest, in {@link System#nanoTime()}.
		 */
		final long deadline;

		/** How its wait ended; set once. */
		volatile @Nullable Outcome outcome;

		Stamping(Broadcast broadcast, BroadcastMessage message, BroadcastOptions options, long deadline) {
			this.broadcast = broadcast;
			this.message = message;
			this.options = options;
			this.deadline = deadline;
		}

		@Override
		protected void hookOnNext(String offset) {
			if (settle(new Outcome(offset, null, false))) {
				drain();
			}
		}

		@Override
		protected void hookOnComplete() {
			ClusterAdapter.this.observer.onPublished(this.broadcast);
			if (settle(new Outcome(null, null, false))) {
				drain();
			}
		}

		@Override
		protected void hookOnError(Throwable error) {
			logger.debug("Publication of " + describe(this.broadcast) + " failed: " + error.getMessage());
			ClusterAdapter.this.observer.onPublicationFailed(this.broadcast, error);
			if (settle(new Outcome(null, error, false))) {
				drain();
			}
		}

		/** Ends the wait, unless it ended already (an answer after the deadline). */
		boolean settle(Outcome ended) {
			return OUTCOME.compareAndSet(this, null, ended);
		}

		/** Delivers it here, with its offset when it has one. */
		void deliver(Outcome ended) {
			try {
				String offset = ended.offset();
				if (offset != null) {
					stamped(true, null);
					this.message.offset(offset);
					deliverStored(this.broadcast, this.message, offset);
					return;
				}
				Throwable error = ended.error();
				if (ended.expired()) {
					stamped(false, "no answer within the request timeout (" + requestTimeout().toMillis() + " ms)");
				}
				else if (error != null) {
					stamped(false, String.valueOf(error.getMessage()));
				}
				ClusterAdapter.super.broadcast(this.message, this.options);
			}
			finally {
				this.message.release();
			}
		}

	}

	/**
	 * Delivers to this server's recipients a broadcast that has an offset (connection
	 * state recovery): one of this server's once its publication returned the offset, or
	 * one received from the bus. A subclass that must see every such packet as it reaches
	 * this server's sockets (to keep it for a socket being restored) overrides this and
	 * calls the super method.
	 * @param broadcast the broadcast, as published
	 * @param message the message, its offset set
	 * @param offset the offset
	 */
	protected void deliverStored(Broadcast broadcast, BroadcastMessage message, String offset) {
		super.broadcast(message, broadcast.options());
	}

	@Override
	public void broadcastWithAck(BroadcastMessage message, BroadcastOptions options, AckCollector collector) {
		if (!options.flags().local()) {
			Duration timeout = (collector.timeout() != null) ? collector.timeout() : this.requestTimeout;
			ArrayNode data = Events.data(namespace(), message.event(), message.args());
			String requestId = this.ids.get();
			this.requests.awaitAcks(requestId, collector, timeout);
			try {
				publish(new Broadcast(this.uid, namespace().name(), data, options, requestId, timeout));
			}
			catch (RuntimeException ex) {
				this.requests.forgetAcks(requestId);
				throw ex;
			}
		}
		super.broadcastWithAck(message, options, collector);
	}

	@Override
	public Mono<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
		if (options.flags().local()) {
			return super.fetchSockets(options);
		}
		return serverCount().flatMap((count) -> {
			Mono<List<SocketDetails>> local = super.fetchSockets(options);
			if (count <= 1) {
				return local;
			}
			FetchSockets request = new FetchSockets(this.uid, namespace().name(), this.ids.get(), options);
			Mono<List<Response>> remote = request(request, request.requestId(), count - 1, this.requestTimeout,
					(response) -> response);
			return local.zipWith(remote, (found, answers) -> {
				List<SocketDetails> all = new ArrayList<>(found);
				for (Response answer : answers) {
					if (answer instanceof FetchSocketsResponse sockets) {
						all.addAll(sockets.sockets());
					}
				}
				return all;
			});
		});
	}

	@Override
	public Mono<Set<String>> allRooms() {
		if (!hasAllRoomsRequest()) {
			return fetchSockets(BroadcastOptions.ALL).map((sockets) -> {
				Set<String> rooms = new LinkedHashSet<>(rooms().keySet());
				sockets.forEach((socket) -> rooms.addAll(socket.rooms()));
				return Set.copyOf(rooms);
			});
		}
		return serverCount().flatMap((count) -> {
			Set<String> rooms = new LinkedHashSet<>(rooms().keySet());
			if (count <= 1) {
				return Mono.just(Set.copyOf(rooms));
			}
			AllRooms request = new AllRooms(this.uid, namespace().name(), this.ids.get());
			return request(request, request.requestId(), count - 1, this.requestTimeout, (response) -> response)
				.map((answers) -> {
					for (Response answer : answers) {
						if (answer instanceof AllRoomsResponse remote) {
							rooms.addAll(remote.rooms());
						}
					}
					return Set.copyOf(rooms);
				});
		});
	}

	@Override
	public void addSockets(BroadcastOptions options, Set<String> rooms) {
		if (!options.flags().local()) {
			publish(new SocketsJoin(this.uid, namespace().name(), options, rooms));
		}
		super.addSockets(options, rooms);
	}

	@Override
	public void delSockets(BroadcastOptions options, Set<String> rooms) {
		if (!options.flags().local()) {
			publish(new SocketsLeave(this.uid, namespace().name(), options, rooms));
		}
		super.delSockets(options, rooms);
	}

	@Override
	public void disconnectSockets(BroadcastOptions options, boolean close) {
		if (!options.flags().local()) {
			publish(new DisconnectSockets(this.uid, namespace().name(), options, close));
		}
		super.disconnectSockets(options, close);
	}

	@Override
	public void serverSideEmit(String event, Object[] args) {
		publish(new ServerSideEmit(this.uid, namespace().name(), null, Events.data(namespace(), event, args)));
	}

	@Override
	public Mono<List<JsonNode>> serverSideEmitWithAck(String event, Object[] args, long timeoutMillis) {
		ArrayNode data = Events.data(namespace(), event, args);
		return serverCount().flatMap((count) -> {
			if (count <= 1) {
				return Mono.just(List.of());
			}
			ServerSideEmit request = new ServerSideEmit(this.uid, namespace().name(), this.ids.get(), data);
			return request(request, request.requestId(), count - 1, Duration.ofMillis(timeoutMillis),
					(response) -> (response instanceof ServerSideEmitResponse answer) ? answer.answer()
							: nodes.nullNode());
		});
	}

	private <T> Mono<List<T>> request(ClusterMessage request, String requestId, int expected, Duration timeout,
			Function<Response, T> answer) {
		Mono<String> publication = Mono.defer(() -> doPublish(request))
			.doOnSuccess((offset) -> this.observer.onPublished(request))
			.doOnError((error) -> this.observer.onPublicationFailed(request, error));
		return this.requests.start(request, requestId, expected, timeout,
				(received, all) -> timeoutMessage(request, received, all), answer, publication);
	}

	private void publish(ClusterMessage message) {
		doPublish(message).subscribe(null, (error) -> {
			logger.debug("Publication of " + describe(message) + " failed: " + error.getMessage());
			this.observer.onPublicationFailed(message, error);
		}, () -> this.observer.onPublished(message));
	}

	private void respond(@Nullable String requester, Response response) {
		doPublishResponse(requester, response).subscribe(null, (error) -> {
			logger.debug("Answer of " + describe(response) + " failed: " + error.getMessage());
			this.observer.onPublicationFailed(response, error);
		}, () -> this.observer.onPublished(response));
	}

	private String describe(ClusterMessage message) {
		return message.getClass().getSimpleName() + " of " + namespace().name();
	}

	// ---- messages from the other servers

	/**
	 * Handles a message another server published: applies it to this server's sockets and
	 * answers it when it asks. Ignores this server's own messages, those of other
	 * namespaces, and everything once the adapter is closed.
	 * @param message the message
	 * @param offset its offset where the bus keeps a log of messages (kept for connection
	 * state recovery), or {@code null}
	 * @throws MalformedMessageException if the message cannot be applied (an event
	 * without name); the caller logs it with {@link #dropped} and goes on
	 */
	protected final void onMessage(ClusterMessage message, @Nullable String offset) {
		if (this.closed || this.uid.equals(message.uid()) || !namespace().name().equals(message.namespace())) {
			return;
		}
		if (message instanceof Response response) {
			this.requests.answer(response);
		}
		else if (message instanceof Broadcast broadcast) {
			onBroadcast(broadcast, offset);
		}
		else if (message instanceof SocketsJoin join) {
			super.addSockets(join.options(), join.rooms());
		}
		else if (message instanceof SocketsLeave leave) {
			super.delSockets(leave.options(), leave.rooms());
		}
		else if (message instanceof DisconnectSockets disconnect) {
			super.disconnectSockets(disconnect.options(), disconnect.close());
		}
		else if (message instanceof FetchSockets fetch) {
			respond(fetch.uid(), new FetchSocketsResponse(this.uid, namespace().name(), fetch.requestId(),
					localSockets(fetch.options())));
		}
		else if (message instanceof ServerSideEmit emit) {
			onServerSideEmit(emit);
		}
		else if (message instanceof AllRooms request) {
			respond(request.uid(),
					new AllRoomsResponse(this.uid, namespace().name(), request.requestId(), rooms().keySet()));
		}
	}

	/**
	 * Logs a message that could not be read or applied, which is dropped: a WARN line
	 * without stack trace, {@code Dropped a malformed message on <source>: <why>}.
	 * @param source where it came from (a channel)
	 * @param error why it was dropped
	 */
	protected final void dropped(String source, MalformedMessageException error) {
		logger.warn("Dropped a malformed message on " + source + ": " + error.getMessage());
	}

	private void onBroadcast(Broadcast broadcast, @Nullable String offset) {
		BroadcastMessage message = Events.message(namespace(), broadcast.data());
		String requestId = broadcast.requestId();
		if (requestId == null) {
			try {
				if (offset != null && storesOffsets(message, broadcast.options())) {
					message.offset(offset);
					deliverStored(broadcast, message, offset);
				}
				else {
					super.broadcast(message, broadcast.options());
				}
			}
			finally {
				message.release();
			}
			return;
		}
		String requester = broadcast.uid();
		message.ackId(namespace().nextAckId());
		RemoteAckRequest local = new RemoteAckRequest(
				(count) -> respond(requester, new BroadcastClientCount(this.uid, namespace().name(), requestId, count)),
				(socketId, answer) -> respond(requester,
						new BroadcastAck(this.uid, namespace().name(), requestId, answer, socketId)));
		try {
			super.broadcastWithAck(message, broadcast.options(), local);
		}
		finally {
			message.release();
			// also when the delivery failed: the answers awaited are forgotten in time
			local.expireAfter(namespace(), message.ackId(),
					(broadcast.ackTimeout() != null) ? broadcast.ackTimeout() : this.requestTimeout);
		}
	}

	private void onServerSideEmit(ServerSideEmit emit) {
		ArrayNode data = emit.data();
		if (data.isEmpty()) {
			throw new MalformedMessageException("server-side emit without event");
		}
		String requestId = emit.requestId();
		if (requestId == null) {
			namespace().onServerSideEmit(data, null);
			return;
		}
		String requester = emit.uid();
		namespace().onServerSideEmit(data, (answer) -> {
			JsonNode value = (answer == null) ? nodes.nullNode() : namespace().mapper().valueToTree(answer);
			respond(requester, new ServerSideEmitResponse(this.uid, namespace().name(), requestId, value));
		});
	}

	private List<SocketDetails> localSockets(BroadcastOptions targets) {
		List<SocketDetails> sockets = new ArrayList<>();
		apply(targets, (socket) -> {
			Set<String> joined = socketRooms(socket.id());
			if (inNamespace(socket, joined)) {
				sockets
					.add(new SocketDetails(socket.id(), joined, socket.handshakeJson(), socket.dataJson(), null, null));
			}
		});
		return sockets;
	}

}
