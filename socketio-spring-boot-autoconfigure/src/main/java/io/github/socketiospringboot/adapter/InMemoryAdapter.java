package io.github.socketiospringboot.adapter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.socketiospringboot.adapter.Adapter.RoomListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;

/**
 * The rooms of one namespace on one server, and broadcasts to its local sockets: it finds
 * the recipients, and the namespace ({@link AdapterHost#deliver}) writes the packet,
 * encoded once, to every one of them.
 *
 * <p>
 * With connection state recovery enabled it also keeps the sessions of the clients that
 * lost their connection and the event packets it broadcasts without acknowledgement and
 * without the volatile flag, each under an offset appended to its arguments, so that a
 * client coming back within the maximum disconnection duration gets what it missed.
 */
public class InMemoryAdapter implements Adapter {

	private static final Log logger = LogFactory.getLog(InMemoryAdapter.class);

	/**
	 * The size up to which the members of a room a broadcast leaves out are checked in
	 * place, one by one, rather than copied into a hash set.
	 */
	private static final int EXCEPT_AS_IS = 4;

	private final AdapterHost namespace;

	/**
	 * The members of each room, with their local sockets, resolved when they join, so
	 * that a broadcast to a room walks its sockets rather than looking each id up.
	 */
	private final Map<String, RoomMembers> rooms = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> sids = new ConcurrentHashMap<>();

	/**
	 * The local sockets of {@link #sids}, resolved when they first join, so that a
	 * broadcast to everyone walks sockets rather than looking each id up.
	 */
	private final Map<String, LocalSocket> locals = new ConcurrentHashMap<>();

	private final List<RoomListener> roomListeners = new CopyOnWriteArrayList<>();

	/**
	 * The sessions and stored packets, when connection state recovery is enabled and this
	 * adapter keeps them; else {@code null}, and broadcasts cost nothing more.
	 */
	private final @Nullable SessionStore sessions;

	/**
	 * Creates the adapter of a namespace, which keeps sessions and packets when the
	 * namespace's server enables connection state recovery.
	 * @param namespace the namespace
	 */
	public InMemoryAdapter(AdapterHost namespace) {
		this(namespace, true);
	}

	/**
	 * Creates the adapter of a namespace.
	 * @param namespace the namespace
	 * @param keepsSessions whether this adapter keeps sessions and packets in memory when
	 * the namespace's server enables connection state recovery (a cluster adapter keeps
	 * them elsewhere, or not at all)
	 */
	protected InMemoryAdapter(AdapterHost namespace, boolean keepsSessions) {
		this.namespace = namespace;
		ConnectionStateRecovery recovery = namespace.connectionStateRecovery();
		this.sessions = (keepsSessions && recovery.enabled()) ? new SessionStore(namespace, recovery) : null;
	}

	@Override
	public Mono<Void> init() {
		SessionStore store = this.sessions;
		if (store != null) {
			store.start();
		}
		return Mono.empty();
	}

	@Override
	public Mono<Void> close() {
		SessionStore store = this.sessions;
		if (store != null) {
			store.close();
		}
		return Mono.empty();
	}

	@Override
	public boolean restoresSessions() {
		return this.sessions != null;
	}

	@Override
	public void persistSession(PersistedSession session) {
		SessionStore store = this.sessions;
		if (store != null) {
			store.persist(session);
		}
	}

	@Override
	public Mono<RestoredSession> restoreSession(String pid, String offset) {
		SessionStore store = this.sessions;
		if (store == null) {
			return Mono.empty();
		}
		return Mono.justOrEmpty(store.restore(pid, offset));
	}

	@Override
	public void rejoin(String socketId, Set<String> rooms, String since, Consumer<List<ArrayNode>> connect) {
		SessionStore store = this.sessions;
		if (store == null) {
			Adapter.super.rejoin(socketId, rooms, since, connect);
			return;
		}
		store.rejoin(() -> addAll(socketId, rooms), rooms, since, connect);
	}

	/**
	 * Returns the number of packets kept for connection state recovery.
	 * @return the count; 0 when this adapter keeps none
	 */
	public int storedPacketCount() {
		SessionStore store = this.sessions;
		return (store != null) ? store.packetCount() : 0;
	}

	/**
	 * Returns the number of sessions kept for connection state recovery.
	 * @return the count; 0 when this adapter keeps none
	 */
	public int storedSessionCount() {
		SessionStore store = this.sessions;
		return (store != null) ? store.sessionCount() : 0;
	}

	/**
	 * Returns the namespace this adapter serves.
	 * @return the namespace
	 */
	protected AdapterHost namespace() {
		return this.namespace;
	}

	@Override
	public void addRoomListener(RoomListener listener) {
		this.roomListeners.add(listener);
	}

	private void fire(RoomEvent.Type type, String room, String socketId) {
		if (this.roomListeners.isEmpty()) {
			return;
		}
		RoomEvent event = new RoomEvent(type, room,
				(type == RoomEvent.Type.JOIN_ROOM || type == RoomEvent.Type.LEAVE_ROOM) ? socketId : null);
		for (RoomListener listener : this.roomListeners) {
			try {
				listener.onRoomEvent(event);
			}
			catch (RuntimeException ex) {
				logger.error("Room listener failed on " + event, ex);
			}
		}
	}

	@Override
	public void addAll(String socketId, Set<String> rooms) {
		// the socket as it is now: a recovered session's socket takes over its id
		LocalSocket socket = this.namespace.localSocket(socketId);
		if (socket != null && this.locals.get(socketId) != socket) {
			this.locals.put(socketId, socket);
		}
		this.sids.putIfAbsent(socketId, Set.of());
		for (String room : rooms) {
			this.sids.compute(socketId, (id, joined) -> SmallSet.plus(joined, room));
			Change change = new Change();
			this.rooms.compute(room, (name, members) -> {
				change.created = (members == null);
				change.happened = (members == null) || !members.contains(socketId);
				return RoomMembers.plus(members, socketId, socket);
			});
			if (change.created) {
				fire(RoomEvent.Type.CREATE_ROOM, room, socketId);
			}
			if (change.happened) {
				fire(RoomEvent.Type.JOIN_ROOM, room, socketId);
			}
		}
	}

	@Override
	public void del(String socketId, String room) {
		this.sids.computeIfPresent(socketId, (id, joined) -> {
			Set<String> next = SmallSet.minus(joined, room);
			// a socket keeps its entry while it has no room left
			return (next != null) ? next : Set.of();
		});
		removeFromRoom(socketId, room);
	}

	private void removeFromRoom(String socketId, String room) {
		Change change = new Change();
		this.rooms.computeIfPresent(room, (name, members) -> {
			if (!members.contains(socketId)) {
				return members;
			}
			change.happened = true;
			RoomMembers next = RoomMembers.minus(members, socketId);
			change.deleted = (next == null);
			return next;
		});
		if (change.happened) {
			fire(RoomEvent.Type.LEAVE_ROOM, room, socketId);
		}
		if (change.deleted) {
			fire(RoomEvent.Type.DELETE_ROOM, room, socketId);
		}
	}

	@Override
	public void delAll(String socketId) {
		Set<String> joined = this.sids.remove(socketId);
		this.locals.remove(socketId);
		if (joined != null) {
			for (String room : joined) {
				removeFromRoom(socketId, room);
			}
		}
	}

	@Override
	public Set<String> socketRooms(String socketId) {
		Set<String> joined = this.sids.get(socketId);
		return (joined != null) ? Collections.unmodifiableSet(new LinkedHashSet<>(joined)) : Set.of();
	}

	@Override
	public Set<String> sockets(Set<String> rooms) {
		Set<String> ids = new HashSet<>();
		if (rooms.isEmpty()) {
			ids.addAll(this.sids.keySet());
		}
		else {
			for (String room : rooms) {
				RoomMembers members = this.rooms.get(room);
				if (members != null) {
					ids.addAll(members);
				}
			}
		}
		return ids;
	}

	@Override
	public Map<String, Set<String>> rooms() {
		Map<String, Set<String>> copy = new HashMap<>();
		this.rooms.forEach((room, members) -> copy.put(room, Set.copyOf(members)));
		return copy;
	}

	/**
	 * Tells whether a room has members on this server.
	 * @param room the room
	 * @return whether it exists here
	 */
	protected boolean hasRoom(String room) {
		return this.rooms.containsKey(room);
	}

	/**
	 * Calls {@code action} once for each local socket the options target, in no
	 * particular order.
	 * @param options the targets
	 * @param action what to do with each socket
	 */
	protected void apply(BroadcastOptions options, Consumer<LocalSocket> action) {
		Set<String> except = exceptIds(options.except());
		if (options.rooms().isEmpty() && this.locals.size() == this.sids.size()) {
			for (Map.Entry<String, LocalSocket> entry : this.locals.entrySet()) {
				if (except.isEmpty() || !except.contains(entry.getKey())) {
					action.accept(entry.getValue());
				}
			}
			return;
		}
		if (options.rooms().isEmpty()) {
			for (String id : this.sids.keySet()) {
				if (except.isEmpty() || !except.contains(id)) {
					LocalSocket socket = this.namespace.localSocket(id);
					if (socket != null) {
						action.accept(socket);
					}
				}
			}
			return;
		}
		Set<String> seen = (options.rooms().size() > 1) ? new HashSet<>() : null;
		for (String room : options.rooms()) {
			RoomMembers members = this.rooms.get(room);
			if (members != null) {
				members.forEachSocket(this.namespace, except, seen, action);
			}
		}
	}

	/**
	 * The ids of the members of {@code exceptRooms}: the members of one room as they are
	 * (a socket's own room, mostly), a copy for several.
	 */
	private Set<String> exceptIds(Set<String> exceptRooms) {
		if (exceptRooms.isEmpty()) {
			return Set.of();
		}
		if (exceptRooms.size() == 1) {
			for (String room : exceptRooms) {
				RoomMembers members = this.rooms.get(room);
				if (members == null) {
					return Set.of();
				}
				if (members.checksQuickly(EXCEPT_AS_IS)) {
					return members;
				}
			}
		}
		Set<String> ids = new HashSet<>();
		for (String room : exceptRooms) {
			RoomMembers members = this.rooms.get(room);
			if (members != null) {
				ids.addAll(members);
			}
		}
		return ids;
	}

	/** What a change of the room map did, for the events fired after it. */
	private static final class Change {

		boolean created;

		boolean happened;

		boolean deleted;

	}

	@Override
	public void broadcast(BroadcastMessage message, BroadcastOptions options) {
		SessionStore store = this.sessions;
		if (store != null && message.ackId() == BroadcastMessage.NO_ACK && !options.flags().isVolatile()) {
			// stored, with its offset appended, and delivered in the order of the offsets
			store.broadcast(message, options,
					() -> this.namespace.deliver(message, options.flags(), (recipient) -> apply(options, recipient)));
			return;
		}
		this.namespace.deliver(message, options.flags(), (recipient) -> apply(options, recipient));
	}

	@Override
	public void broadcastWithAck(BroadcastMessage message, BroadcastOptions options, AckCollector collector) {
		long ackId = message.ackId();
		List<LocalSocket> recipients = new ArrayList<>();
		apply(options, (socket) -> {
			// not a socket that is not connected yet (restored, back in its rooms a
			// moment
			// before): it would be counted and never answer
			if (socket.connected()) {
				recipients.add(socket);
			}
		});
		for (LocalSocket socket : recipients) {
			String id = socket.id();
			socket.expectAck(ackId, (args) -> collector.onAck(id, args));
		}
		collector.onLocalRecipients(recipients);
		collector.onClientCount(recipients.size());
		this.namespace.deliver(message, options.flags(), recipients::forEach);
	}

	@Override
	public Mono<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
		return Mono.fromSupplier(() -> {
			List<SocketDetails> found = new ArrayList<>();
			apply(options, (socket) -> {
				Set<String> joined = socketRooms(socket.id());
				if (inNamespace(socket, joined)) {
					found.add(new SocketDetails(socket.id(), joined, null, null, socket, null));
				}
			});
			return found;
		});
	}

	/**
	 * Tells whether a socket found in a room is one that {@code fetchSockets()} shows: a
	 * connected socket, whose rooms (its own at least) are all still recorded; not one
	 * being restored, nor one half-way through leaving its rooms.
	 * @param socket the socket
	 * @param rooms its rooms, as this adapter records them
	 * @return whether to show it
	 */
	protected static boolean inNamespace(LocalSocket socket, Set<String> rooms) {
		return socket.connected() && rooms.contains(socket.id());
	}

	@Override
	public void addSockets(BroadcastOptions options, Set<String> rooms) {
		List<LocalSocket> targets = new ArrayList<>();
		apply(options, targets::add);
		targets.forEach((socket) -> socket.join(rooms));
	}

	@Override
	public void delSockets(BroadcastOptions options, Set<String> rooms) {
		List<LocalSocket> targets = new ArrayList<>();
		apply(options, targets::add);
		targets.forEach((socket) -> rooms.forEach(socket::leave));
	}

	@Override
	public void disconnectSockets(BroadcastOptions options, boolean close) {
		List<LocalSocket> targets = new ArrayList<>();
		apply(options, targets::add);
		targets.forEach((socket) -> socket.disconnect(close));
	}

}
