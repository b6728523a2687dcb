package io.github.socketiospringboot.bench;

import java.time.Duration;
import java.util.List;

import io.github.socketiospringboot.autoconfigure.SocketIOServerCustomizer;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

/**
 * The bench server of the shared load-test harness, written with the public API as an
 * application would: {@code bcast} broadcasts its payload to every socket as {@code msg},
 * {@code echo} acknowledges with its argument, and {@code collect} sends {@code q} to
 * every socket with a 5 s timeout and acknowledges with the number of answers;
 * {@code join} puts the socket in a room and acknowledges once the membership is in
 * effect, and {@code toroom} relays its {@code data} to the members of its {@code room}
 * as {@code msg}.
 */
@SpringBootApplication
public class BenchServer {

	private static final Duration COLLECT_TIMEOUT = Duration.ofSeconds(5);

	public static void main(String[] args) {
		SpringApplication.run(BenchServer.class, args);
	}

	/**
	 * With {@code --bench.metrics=true}, a Micrometer registry: the {@code socketio.*}
	 * meters are then on, so that their cost can be measured against the same server
	 * without them.
	 * @return the registry
	 */
	@Bean
	@ConditionalOnBooleanProperty("bench.metrics")
	MeterRegistry benchMeterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	SocketIOServerCustomizer benchHandlers() {
		return (io) -> io.onConnection((socket) -> {
			socket.on("bcast", (event) -> io.emit("msg", event.args().get(0)));
			socket.on("echo", (event) -> event.ack(event.args().get(0)));
			socket.on("collect",
					(event) -> io.timeout(COLLECT_TIMEOUT)
						.emitWithAck("q")
						.onErrorResume(AckTimeoutException.class, (ex) -> Mono.just(ex.received()))
						.map(List::size)
						.subscribe((Integer count) -> event.ack(count)));
			socket.on("join", (event) -> {
				socket.join(event.args().get(0).asString());
				event.ack();
			});
			socket.on("toroom", (event) -> {
				JsonNode request = event.args().get(0);
				io.to(request.get("room").asString()).emit("msg", request.get("data"));
			});
		});
	}

}
