package io.github.socketiospringboot.tests.app;

import java.util.Map;

import io.github.socketiospringboot.autoconfigure.SocketIOServerCustomizer;
import io.github.socketiospringboot.server.ConnectionRefusedException;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The test application: annotated controllers, an advice, a service and a REST controller
 * that broadcast, and a customizer that guards {@code /guarded}. Its settings are in
 * {@code annotated-application.properties}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ArgumentsController.class, ReturnsController.class, ErrorsController.class, ErrorsAdvice.class,
		BlockingController.class, WorkspaceController.class, RoomsController.class, GuardedController.class,
		AnnouncementService.class, BroadcastRestController.class, OrdersCrudController.class })
public class AnnotatedApplication {

	/** The token {@code /guarded} lets in. */
	public static final String TOKEN = "letmein";

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	@Bean
	SocketIOServerCustomizer guardedNamespace() {
		return (io) -> io.of("/guarded")
			.use((socket) -> TOKEN.equals(socket.handshake().auth().path("token").asString("")) ? Mono.empty()
					: Mono.error(new ConnectionRefusedException("invalid token", Map.of("retry", false))));
	}

}
