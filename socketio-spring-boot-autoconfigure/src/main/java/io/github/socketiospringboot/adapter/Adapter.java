package io.github.socketiospringboot.adapter;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The rooms and broadcasts of one namespace. The default, {@link InMemoryAdapter}, serves
 * one server; a cluster adapter extends it so that broadcasts, room changes and queries
 * reach every server of the cluster, while {@link BroadcastFlags#local()} operations stay
 * on this one.
 *
 * <p>
 * Every method may be called from any thread and must not block.
 */
public interface Adapter {

	/**
	 * Starts the adapter (subscriptions of a cluster adapter).
	 * @return completes when the adapter is ready
	 */
	default Mono<Void> init() {
		return Mono.empty();
	}

	/**
	 * Stops the adapter.
	 * @return completes when the adapter has stopped
	 */
	default Mono<Void> close() {
		return Mono.empty();
	}

	/**
	 * Adds a local socket to rooms.
	 * @param socketId the socket id
	 * @param rooms the rooms
	 */
	void addAll(String socketId, Set<String> rooms);

	/**
	 * Removes a local socket from a room.
	 * @param socketId the socket id
	 * @param room the room
	 */
	void del(String socketId, String room);

	/**
	 * Removes a local socket from every room.
	 * @param socketId the socket id
	 */
	void delAll(String socketId);

	/**
	 * Returns the rooms of a local socket.
	 * @param socketId the socket id
	 * @return the rooms (empty when the socket is unknown)
	 */
	Set<String> socketRooms(String socketId);

	/**
	 * Returns the local sockets in any of the rooms, or all of them when {@code rooms} is
	 * empty.
	 * @param rooms the rooms
	 * @return the socket ids
	 */
	Set<String> sockets(Set<String> rooms);

	/**
	 * Returns the local rooms and their members.
	 * @return a snapshot of the rooms
	 */
	Map<String, Set<String>> rooms();

	/**
	 * Sends a broadcast; the recipients on this server are named to the namespace, which
	 * writes to them ({@link AdapterHost#deliver}).
	 * @param message the message
	 * @param options its targets and flags
	 */
	void broadcast(BroadcastMessage message, BroadcastOptions options);

	/**
	 * Sends a broadcast whose every recipient answers; the message carries the
	 * acknowledgement id.
	 * @param message the message
	 * @param options its targets and flags
	 * @param collector receives the recipient counts and the answers
	 */
	void broadcastWithAck(BroadcastMessage message, BroadcastOptions options, AckCollector collector);

	/**
	 * Returns the number of servers a broadcast reaches (1 for a single server).
	 * @return the server count
	 */
	default Mono<Integer> serverCount() {
		return Mono.just(1);
	}

	/**
	 * Finds the sockets a broadcast with these options would reach.
	 * @param options the targets
	 * @return the sockets, local and remote
	 */
	Mono<List<SocketDetails>> fetchSockets(BroadcastOptions options);

	/**
	 * Makes the targeted sockets join rooms.
	 * @param options the targets
	 * @param rooms the rooms
	 */
	void addSockets(BroadcastOptions options, Set<String> rooms);

	/**
	 * Makes the targeted sockets leave rooms.
	 * @param options the targets
	 * @param rooms the rooms
	 */
	void delSockets(BroadcastOptions options, Set<String> rooms);

	/**
	 * Disconnects the targeted sockets.
	 * @param options the targets
	 * @param close whether their connections close too
	 */
	void disconnectSockets(BroadcastOptions options, boolean close);

	/**
	 * Sends an event to the other servers of the cluster; a single server has none, so
	 * this does nothing.
	 * @param event the event name
	 * @param args the arguments
	 */
	default void serverSideEmit(String event, Object[] args) {
	}

	/**
	 * Sends an event to the other servers and collects one answer from each.
	 * @param event the event name
	 * @param args the arguments
	 * @param timeoutMillis how long to wait for the answers
	 * @return the answers; empty at once for a single server
	 */
	default Mono<List<JsonNode>> serverSideEmitWithAck(String event, Object[] args, long timeoutMillis) {
		return Mono.just(List.of());
	}

	/**
	 * Returns every room of the namespace across the cluster.
	 * @return the room names
	 */
	default Mono<Set<String>> allRooms() {
		return Mono.fromSupplier(() -> Set.copyOf(rooms().keySet()));
	}

	/**
	 * Tells whether this adapter keeps sessions and the packets they may miss, so that
	 * {@link #restoreSession} can give a session back (connection state recovery). When
	 * it does and recovery is enabled, the namespace gives each socket a private session
	 * id, calls {@link #persistSession} when a socket loses its connection, sends even a
	 * socket's own events ({@code socket.emit}) through {@link #broadcast} to the room of
	 * the socket's id so that they are stored too, and brings restored sockets back with
	 * {@link #rejoin}.
	 * @return {@code false} unless overridden
	 */
	default boolean restoresSessions() {
		return false;
	}

	/**
	 * Saves the session of a client that lost its connection, so that a server of the
	 * cluster can restore it when the client comes back (connection state recovery). An
	 * adapter without such a store does nothing.
	 * @param session the session
	 */
	default void persistSession(PersistedSession session) {
	}

	/**
	 * Restores a session saved by {@link #persistSession}, with the packets its client
	 * missed after the given offset.
	 * @param pid the private session id the client sent back
	 * @param offset the offset of the last packet the client received
	 * @return the session, or empty when it cannot be restored (unknown, expired, or the
	 * offset is no longer known)
	 */
	default Mono<RestoredSession> restoreSession(String pid, String offset) {
		return Mono.empty();
	}

	/**
	 * Puts a restored socket back in its rooms once it is let in, and has the namespace
	 * connect it. {@code connect} writes the CONNECT answer and the packets the client
	 * missed, in order; it receives the packets stored since {@code since}, the offset of
	 * the last packet {@link #restoreSession} returned (or the client's offset when it
	 * returned none), that the socket would have received in its rooms: those broadcast
	 * between the restore and now. An adapter that stores broadcasts runs the joining and
	 * {@code connect} so that no stored broadcast comes between them: every stored packet
	 * then reaches the socket exactly once, either among the missed ones or afterwards,
	 * and in order. The default joins the rooms and connects with no further packet.
	 * @param socketId the socket id
	 * @param rooms the rooms of the restored session (the socket's id among them)
	 * @param since the offset after which packets are handed to {@code connect}
	 * @param connect writes the CONNECT answer, then the missed packets, then the given
	 * ones ({@code [event, ...args, offset]} each)
	 */
	default void rejoin(String socketId, Set<String> rooms, String since, Consumer<List<ArrayNode>> connect) {
		addAll(socketId, rooms);
		connect.accept(List.of());
	}

	/**
	 * Registers a listener of room creations, deletions, joins and leaves on this server.
	 * @param listener the listener
	 */
	void addRoomListener(RoomListener listener);

	/**
	 * Receives the room events of a namespace on this server. Called on the thread that
	 * changed the rooms; must not block.
	 */
	@FunctionalInterface
	public interface RoomListener {

		/**
		 * Called for each room event.
		 * @param event the event
		 */
		void onRoomEvent(RoomEvent event);

	}

}
