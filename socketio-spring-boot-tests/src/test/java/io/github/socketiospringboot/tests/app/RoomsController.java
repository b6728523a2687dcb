package io.github.socketiospringboot.tests.app;

import java.util.Set;
import java.util.TreeSet;

import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.server.SocketIOSocket;

/**
 * Sockets of {@code /rooms} join the rooms they ask for.
 */
@SocketIOController("/rooms")
public class RoomsController {

	@OnEvent("join")
	Set<String> join(SocketIOSocket socket, String room) {
		socket.join(room);
		return new TreeSet<>(socket.rooms());
	}

}
