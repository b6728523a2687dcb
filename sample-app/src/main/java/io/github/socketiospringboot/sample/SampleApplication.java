package io.github.socketiospringboot.sample;

import io.github.socketiospringboot.server.SocketIOServer;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The sample application: a minimal chat on the application's port at
 * {@code socketio.path}.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@Bean
	SmartInitializingSingleton chat(SocketIOServer io) {
		return () -> io.onConnection((socket) -> {
			socket.on("join", (event) -> socket.join(event.args().get(0, String.class)));
			socket.on("chat", (event) -> {
				socket.broadcast().emit("chat", event.args().toArray());
				event.ack("delivered");
			});
		});
	}

}
