package io.github.socketiospringboot.server;

import java.util.Set;

import io.github.socketiospringboot.adapter.Adapter;
import io.github.socketiospringboot.broadcast.BroadcastOperator;

/**
 * The rooms of a namespace's sockets, kept by its adapter, and the broadcasts a socket
 * makes to them, which leave the socket itself out. One per namespace, as it holds
 * nothing of a socket's own.
 */
final class SocketRooms {

	private final Namespace namespace;

	SocketRooms(Namespace namespace) {
		this.namespace = namespace;
	}

	Set<String> rooms(DefaultSocket socket) {
		return this.namespace.adapter().socketRooms(socket.id());
	}

	void join(DefaultSocket socket, Set<String> rooms) {
		// a socket that has started to leave its rooms joins nothing more
		SocketLifecycle lifecycle = socket.lifecycle();
		if (lifecycle.admitsRooms()) {
			Adapter adapter = this.namespace.adapter();
			adapter.addAll(socket.id(), rooms);
			// the socket may have left its rooms meanwhile (its connection ended on
			// another thread): what was added after that would stay for good. Its leave
			// marks the rooms left before removing them, so one of the two removals
			// sees what this join added. An adapter records a join in two places (the
			// socket's rooms, the room's members), and the leave can fall between them:
			// it then removes the socket's rooms before the socket is a member, so this
			// join removes from each room itself what it added
			if (lifecycle.roomsLeft()) {
				for (String room : rooms) {
					adapter.del(socket.id(), room);
				}
				adapter.delAll(socket.id());
			}
		}
	}

	void leave(DefaultSocket socket, String room) {
		this.namespace.adapter().del(socket.id(), room);
	}

	void leaveAll(DefaultSocket socket) {
		this.namespace.adapter().delAll(socket.id());
	}

	BroadcastOperator broadcast(DefaultSocket socket) {
		return this.namespace.except(socket.id());
	}

	BroadcastOperator to(DefaultSocket socket, String... rooms) {
		return this.namespace.to(rooms).except(socket.id());
	}

	BroadcastOperator except(DefaultSocket socket, String... rooms) {
		return this.namespace.except(rooms).except(socket.id());
	}

	BroadcastOperator local(DefaultSocket socket) {
		return this.namespace.local().except(socket.id());
	}

}
