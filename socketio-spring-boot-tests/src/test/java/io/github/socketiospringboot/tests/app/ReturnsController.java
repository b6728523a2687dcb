package io.github.socketiospringboot.tests.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.tests.app.Payloads.Greeting;
import io.github.socketiospringboot.tests.app.Payloads.Order;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

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

	@OnEvent("barrier")
	String barrier() {
		return "barrier";
	}

}
