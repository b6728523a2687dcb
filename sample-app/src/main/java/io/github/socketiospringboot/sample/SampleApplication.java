package io.github.socketiospringboot.sample;

import io.github.socketiospringboot.engine.EngineCloseReason;
import io.github.socketiospringboot.engine.EngineHandler;
import io.github.socketiospringboot.engine.EngineSocketListener;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The sample application. Until the Socket.IO layer lands it mounts an Engine.IO echo on
 * the application's port at {@code socketio.path} through the starter's
 * auto-configuration.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@Bean
	EngineHandler echo() {
		return (socket) -> new EngineSocketListener() {

			@Override
			public void onMessage(String text) {
				socket.send(text);
			}

			@Override
			public void onBinary(byte[] bytes) {
				socket.send(bytes);
			}

			@Override
			public void onClose(EngineCloseReason reason, @Nullable String description) {
			}

		};
	}

}
