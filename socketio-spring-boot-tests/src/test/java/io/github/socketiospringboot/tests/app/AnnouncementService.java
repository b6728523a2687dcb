package io.github.socketiospringboot.tests.app;

import java.time.Duration;
import java.util.List;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.BroadcastOperations;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * An application service that broadcasts through the injected
 * {@link BroadcastOperations}.
 */
@Service
public class AnnouncementService {

	private final BroadcastOperations broadcast;

	public AnnouncementService(BroadcastOperations broadcast) {
		this.broadcast = broadcast;
	}

	/**
	 * Sends an announcement to every client of the main namespace.
	 * @param text the text
	 */
	public void announce(String text) {
		this.broadcast.emit("announcement", text);
	}

	/**
	 * Sends an announcement to one room of {@code /rooms}.
	 * @param room the room
	 * @param text the text
	 */
	public void announce(String room, String text) {
		this.broadcast.namespace("/rooms").to(room).emit("announcement", text);
	}

	/**
	 * Asks every client of a room of {@code /rooms} a question.
	 * @param room the room
	 * @param question the question
	 * @param timeout how long to wait for the answers
	 * @return the answers
	 */
	public Mono<List<Ack>> poll(String room, String question, Duration timeout) {
		return this.broadcast.namespace("/rooms").to(room).timeout(timeout).emitWithAck("poll", question);
	}

}
