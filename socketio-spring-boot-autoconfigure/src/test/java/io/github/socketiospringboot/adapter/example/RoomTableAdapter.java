package io.github.socketiospringboot.adapter.example;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.socketiospringboot.adapter.AckCollector;
import io.github.socketiospringboot.adapter.Adapter;
import io.github.socketiospringboot.adapter.Adapter.RoomListener;
import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.adapter.LocalSocket;
import io.github.socketiospringboot.adapter.RoomEvent;
import io.github.socketiospringboot.adapter.SocketDetails;
import reactor.core.publisher.Mono;

/**
 * An adapter written from scratch against the public SPI, as one that keeps its rooms
 * elsewhere (a table, a store) would be: it keeps its own table of rooms and names each
 * broadcast's recipients to the namespace ({@link AdapterHost#deliver}), which writes to
 * them. It knows no event loop, no reference count and no engine type.
 */
public final class RoomTableAdapter implements Adapter {

	private final AdapterHost namespace;

	private final Map<String, Set<String>> members = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> roomsOf = new ConcurrentHashMap<>();

	private final List<RoomListener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates the adapter of a namespace.
	 * @param namespace the namespace
	 */
	public RoomTableAdapter(AdapterHost namespace) {
		this.namespace = namespace;
	}

	@Override
	public void broadcast(BroadcastMessage message, BroadcastOptions options) {
		this.namespace.deliver(message, options.flags(), (recipient) -> forEachTarget(options, recipient));
	}

	@Override
	public void broadcastWithAck(BroadcastMessage message, BroadcastOptions options, AckCollector collector) {
		List<LocalSocket> recipients = new ArrayList<>();
		forEachTarget(options, recipients::add);
		for (LocalSocket socket : recipients) {
			socket.expectAck(message.ackId(), (answer) -> collector.onAck(socket.id(), answer));
		}
		collector.onLocalRecipients(recipients);
		collector.onClientCount(recipients.size());
		this.namespace.deliver(message, options.flags(), recipients::forEach);
	}

	private void forEachTarget(BroadcastOptions options, Consumer<LocalSocket> action) {
		Set<String> ids = sockets(options.rooms());
		if (!options.except().isEmpty()) {
			ids.removeAll(sockets(options.except()));
		}
		for (String id : ids) {
			LocalSocket socket = this.namespace.localSocket(id);
			if (socket != null) {
				action.accept(socket);
			}
		}
	}

	@Override
	public void addAll(String socketId, Set<String> rooms) {
		for (String room : rooms) {
			this.roomsOf.computeIfAbsent(socketId, (id) -> ConcurrentHashMap.newKeySet()).add(room);
			boolean[] created = new boolean[1];
			Set<String> ids = this.members.computeIfAbsent(room, (name) -> {
				created[0] = true;
				return ConcurrentHashMap.newKeySet();
			});
			if (created[0]) {
				fire(new RoomEvent(RoomEvent.Type.CREATE_ROOM, room, null));
			}
			if (ids.add(socketId)) {
				fire(new RoomEvent(RoomEvent.Type.JOIN_ROOM, room, socketId));
			}
		}
	}

	@Override
	public void del(String socketId, String room) {
		Set<String> joined = this.roomsOf.get(socketId);
		if (joined != null) {
			joined.remove(room);
		}
		Set<String> ids = this.members.get(room);
		if (ids != null && ids.remove(socketId)) {
			fire(new RoomEvent(RoomEvent.Type.LEAVE_ROOM, room, socketId));
			if (ids.isEmpty() && this.members.remove(room, ids)) {
				fire(new RoomEvent(RoomEvent.Type.DELETE_ROOM, room, null));
			}
		}
	}

	@Override
	public void delAll(String socketId) {
		Set<String> joined = this.roomsOf.remove(socketId);
		if (joined != null) {
			joined.forEach((room) -> del(socketId, room));
		}
	}

	@Override
	public Set<String> socketRooms(String socketId) {
		return Set.copyOf(this.roomsOf.getOrDefault(socketId, Set.of()));
	}

	@Override
	public Set<String> sockets(Set<String> rooms) {
		Set<String> ids = new HashSet<>();
		if (rooms.isEmpty()) {
			ids.addAll(this.roomsOf.keySet());
		}
		for (String room : rooms) {
			ids.addAll(this.members.getOrDefault(room, Set.of()));
		}
		return ids;
	}

	@Override
	public Map<String, Set<String>> rooms() {
		Map<String, Set<String>> copy = new HashMap<>();
		this.members.forEach((room, ids) -> copy.put(room, Set.copyOf(ids)));
		return copy;
	}

	@Override
	public Mono<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
		return Mono.fromSupplier(() -> {
			List<SocketDetails> found = new ArrayList<>();
			forEachTarget(options, (socket) -> found
				.add(new SocketDetails(socket.id(), socketRooms(socket.id()), null, null, socket, null)));
			return found;
		});
	}

	@Override
	public void addSockets(BroadcastOptions options, Set<String> rooms) {
		forEachTarget(options, (socket) -> socket.join(rooms));
	}

	@Override
	public void delSockets(BroadcastOptions options, Set<String> rooms) {
		forEachTarget(options, (socket) -> rooms.forEach(socket::leave));
	}

	@Override
	public void disconnectSockets(BroadcastOptions options, boolean close) {
		forEachTarget(options, (socket) -> socket.disconnect(close));
	}

	@Override
	public void addRoomListener(RoomListener listener) {
		this.listeners.add(listener);
	}

	private void fire(RoomEvent event) {
		this.listeners.forEach((listener) -> listener.onRoomEvent(event));
	}

}
