package io.github.socketiospringboot.adapter.redis;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * A {@link StreamTransport} on Redis through Lettuce, for the Redis Streams adapter: on a
 * standalone Redis (or the master Sentinel names), or on a Redis Cluster.
 *
 * <p>
 * Commands ({@code XADD}, {@code XRANGE}, {@code SET ... PX}, and the read-and-delete of
 * a session, one Lua script {@code GET}+{@code DEL} that a shared connection can carry,
 * where the reference sends {@code MULTI GET DEL EXEC}) go through one shared connection;
 * on a Redis Cluster, Lettuce's cluster connection sends each to the master of its key's
 * slot, and they fail at once while that master is known to be lost.
 *
 * <p>
 * Each stream is read by a loop of its own on a dedicated connection (pinned, on a Redis
 * Cluster, to the master that owns the stream's key, and moved when a failover or a
 * resharding moves the key): {@code XREAD COUNT <readCount> BLOCK <blockTime> STREAMS
 * <stream> <last id>}, starting after the stream's last entry when the loop starts, as
 * {@code $} would. The reads are asynchronous; no thread waits for them. When a read
 * fails (Redis lost, restarted, the key moved), the loop tries again after 100 ms,
 * doubling up to 5 s, and resumes after the last entry it handed over: nothing is read
 * twice, and what was written while the stream could not be read is read then, as long as
 * Redis kept it (a Redis restarted without persistence lost it).
 *
 * <p>
 * The connections open in the background, retrying until Redis answers; only that first
 * connection runs on Reactor's bounded elastic scheduler.
 */
final class LettuceStreamTransport implements StreamTransport, AutoCloseable {

	private static final Log logger = LogFactory.getLog(LettuceStreamTransport.class);

	private static final long CLOSE_WAIT_MILLIS = 2000;

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private static final Duration MAX_RETRY = Duration.ofSeconds(5);

	/** Reads a key and deletes it, atomically, on one shared connection. */
	private static final String TAKE = "local v = redis.call('GET', KEYS[1]) "
			+ "if v then redis.call('DEL', KEYS[1]) end return v";

	private final int readCount;

	private final Duration blockTime;

	private final Mono<Backend> backend;

	private final Disposable connecting;

	private final Map<String, Reader> readers = new ConcurrentHashMap<>();

	/** The sessions being stored. */
	private final Set<CompletableFuture<?>> storing = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Backend open;

	private volatile boolean closed;

	private LettuceStreamTransport(int readCount, Duration blockTime, String deployment, Supplier<Backend> connector) {
		this.readCount = readCount;
		this.blockTime = blockTime;
		this.backend = Mono.fromCallable(() -> connect(connector, deployment))
			.subscribeOn(Schedulers.boundedElastic())
			.doOnError((error) -> logger
				.warn("Cannot connect the Socket.IO streams adapter to " + deployment + " (retrying): " + error))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_RETRY)
				.maxBackoff(MAX_RETRY)
				.filter((error) -> !this.closed && !(error instanceof UnsupportedOperationException)))
			.cache();
		this.connecting = this.backend.subscribe((connected) -> this.readers.values().forEach(Reader::start),
				(error) -> {
				});
	}

	/**
	 * Creates a transport on a standalone Redis or a master found through Sentinel.
	 * @param client supplies the Lettuce client, asked again until it can be had; an
	 * {@link UnsupportedOperationException} stops the attempts
	 * @param readCount how many entries one read takes at most
	 * @param blockTime how long one read waits for new entries
	 * @return the transport, connecting in the background
	 */
	public static LettuceStreamTransport standalone(Supplier<RedisClient> client, int readCount, Duration blockTime) {
		return new LettuceStreamTransport(readCount, blockTime, "Redis", () -> new StandaloneBackend(client.get()));
	}

	/**
	 * Creates a transport on a Redis Cluster.
	 * @param client supplies the Lettuce cluster client, asked again until it can be had
	 * @param readCount how many entries one read takes at most
	 * @param blockTime how long one read waits for new entries
	 * @return the transport, connecting in the background
	 */
	public static LettuceStreamTransport cluster(Supplier<RedisClusterClient> client, int readCount,
			Duration blockTime) {
		return new LettuceStreamTransport(readCount, blockTime, "Redis Cluster", () -> {
			ClusterBackend backend = new ClusterBackend(RedisClusterConnections.connect(client.get()));
			return backend;
		});
	}

	private Backend connect(Supplier<Backend> connector, String deployment) {
		if (this.closed) {
			throw new IllegalStateException("Transport closed");
		}
		Backend connected = connector.get();
		connected.attach(this);
		this.open = connected;
		if (this.closed) {
			connected.close();
			throw new IllegalStateException("Transport closed");
		}
		logger.info("Socket.IO streams adapter connected to " + deployment);
		return connected;
	}

	/**
	 * Tells whether the shared connection is open now.
	 * @return whether Redis is reachable
	 */
	public boolean isConnected() {
		Backend current = this.open;
		return current != null && current.isConnected();
	}

	private Backend reachable() {
		Backend current = this.open;
		if (this.closed) {
			throw new RedisUnavailableException("The Socket.IO Redis streams transport is closed");
		}
		if (current == null) {
			throw new RedisUnavailableException("Redis is not reachable: cross-server operations are unavailable");
		}
		return current;
	}

	// ---- commands

	@Override
	public Mono<String> add(String stream, LinkedHashMap<String, String> fields, long maxLength) {
		return Mono.defer(() -> {
			Map<String, byte[]> body = new LinkedHashMap<>();
			fields.forEach((name, value) -> body.put(name, value.getBytes(StandardCharsets.UTF_8)));
			return Mono.fromCompletionStage(reachable().commands(stream)
				.xadd(stream, XAddArgs.Builder.maxlen(maxLength).approximateTrimming(), body));
		});
	}

	@Override
	public Mono<List<StreamEntry>> range(String stream, String start, @Nullable String end) {
		Range<String> range = (end != null) ? Range.create(start, end)
				: Range.from(Range.Boundary.including(start), Range.Boundary.unbounded());
		return Mono.defer(() -> Mono.fromCompletionStage(reachable().commands(stream).xrange(stream, range)))
			.map(LettuceStreamTransport::entries);
	}

	@Override
	public Mono<Void> set(String key, String value, Duration ttl) {
		return Mono.defer(() -> {
			CompletableFuture<String> stored = reachable().commands(key)
				.set(key, value.getBytes(StandardCharsets.UTF_8), SetArgs.Builder.px(ttl.toMillis()))
				.toCompletableFuture();
			// a session persisted as the server shuts down is waited for by close()
			this.storing.add(stored);
			stored.whenComplete((result, error) -> this.storing.remove(stored));
			return Mono.fromCompletionStage(stored);
		}).then();
	}

	@Override
	public Mono<String> take(String key) {
		return Mono
			.defer(() -> Mono.fromCompletionStage(
					reachable().commands(key).<byte[]>eval(TAKE, ScriptOutputType.VALUE, new String[] { key })))
			.map((value) -> new String(value, StandardCharsets.UTF_8));
	}

	private static List<StreamEntry> entries(List<StreamMessage<String, byte[]>> messages) {
		List<StreamEntry> entries = new ArrayList<>(messages.size());
		for (StreamMessage<String, byte[]> message : messages) {
			entries.add(entry(message));
		}
		return entries;
	}

	private static StreamEntry entry(StreamMessage<String, byte[]> message) {
		Map<String, String> fields = new LinkedHashMap<>();
		message.getBody().forEach((name, value) -> fields.put(name, new String(value, StandardCharsets.UTF_8)));
		return new StreamEntry(message.getId(), fields);
	}

	// ---- reading loops

	@Override
	public void read(String stream, Consumer<StreamEntry> listener) {
		Reader reader = new Reader(stream, listener);
		if (this.readers.putIfAbsent(stream, reader) != null) {
			throw new IllegalStateException("The stream " + stream + " is read already");
		}
		if (this.open != null) {
			reader.start();
		}
	}

	@Override
	public Mono<Void> readPast(String stream, String id) {
		Reader reader = this.readers.get(stream);
		if (reader == null) {
			return Mono.error(new IllegalStateException("The stream " + stream + " is not read"));
		}
		return Mono.create((sink) -> reader.awaitPast(id, sink));
	}

	/**
	 * Returns the id of the last entry a stream's loop handed over.
	 * @param stream the stream
	 * @return the id, or {@code null} before the loop knows where the stream ends
	 */
	@Nullable String lastRead(String stream) {
		Reader reader = this.readers.get(stream);
		return (reader != null) ? reader.lastId : null;
	}

	/**
	 * Closes the connections, waiting up to two seconds unless called from a non-blocking
	 * thread; does nothing when closed already.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.connecting.dispose();
		if (!Schedulers.isInNonBlockingThread()) {
			// the sessions persisted by a graceful shutdown reach Redis first
			await(List.copyOf(this.storing), "Storing the last sessions");
		}
		List<CompletableFuture<?>> closing = new ArrayList<>();
		this.readers.values().forEach((reader) -> closing.add(reader.close()));
		Backend current = this.open;
		if (current != null) {
			closing.add(current.close());
		}
		if (!Schedulers.isInNonBlockingThread()) {
			await(closing, "Closing the Redis connections");
		}
	}

	private static void await(List<CompletableFuture<?>> futures, String what) {
		try {
			CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
				.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug(what + " of the Socket.IO streams adapter: " + ex);
		}
	}

	/**
	 * The loop that reads one stream, and what it has read; its state is touched in its
	 * turns only ({@link SerialExecutor}), but for the volatile fields.
	 */
	private final class Reader {

		final String stream;

		final Consumer<StreamEntry> listener;

		final SerialExecutor turns = new SerialExecutor();

		final List<Waiter> waiters = new ArrayList<>();

		volatile @Nullable Pinned pinned;

		volatile @Nullable String lastId;

		/** Whether a command or a connection is awaited, or a retry is scheduled. */
		boolean busy;

		/**
		 * Bumped when the connection is replaced: what the old one answers is ignored.
		 */
		int generation;

		Duration delay = Duration.ZERO;

		boolean failing;

		boolean stopped;

		Reader(String stream, Consumer<StreamEntry> listener) {
			this.stream = stream;
			this.listener = listener;
		}

		void start() {
			this.turns.execute(this::next);
		}

		/** Sends the next command of the loop, unless one is awaited. */
		private void next() {
			Backend current = LettuceStreamTransport.this.open;
			if (this.stopped || LettuceStreamTransport.this.closed || this.busy || current == null) {
				return;
			}
			Pinned connection = this.pinned;
			if (connection != null && !current.isPlaced(this.stream, connection)) {
				replace(connection);
				connection = null;
			}
			this.busy = true;
			int turn = this.generation;
			if (connection == null) {
				current.openReader(this.stream)
					.whenComplete((opened, error) -> this.turns.execute(() -> onOpened(turn, opened, error)));
				return;
			}
			RedisClusterAsyncCommands<String, byte[]> commands = connection.connection().async();
			String from = this.lastId;
			if (from == null) {
				commands.xrevrange(this.stream, Range.unbounded(), Limit.from(1))
					.whenComplete((last, error) -> this.turns.execute(() -> onEnd(turn, last, error)));
				return;
			}
			long block = this.blockTime(connection.connection());
			commands
				.xread(XReadArgs.Builder.count(LettuceStreamTransport.this.readCount).block(block),
						XReadArgs.StreamOffset.from(this.stream, from))
				.whenComplete((read, error) -> this.turns.execute(() -> onRead(turn, read, error)));
		}

		/**
		 * The block time, below the connection's command timeout so that Lettuce does not
		 * take a read that waits for entries for one that timed out.
		 */
		private long blockTime(StatefulRedisConnection<String, byte[]> connection) {
			long block = LettuceStreamTransport.this.blockTime.toMillis();
			Duration timeout = connection.getTimeout();
			if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
				block = Math.min(block, Math.max(1, timeout.toMillis() / 2));
			}
			return block;
		}

		private void onOpened(int turn, @Nullable Pinned opened, @Nullable Throwable error) {
			if (turn != this.generation || this.stopped || LettuceStreamTransport.this.closed) {
				if (opened != null) {
					opened.connection().closeAsync();
				}
				return;
			}
			this.busy = false;
			if (error != null || opened == null) {
				failed(error);
				return;
			}
			this.pinned = opened;
			next();
		}

		private void onEnd(int turn, @Nullable List<StreamMessage<String, byte[]>> last, @Nullable Throwable error) {
			if (turn != this.generation) {
				return;
			}
			this.busy = false;
			if (error != null || last == null) {
				failed(error);
				return;
			}
			this.lastId = last.isEmpty() ? "0-0" : last.get(0).getId();
			releaseWaiters();
			next();
		}

		private void onRead(int turn, @Nullable List<StreamMessage<String, byte[]>> read, @Nullable Throwable error) {
			if (turn != this.generation) {
				return;
			}
			this.busy = false;
			if (error != null || read == null) {
				failed(error);
				return;
			}
			if (this.failing) {
				this.failing = false;
				logger.info("Socket.IO streams adapter reads the Redis stream " + this.stream + " again");
			}
			this.delay = Duration.ZERO;
			for (StreamMessage<String, byte[]> message : read) {
				try {
					this.listener.accept(entry(message));
				}
				catch (RuntimeException ex) {
					logger.warn("An entry of the Redis stream " + this.stream + " could not be handled: " + ex);
				}
				this.lastId = message.getId();
			}
			releaseWaiters();
			next();
		}

		private void failed(@Nullable Throwable error) {
			if (this.stopped || LettuceStreamTransport.this.closed) {
				return;
			}
			if (!this.failing) {
				this.failing = true;
				logger.warn("Socket.IO streams adapter cannot read the Redis stream " + this.stream
						+ " (retrying, then resuming after entry " + this.lastId + "): " + error);
			}
			else {
				logger.debug("Reading the Redis stream " + this.stream + " failed again: " + error);
			}
			Backend current = LettuceStreamTransport.this.open;
			Pinned connection = this.pinned;
			if (current != null && connection != null) {
				current.readFailed(connection);
			}
			this.delay = this.delay.isZero() ? FIRST_RETRY
					: (this.delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : this.delay.multipliedBy(2));
			this.busy = true;
			int turn = this.generation;
			Schedulers.parallel().schedule(() -> this.turns.execute(() -> {
				if (turn == this.generation) {
					this.busy = false;
					next();
				}
			}), this.delay.toMillis(), TimeUnit.MILLISECONDS);
		}

		/** Drops a connection that is no longer where the stream is. */
		private void replace(Pinned connection) {
			this.generation++;
			this.busy = false;
			this.pinned = null;
			connection.connection().closeAsync();
		}

		/** Moves the loop to where the stream now is, if it moved. */
		void placeAgain() {
			this.turns.execute(() -> {
				Backend current = LettuceStreamTransport.this.open;
				Pinned connection = this.pinned;
				if (current != null && connection != null && !current.isPlaced(this.stream, connection)) {
					logger.info("Socket.IO streams adapter moves its reading of " + this.stream + " off "
							+ connection.node());
					replace(connection);
					next();
				}
				else if (connection == null && !this.busy) {
					next();
				}
			});
		}

		boolean isPlaced(Backend backend) {
			Pinned connection = this.pinned;
			return connection != null && connection.connection().isOpen() && backend.isPlaced(this.stream, connection);
		}

		void awaitPast(String id, MonoSink<Void> sink) {
			this.turns.execute(() -> {
				String last = this.lastId;
				if (last != null && StreamEntry.compareIds(last, id) >= 0) {
					sink.success();
					return;
				}
				Waiter waiter = new Waiter(id, sink);
				this.waiters.add(waiter);
				sink.onDispose(() -> this.turns.execute(() -> this.waiters.remove(waiter)));
			});
		}

		private void releaseWaiters() {
			String last = this.lastId;
			if (last == null || this.waiters.isEmpty()) {
				return;
			}
			for (Waiter waiter : List.copyOf(this.waiters)) {
				if (StreamEntry.compareIds(last, waiter.id()) >= 0) {
					this.waiters.remove(waiter);
					waiter.sink().success();
				}
			}
		}

		CompletableFuture<?> close() {
			CompletableFuture<Void> closed = new CompletableFuture<>();
			this.turns.execute(() -> {
				this.stopped = true;
				this.generation++;
				this.waiters.forEach((waiter) -> waiter.sink().error(new IllegalStateException("Transport closed")));
				this.waiters.clear();
				Pinned connection = this.pinned;
				this.pinned = null;
				if (connection == null) {
					closed.complete(null);
					return;
				}
				connection.connection().closeAsync().whenComplete((done, error) -> closed.complete(null));
			});
			return closed;
		}

		boolean owns(RedisChannelHandler<?, ?> connection) {
			Pinned current = this.pinned;
			return current != null && current.connection() == connection;
		}

	}

	private record Waiter(String id, MonoSink<Void> sink) {
	}

	/**
	 * A reading connection, and the node it is pinned to ({@code null} on a standalone
	 * Redis).
	 */
	private record Pinned(StatefulRedisConnection<String, byte[]> connection, @Nullable String node) {
	}

	/**
	 * Where the commands go and the reading connections open.
	 */
	private sealed interface Backend permits StandaloneBackend, ClusterBackend {

		void attach(LettuceStreamTransport transport);

		/**
		 * Returns the commands for a key.
		 * @throws RedisUnavailableException at once when its node is known to be lost
		 */
		RedisClusterAsyncCommands<String, byte[]> commands(String key);

		CompletableFuture<Pinned> openReader(String stream);

		boolean isPlaced(String stream, Pinned connection);

		void readFailed(Pinned connection);

		boolean isConnected();

		CompletableFuture<Void> close();

	}

	/**
	 * One standalone Redis, or the master Sentinel names: Lettuce reconnects every
	 * connection by itself.
	 */
	private static final class StandaloneBackend implements Backend {

		private final RedisClient client;

		private final StatefulRedisConnection<String, byte[]> commands;

		StandaloneBackend(RedisClient client) {
			this.client = client;
			this.commands = client.connect(LettucePubSubTransport.CODEC);
		}

		@Override
		public void attach(LettuceStreamTransport transport) {
		}

		@Override
		public RedisClusterAsyncCommands<String, byte[]> commands(String key) {
			if (!this.commands.isOpen()) {
				throw new RedisUnavailableException("Redis is not reachable: cross-server operations are unavailable");
			}
			return this.commands.async();
		}

		@Override
		public CompletableFuture<Pinned> openReader(String stream) {
			return Mono.fromCallable(() -> new Pinned(this.client.connect(LettucePubSubTransport.CODEC), null))
				.subscribeOn(Schedulers.boundedElastic())
				.toFuture();
		}

		@Override
		public boolean isPlaced(String stream, Pinned connection) {
			return true;
		}

		@Override
		public void readFailed(Pinned connection) {
		}

		@Override
		public boolean isConnected() {
			return this.commands.isOpen();
		}

		@Override
		public CompletableFuture<Void> close() {
			return this.commands.closeAsync();
		}

	}

	/**
	 * A Redis Cluster: commands routed by Lettuce's cluster connection, each reading
	 * connection pinned to the master that owns its stream's key and moved when the view
	 * of the cluster says the key moved.
	 */
	private static final class ClusterBackend
			implements Backend, RedisClusterConnections.Participant, RedisConnectionStateListener {

		private final RedisClusterConnections cluster;

		private volatile @Nullable LettuceStreamTransport transport;

		ClusterBackend(RedisClusterConnections cluster) {
			this.cluster = cluster;
		}

		@Override
		public void attach(LettuceStreamTransport transport) {
			this.transport = transport;
			this.cluster.addParticipant(this);
			this.cluster.addConnectionListener(this);
		}

		@Override
		public RedisClusterAsyncCommands<String, byte[]> commands(String key) {
			ClusterTopology.Node owner = this.cluster.topology().ownerOf(key);
			if (owner == null) {
				this.cluster.refreshSoon();
				throw new RedisUnavailableException("No Redis Cluster master serves the slot of " + key
						+ " now: cross-server operations that need it are unavailable until one does");
			}
			// fails at once when the master is known to be lost
			this.cluster.openConnection(owner);
			return this.cluster.commands().async();
		}

		@Override
		public CompletableFuture<Pinned> openReader(String stream) {
			ClusterTopology.Node owner = this.cluster.topology().ownerOf(stream);
			if (owner == null || owner.failing()) {
				this.cluster.refreshSoon();
				return CompletableFuture.failedFuture(new RedisUnavailableException(
						"No working Redis Cluster master serves the slot of the stream " + stream + " now"));
			}
			return this.cluster.connect(owner, LettucePubSubTransport.CODEC).handle((connection, error) -> {
				if (error != null) {
					this.cluster.suspect(owner);
					throw new RedisUnavailableException("Cannot reach the Redis Cluster master " + owner.key()
							+ " of the stream " + stream + ": " + error.getMessage());
				}
				return new Pinned(connection, owner.key());
			});
		}

		@Override
		public boolean isPlaced(String stream, Pinned connection) {
			ClusterTopology.Node owner = this.cluster.topology().ownerOf(stream);
			return owner == null || owner.failing() || owner.key().equals(connection.node());
		}

		@Override
		public void readFailed(Pinned connection) {
			this.cluster.refreshSoon();
		}

		@Override
		public void onTopology(ClusterTopology topology) {
			LettuceStreamTransport current = this.transport;
			if (current != null) {
				current.readers.values().forEach(Reader::placeAgain);
			}
		}

		@Override
		public boolean isSettled() {
			LettuceStreamTransport current = this.transport;
			if (current == null) {
				return true;
			}
			for (Reader reader : current.readers.values()) {
				if (!reader.isPlaced(this)) {
					return false;
				}
			}
			return true;
		}

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
			Pinned pinned = find(connection);
			if (pinned != null && pinned.node() != null) {
				ClusterTopology.Node node = this.cluster.topology().master(pinned.node());
				if (node != null) {
					this.cluster.reached(node);
				}
			}
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			Pinned pinned = find(connection);
			if (pinned == null || pinned.node() == null) {
				return;
			}
			ClusterTopology.Node node = this.cluster.topology().master(pinned.node());
			if (node != null) {
				this.cluster.suspect(node);
			}
			else {
				this.cluster.refreshSoon();
			}
		}

		private @Nullable Pinned find(RedisChannelHandler<?, ?> connection) {
			LettuceStreamTransport current = this.transport;
			if (current == null) {
				return null;
			}
			for (Reader reader : current.readers.values()) {
				if (reader.owns(connection)) {
					return reader.pinned;
				}
			}
			return null;
		}

		@Override
		public boolean isConnected() {
			return this.cluster.topology().isHealthy();
		}

		@Override
		public CompletableFuture<Void> close() {
			this.cluster.removeConnectionListener(this);
			return this.cluster.close();
		}

	}

}
