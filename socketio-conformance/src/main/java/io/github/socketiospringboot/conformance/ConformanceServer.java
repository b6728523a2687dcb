package io.github.socketiospringboot.conformance;

import java.time.Duration;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.engine.EngineServer;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.internal.web.EngineIoHandlerMapping;
import io.github.socketiospringboot.internal.web.EngineIoWebHandler;
import io.github.socketiospringboot.server.ConnectionHandler;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The server the official conformance suites expect: an Engine.IO echo at
 * {@code /engine.io/} with a 300 ms ping interval and a 200 ms ping timeout, on port 3000
 * unless {@code server.port} says otherwise.
 */
@SpringBootApplication
public class ConformanceServer {

	/** The engine settings the official suites hard-code. */
	public static final SocketIOOptions SUITE_OPTIONS = SocketIOOptions.builder()
		.pingInterval(Duration.ofMillis(300))
		.pingTimeout(Duration.ofMillis(200))
		.maxHttpBufferSize(1_000_000)
		.build();

	public static void main(String[] args) {
		SpringApplication.run(ConformanceServer.class, args);
	}

	@Bean(destroyMethod = "close")
	EngineServer echoEngineServer() {
		return new EngineServer(EngineAccess.options(SUITE_OPTIONS), new EchoHandler());
	}

	@Bean
	SmartInitializingSingleton suiteHandlers(SocketIOServer io) {
		return () -> {
			ConnectionHandler sendAuth = (socket) -> socket.emit("auth", socket.handshake().auth());
			io.onConnection(sendAuth);
			io.onConnection((socket) -> {
				socket.on("message", (event) -> socket.emit("message-back", event.args().toArray()));
				socket.on("message-with-ack", (event) -> event.ack(event.args().toArray()));
			});
			io.of("/custom").onConnection(sendAuth);
		};
	}

	@Bean
	EngineIoHandlerMapping echoEndpoint(EngineServer echoEngineServer) {
		return new EngineIoHandlerMapping("/engine.io/",
				new EngineIoWebHandler(echoEngineServer, CorsOptions.allowAll()));
	}

}
