package io.github.socketiospringboot.sample;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.github.socketiospringboot.annotation.OnConnect;
import io.github.socketiospringboot.annotation.OnDisconnect;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.annotation.SocketIOExceptionHandler;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.SocketIOSocket;
import jakarta.validation.Valid;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The chat: every client starts in the lobby, joins rooms, and sends messages to
 * everyone, to everyone but itself or to a room; the return value acknowledges delivery.
 */
@SocketIOController("/")
public class ChatController {

	private static final Log logger = LogFactory.getLog(ChatController.class);

	/** The room every client joins on connection. */
	public static final String LOBBY = "lobby";

	@OnConnect
	void connected(SocketIOSocket socket) {
		socket.join(LOBBY);
		socket.broadcast().emit("presence", Map.of("id", socket.id(), "online", true));
	}

	@OnEvent("join")
	Set<String> join(SocketIOSocket socket, String room) {
		socket.join(room);
		socket.to(room).emit("presence", Map.of("id", socket.id(), "room", room));
		return socket.rooms();
	}

	@OnEvent("leave")
	Set<String> leave(SocketIOSocket socket, String room) {
		socket.leave(room);
		return socket.rooms();
	}

	@OnEvent("message")
	Map<String, Object> message(SocketIOSocket socket, @Valid ChatMessage message) {
		Map<String, Object> delivered = Map.of("from", socket.id(), "text", message.text(), "at",
				Instant.now().toString());
		switch (message.to()) {
			case "others" -> socket.broadcast().emit("message", delivered);
			case "room" -> socket.namespace().to(String.valueOf(message.room())).emit("message", delivered);
			default -> socket.namespace().emit("message", delivered);
		}
		return Map.of("status", "delivered");
	}

	@OnDisconnect
	void disconnected(SocketIOSocket socket, DisconnectReason reason) {
		logger.info("Client " + socket.id() + " left: " + reason);
		socket.namespace().emit("presence", Map.of("id", socket.id(), "online", false));
	}

	@SocketIOExceptionHandler
	Map<String, String> onBadRequest(IllegalArgumentException ex) {
		return Map.of("error", String.valueOf(ex.getMessage()));
	}

}
