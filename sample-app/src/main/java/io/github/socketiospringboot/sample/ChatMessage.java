package io.github.socketiospringboot.sample;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A message a client sends to the chat.
 *
 * @param text the text
 * @param to who receives it: {@code all} (everyone, the sender included), {@code others}
 * (all but the sender) or {@code room}
 * @param room the room, when {@code to} is {@code room}
 */
public record ChatMessage(@NotBlank @Size(max = 500) String text, @Pattern(regexp = "all|others|room") String to,
		@Nullable String room) {

}
