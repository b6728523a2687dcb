package io.github.socketiospringboot.tests.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.broadcast.Ack;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST endpoints that broadcast through {@link AnnouncementService}.
 */
@RestController
@RequestMapping("/api")
public class BroadcastRestController {

	private final AnnouncementService announcements;

	public BroadcastRestController(AnnouncementService announcements) {
		this.announcements = announcements;
	}

	@PostMapping("/announcements")
	Map<String, String> announce(@RequestBody Announcement announcement) {
		if (announcement.room() != null) {
			this.announcements.announce(announcement.room(), announcement.text());
		}
		else {
			this.announcements.announce(announcement.text());
		}
		return Map.of("sent", announcement.text());
	}

	@PostMapping("/polls")
	Mono<List<Ack>> poll(@RequestBody Poll poll) {
		return this.announcements.poll(poll.room(), poll.question(), Duration.ofMillis(poll.timeoutMillis()));
	}

	/**
	 * An announcement.
	 *
	 * @param text the text
	 * @param room the room of {@code /rooms}, or every client of {@code /}
	 */
	public record Announcement(String text, @Nullable String room) {

	}

	/**
	 * A poll.
	 *
	 * @param room the room of {@code /rooms}
	 * @param question the question
	 * @param timeoutMillis how long to wait
	 */
	public record Poll(String room, String question, long timeoutMillis) {

	}

}
