package io.github.socketiospringboot.sample;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.github.socketiospringboot.broadcast.BroadcastOperations;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST endpoints that broadcast through the injected {@link BroadcastOperations}:
 * announcements, and polls that collect every participant's answer within a timeout.
 */
@RestController
@RequestMapping("/api")
public class PollController {

	private final BroadcastOperations broadcast;

	public PollController(BroadcastOperations broadcast) {
		this.broadcast = broadcast;
	}

	/**
	 * Sends an announcement to every client.
	 * @param announcement the text
	 * @return what was sent
	 */
	@PostMapping("/announcements")
	public Map<String, String> announce(@RequestBody Announcement announcement) {
		this.broadcast.emit("announcement", announcement.text());
		return Map.of("sent", announcement.text());
	}

	/**
	 * Asks every client of a room (the lobby by default) a question and returns their
	 * answers; when some do not answer in time, the answers received and the silent
	 * sockets.
	 * @param poll the question
	 * @return the results
	 */
	@PostMapping("/polls")
	public Mono<PollResult> poll(@RequestBody Poll poll) {
		String room = (poll.room() != null) ? poll.room() : ChatController.LOBBY;
		Duration timeout = Duration.ofMillis((poll.timeoutMillis() != null) ? poll.timeoutMillis() : 5000);
		return this.broadcast.to(room)
			.timeout(timeout)
			.emitWithAck("poll", poll.question())
			.map((acks) -> PollResult.of(poll.question(), acks, List.of()))
			.onErrorResume(AckTimeoutException.class,
					(ex) -> Mono.just(PollResult.of(poll.question(), ex.received(), List.copyOf(ex.missing()))));
	}

	/**
	 * An announcement.
	 *
	 * @param text the text
	 */
	public record Announcement(String text) {
	}

	/**
	 * A poll request.
	 *
	 * @param question the question
	 * @param room the room asked, the lobby by default
	 * @param timeoutMillis how long to wait for the answers, 5 s by default
	 */
	public record Poll(String question, String room, Long timeoutMillis) {
	}

	/**
	 * The answers of a poll.
	 *
	 * @param question the question
	 * @param answers each answering socket's answer
	 * @param silent the sockets that did not answer in time
	 */
	public record PollResult(String question, Map<String, String> answers, List<String> silent) {

		static PollResult of(String question, List<Ack> acks, List<String> silent) {
			Map<String, String> answers = new LinkedHashMap<>();
			for (Ack ack : acks) {
				answers.put(ack.socketId(), ack.isEmpty() ? "" : String.valueOf(ack.get(0, String.class)));
			}
			return new PollResult(question, answers, silent);
		}

	}

}
