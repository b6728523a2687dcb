package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.socketiospringboot.adapter.BroadcastFlags;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.BroadcastOperator;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The one implementation of the broadcast methods: what a {@link BroadcastOperator}
 * targets, handed to its namespace.
 */
final class DefaultBroadcastOperator implements BroadcastOperator {

	private final Namespace namespace;

	private final Set<String> rooms;

	private final Set<String> except;

	private final BroadcastFlags flags;

	private final @Nullable Duration timeout;

	DefaultBroadcastOperator(Namespace namespace) {
		this(namespace, Set.of(), Set.of(), BroadcastFlags.DEFAULT, null);
	}

	DefaultBroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except, BroadcastFlags flags,
			@Nullable Duration timeout) {
		this.namespace = namespace;
		this.rooms = rooms;
		this.except = except;
		this.flags = flags;
		this.timeout = timeout;
	}

	/**
	 * Returns this operator: it is where its methods start.
	 * @return this operator
	 */
	@Override
	public BroadcastOperator operator() {
		return this;
	}

	private static Set<String> ordered(String[] rooms) {
		return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(rooms)));
	}

	private static Set<String> union(Set<String> current, String[] added) {
		if (current.isEmpty() && added.length == 1) {
			// the common io.to(room), socket.to(room): one room, no set to build
			return Collections.singleton(added[0]);
		}
		Set<String> merged = new LinkedHashSet<>(current);
		merged.addAll(Arrays.asList(added));
		return Collections.unmodifiableSet(merged);
	}

	/**
	 * Adds target rooms: the operation reaches the members of any of them.
	 * @param rooms the rooms
	 * @return a new operator
	 */
	@Override
	public BroadcastOperator to(String... rooms) {
		return new DefaultBroadcastOperator(this.namespace, union(this.rooms, rooms), this.except, this.flags,
				this.timeout);
	}

	/**
	 * Same as {@link #to(String...)}.
	 * @param rooms the rooms
	 * @return a new operator
	 */
	@Override
	public BroadcastOperator in(String... rooms) {
		return to(rooms);
	}

	/**
	 * Leaves out the members of rooms (a socket's id is a room holding that socket).
	 * @param rooms the rooms
	 * @return a new operator
	 */
	@Override
	public BroadcastOperator except(String... rooms) {
		return new DefaultBroadcastOperator(this.namespace, this.rooms, union(this.except, rooms), this.flags,
				this.timeout);
	}

	/**
	 * Reaches only the sockets connected to this server, whatever the adapter.
	 * @return a new operator
	 */
	@Override
	public BroadcastOperator local() {
		return new DefaultBroadcastOperator(this.namespace, this.rooms, this.except, this.flags.withLocal(),
				this.timeout);
	}

	/**
	 * Makes the packets volatile: dropped for a client that cannot take them right now.
	 * @return a new operator
	 */
	@Override
	public BroadcastOperator asVolatile() {
		return new DefaultBroadcastOperator(this.namespace, this.rooms, this.except, this.flags.withVolatile(),
				this.timeout);
	}

	/**
	 * Sets the compression hint. Accepted for compatibility with the reference API, but
	 * it has no effect: this server compresses nothing yet (no permessage-deflate, no
	 * HTTP compression). It is carried to the other servers of a cluster, where a Node
	 * server honours it.
	 * @param compress whether packets may be compressed
	 * @return a new operator
	 */
	@Override
	public BroadcastOperator compress(boolean compress) {
		return new DefaultBroadcastOperator(this.namespace, this.rooms, this.except, this.flags.withCompress(compress),
				this.timeout);
	}

	/**
	 * Sets how long {@link #emitWithAck} waits for the answers.
	 * @param timeout the timeout
	 * @return a new operator
	 */
	@Override
	public BroadcastOperator timeout(Duration timeout) {
		return new DefaultBroadcastOperator(this.namespace, this.rooms, this.except, this.flags, timeout);
	}

	/**
	 * Returns the targets and flags of this operator.
	 * @return the options
	 */
	BroadcastOptions options() {
		return new BroadcastOptions(this.rooms, this.except, this.flags);
	}

	/**
	 * Sends an event to every targeted socket, encoded once.
	 * @param event the event name
	 * @param args the arguments
	 */
	@Override
	public void emit(String event, Object... args) {
		PacketSender.checkEventName(event);
		this.namespace.broadcast(options(), event, args);
	}

	/**
	 * Sends an event to every targeted socket and collects one answer per socket.
	 * Completes when every socket answered (at once with an empty list when no socket is
	 * targeted), or errors with an
	 * {@link io.github.socketiospringboot.broadcast.AckTimeoutException} carrying the
	 * answers received so far once the timeout (the server's default when none was set)
	 * expired. The event is sent on subscription.
	 * @param event the event name
	 * @param args the arguments
	 * @return the answers, one per socket
	 */
	@Override
	public Mono<List<Ack>> emitWithAck(String event, Object... args) {
		PacketSender.checkEventName(event);
		Duration effective = (this.timeout != null) ? this.timeout
				: this.namespace.server().options().defaultAckTimeout();
		return this.namespace.broadcastWithAck(options(), effective, event, args);
	}

	/**
	 * Finds the targeted sockets.
	 * @return the sockets, on this server and (with a cluster adapter) on the others
	 */
	@Override
	public Mono<List<RemoteSocket>> fetchSockets() {
		return this.namespace.fetchSockets(options());
	}

	/**
	 * Makes the targeted sockets join rooms.
	 * @param rooms the rooms
	 */
	@Override
	public void socketsJoin(String... rooms) {
		this.namespace.socketsJoin(options(), ordered(rooms));
	}

	/**
	 * Makes the targeted sockets leave rooms.
	 * @param rooms the rooms
	 */
	@Override
	public void socketsLeave(String... rooms) {
		this.namespace.socketsLeave(options(), ordered(rooms));
	}

	/**
	 * Disconnects the targeted sockets.
	 * @param close whether their connections close too
	 */
	@Override
	public void disconnectSockets(boolean close) {
		this.namespace.disconnectSockets(options(), close);
	}

	@Override
	public String toString() {
		return "BroadcastOperator[" + this.namespace.name() + ", rooms=" + this.rooms + ", except=" + this.except + ", "
				+ this.flags + ((this.timeout != null) ? ", timeout=" + this.timeout : "") + "]";
	}

}
