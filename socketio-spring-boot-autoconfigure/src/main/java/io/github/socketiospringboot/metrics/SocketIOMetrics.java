package io.github.socketiospringboot.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.adapter.cluster.RequestTimeoutException;
import io.github.socketiospringboot.observe.SocketIOObserver;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.ParentNamespace;
import io.github.socketiospringboot.server.SocketIOOptions.Transport;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the {@code socketio.*} meters of a server in a Micrometer {@link MeterRegistry}:
 * an observer registered on the server ({@link SocketIOObserver}), told once per
 * occurrence, never once per recipient. Gauges read what the observer counted: a scrape
 * asks nothing of the server nor of Redis.
 *
 * <p>
 * A namespace is tagged with its name; a child of a dynamic namespace with its parent's
 * expression ({@link ParentNamespace#pattern()}'s source), or {@code dynamic} when the
 * parent decides with a {@link io.github.socketiospringboot.server.NamespaceMatcher}, so
 * that dynamic namespaces do not multiply the meters.
 */
public final class SocketIOMetrics implements SocketIOObserver {

	/** The tag value of the children of a namespace matcher. */
	public static final String DYNAMIC = "dynamic";

	private final MeterRegistry registry;

	private final Map<Transport, AtomicLong> connections = new EnumMap<>(Transport.class);

	/** The meters of each namespace, by tag. */
	private final Map<String, NamespaceMeters> byTag = new ConcurrentHashMap<>();

	/** The meters of each namespace, by namespace: one lookup per occurrence. */
	private final Map<Namespace, NamespaceMeters> byNamespace = new ConcurrentHashMap<>();

	private final Counter connectsFresh;

	private final Counter connectsRecovered;

	private final Map<DisconnectReason, Counter> disconnects = new EnumMap<>(DisconnectReason.class);

	private final Counter bytesReceived;

	private final Counter bytesSent;

	private final Counter broadcasts;

	private final DistributionSummary broadcastRecipients;

	private final Timer acksComplete;

	private final Timer acksTimeout;

	private final DistributionSummary acksMissing;

	private final Counter writeCongested;

	private final Counter writeClosed;

	private final Map<String, Counter> publicationFailures = new ConcurrentHashMap<>();

	private final Map<String, Timer> requests = new ConcurrentHashMap<>();

	private final AtomicLong servers = new AtomicLong(1);

	/**
	 * Creates the meters that do not depend on a namespace.
	 * @param registry the registry
	 */
	public SocketIOMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (Transport transport : Transport.values()) {
			AtomicLong count = new AtomicLong();
			this.connections.put(transport, count);
			Gauge.builder("socketio.connections", count, AtomicLong::get)
				.description("Open Engine.IO connections")
				.tag("transport", transport.name().toLowerCase(Locale.ROOT))
				.strongReference(true)
				.register(registry);
		}
		this.connectsFresh = connects(registry, false);
		this.connectsRecovered = connects(registry, true);
		for (DisconnectReason reason : DisconnectReason.values()) {
			this.disconnects.put(reason,
					Counter.builder("socketio.disconnects")
						.description("Sockets that left their namespace")
						.tag("reason", reason.reason())
						.register(registry));
		}
		this.bytesReceived = Counter.builder("socketio.bytes.received")
			.description("Bytes of the events received")
			.baseUnit("bytes")
			.register(registry);
		this.bytesSent = Counter.builder("socketio.bytes.sent")
			.description("Bytes of the events sent, each recipient counted")
			.baseUnit("bytes")
			.register(registry);
		this.broadcasts = Counter.builder("socketio.broadcasts")
			.description("Broadcasts delivered to this server's sockets")
			.register(registry);
		this.broadcastRecipients = DistributionSummary.builder("socketio.broadcast.recipients")
			.description("This server's recipients of each broadcast")
			.register(registry);
		this.acksComplete = acks(registry, "complete");
		this.acksTimeout = acks(registry, "timeout");
		this.acksMissing = DistributionSummary.builder("socketio.acks.missing")
			.description("Sockets that did not answer a broadcast with acknowledgements in time")
			.register(registry);
		this.writeCongested = Counter.builder("socketio.write.congested")
			.description("Times a connection went past the write-buffer limit")
			.register(registry);
		this.writeClosed = Counter.builder("socketio.write.closed")
			.description("Connections closed because their client did not read")
			.register(registry);
		Gauge.builder("socketio.adapter.servers", this.servers, AtomicLong::get)
			.description("Servers in the cluster, this one included, as last counted")
			.strongReference(true)
			.register(registry);
	}

	private static Counter connects(MeterRegistry registry, boolean recovered) {
		return Counter.builder("socketio.connects")
			.description("Sockets that joined a namespace")
			.tag("recovered", Boolean.toString(recovered))
			.register(registry);
	}

	private static Timer acks(MeterRegistry registry, String outcome) {
		return Timer.builder("socketio.acks.collections")
			.description("Collections of the acknowledgements of a broadcast")
			.tag("outcome", outcome)
			.register(registry);
	}

	/**
	 * Returns the tag of a namespace: its name, or for a child of a dynamic namespace its
	 * parent's expression, or {@value #DYNAMIC}.
	 * @param namespace the namespace
	 * @return the tag value
	 */
	public static String tag(Namespace namespace) {
		ParentNamespace parent = namespace.parent();
		if (parent == null) {
			return namespace.name();
		}
		Pattern pattern = parent.pattern();
		return (pattern != null) ? pattern.pattern() : DYNAMIC;
	}

	/**
	 * Returns the meters of a namespace; only its creation keeps it in the cache (a
	 * socket that leaves a child namespace is told after the namespace was removed, and
	 * must not keep it for good).
	 */
	private NamespaceMeters meters(Namespace namespace) {
		NamespaceMeters meters = this.byNamespace.get(namespace);
		return (meters != null) ? meters : byTag(namespace);
	}

	private NamespaceMeters byTag(Namespace namespace) {
		return this.byTag.computeIfAbsent(tag(namespace), (tag) -> new NamespaceMeters(this.registry, tag));
	}

	@Override
	public void onNamespaceCreated(Namespace namespace) {
		this.byNamespace.put(namespace, byTag(namespace));
	}

	@Override
	public void onNamespaceRemoved(Namespace namespace) {
		// the meters stay, shared by the namespaces of the same tag
		this.byNamespace.remove(namespace);
	}

	@Override
	public void onConnectionOpened(Connection connection, Transport transport) {
		this.connections.get(transport).incrementAndGet();
	}

	@Override
	public void onConnectionUpgraded(Connection connection, Transport from, Transport to) {
		this.connections.get(from).decrementAndGet();
		this.connections.get(to).incrementAndGet();
	}

	@Override
	public void onConnectionClosed(Connection connection, Transport transport, DisconnectReason reason) {
		this.connections.get(transport).decrementAndGet();
	}

	@Override
	public void onWriteCongested(Connection connection) {
		this.writeCongested.increment();
	}

	@Override
	public void onWriteBufferClose(Connection connection) {
		this.writeClosed.increment();
	}

	@Override
	public void onSocketConnected(SocketIOSocket socket, Connection connection, boolean recovered) {
		meters(socket.namespace()).sockets.incrementAndGet();
		(recovered ? this.connectsRecovered : this.connectsFresh).increment();
	}

	@Override
	public void onSocketDisconnected(SocketIOSocket socket, DisconnectReason reason) {
		meters(socket.namespace()).sockets.decrementAndGet();
		this.disconnects.get(reason).increment();
	}

	@Override
	public void onEventReceived(SocketIOSocket socket, String event, long bytes) {
		meters(socket.namespace()).eventsReceived.increment();
		this.bytesReceived.increment(bytes);
	}

	@Override
	public void onEventsSent(Namespace namespace, String event, int recipients, long bytes) {
		if (recipients > 0) {
			meters(namespace).eventsSent.increment(recipients);
			this.bytesSent.increment(bytes);
		}
	}

	@Override
	public void onBroadcast(Namespace namespace, String event, int recipients) {
		this.broadcasts.increment();
		this.broadcastRecipients.record(recipients);
	}

	@Override
	public void onAckCollection(Namespace namespace, Duration duration, boolean complete, int missing) {
		(complete ? this.acksComplete : this.acksTimeout).record(duration);
		this.acksMissing.record(missing);
	}

	@Override
	public void onPublicationFailed(ClusterMessage message, Throwable error) {
		this.publicationFailures
			.computeIfAbsent(type(message),
					(type) -> Counter.builder("socketio.adapter.publish.failures")
						.description("Messages the adapter could not publish to the other servers")
						.tag("type", type)
						.register(this.registry))
			.increment();
	}

	@Override
	public void onRequestEnded(ClusterMessage request, Duration latency, @Nullable Throwable error) {
		String outcome = (error == null) ? "complete"
				: (error instanceof RequestTimeoutException) ? "timeout" : "error";
		String type = type(request);
		this.requests
			.computeIfAbsent(type + ";" + outcome,
					(key) -> Timer.builder("socketio.adapter.requests")
						.description("Requests to the other servers of the cluster, until every answer came")
						.tag("type", type)
						.tag("outcome", outcome)
						.register(this.registry))
			.record(latency);
	}

	@Override
	public void onServerCount(String namespace, int count) {
		this.servers.set(count);
	}

	/**
	 * Returns the number of servers as last counted, this one included.
	 * @return the count, 1 until the adapter counted
	 */
	public long lastServerCount() {
		return this.servers.get();
	}

	private static String type(ClusterMessage message) {
		return message.getClass().getSimpleName();
	}

	/**
	 * The meters of the namespaces of one tag.
	 */
	private static final class NamespaceMeters {

		final AtomicLong sockets = new AtomicLong();

		final Counter eventsReceived;

		final Counter eventsSent;

		NamespaceMeters(MeterRegistry registry, String tag) {
			Gauge.builder("socketio.sockets", this.sockets, AtomicLong::get)
				.description("Connected sockets")
				.tag("namespace", tag)
				.strongReference(true)
				.register(registry);
			this.eventsReceived = Counter.builder("socketio.events.received")
				.description("Events received from clients")
				.tag("namespace", tag)
				.register(registry);
			this.eventsSent = Counter.builder("socketio.events.sent")
				.description("Events sent, each recipient counted")
				.tag("namespace", tag)
				.register(registry);
		}

	}

}
