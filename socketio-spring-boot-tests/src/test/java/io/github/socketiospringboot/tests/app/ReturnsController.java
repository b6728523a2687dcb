package io.github.socketiospringboot.tests.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.tests.app.Payloads.Greeting;
import io.github.socketiospringboot.tests.app.Payloads.Note;
import io.github.socketiospringboot.tests.app.Payloads.Order;
import io.github.socketiospringboot.tests.app.Payloads.Shape;
import io.github.socketiospringboot.tests.app.Payloads.Strict;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.validation.annotation.Validated;

/**
 * Handlers returning each supported form, and one validating its payload.
 */
@SocketIOController("/returns")
public class ReturnsController {

	private final Recorder recorder;

	public ReturnsController(Recorder recorder) {
		this.recorder = recorder;
	}

	@OnEvent("value")
	String value(String text) {
		this.recorder.record("value", text);
		return "value:" + text;
	}

	@OnEvent("mono")
	Mono<Greeting> mono(String name) {
		return Mono.delay(Duration.ofMillis(20)).map((tick) -> new Greeting(name, 1, List.of("later")));
	}

	@OnEvent("monoEmpty")
	Mono<String> monoEmpty() {
		return Mono.empty();
	}

	@OnEvent("void")
	void nothing(String text) {
		this.recorder.record("void", text);
	}

	@OnEvent("monoVoid")
	Mono<Void> monoVoid(String text) {
		return Mono.delay(Duration.ofMillis(20)).then(Mono.fromRunnable(() -> this.recorder.record("monoVoid", text)));
	}

	@OnEvent("order")
	Map<String, Object> order(@Valid Order order) {
		this.recorder.record("order", order);
		return Map.of("accepted", order.item(), "quantity", order.quantity());
	}

	@OnEvent("fails")
	String fails(String text) {
		throw new IllegalStateException("returns failed: " + text);
	}

	@OnEvent("future")
	CompletableFuture<String> future(String text) {
		return CompletableFuture.supplyAsync(() -> "future:" + text,
				CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
	}

	@OnEvent("strict")
	String strict(@Validated(Strict.class) Note note) {
		return note.note();
	}

	@OnEvent("shape")
	String shape(Shape shape) {
		return "never";
	}

	@OnEvent("barrier")
	String barrier() {
		return "barrier";
	}

}
