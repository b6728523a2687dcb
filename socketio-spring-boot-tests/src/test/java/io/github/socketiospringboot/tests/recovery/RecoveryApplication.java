package io.github.socketiospringboot.tests.recovery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketiospringboot.annotation.OnConnect;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.server.SocketIOSocket;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * An application with connection state recovery enabled by its properties, whose
 * controller joins a room and sends a welcome on a first connection only.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RecoveryApplication.NewsController.class)
public class RecoveryApplication {

	/**
	 * Joins the sockets of {@code /news} to the room {@code readers} once: a recovered
	 * socket is in it already.
	 */
	@SocketIOController("/news")
	public static class NewsController {

		/** Each connection seen: the socket id and whether it was recovered. */
		final List<String> connections = new CopyOnWriteArrayList<>();

		@OnConnect
		void onConnect(SocketIOSocket socket) {
			this.connections.add(socket.id() + (socket.recovered() ? " recovered" : " new"));
			if (!socket.recovered()) {
				socket.join("readers");
				socket.emit("welcome", socket.id());
			}
		}

	}

}
