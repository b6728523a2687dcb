package io.github.socketiospringboot.tests.namespaces;

import java.util.Map;
import java.util.regex.Pattern;

import io.github.socketiospringboot.annotation.NamespaceVariable;
import io.github.socketiospringboot.annotation.OnConnect;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.autoconfigure.SocketIOServerCustomizer;
import io.github.socketiospringboot.internal.annotation.SocketIOControllerRegistrar;
import io.github.socketiospringboot.server.ConnectionRefusedException;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.ParentNamespace;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * An application whose controllers serve several namespaces, constrained templates, and
 * namespaces that code created: a pattern parent guarded by a customizer, a matcher
 * parent and a parent with named groups, bound to handler objects through the registrar.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ NamespacesApplication.MultiController.class, NamespacesApplication.DigitsController.class,
		NamespacesApplication.TenantController.class, NamespacesApplication.ProjectHandlers.class })
public class NamespacesApplication {

	/** The token the tenants' middleware lets in. */
	static final String TOKEN = "tenant-token";

	@Bean
	SocketIOServerCustomizer tenants() {
		return (io) -> {
			// created before the controllers are registered: the controller's template
			// names this parent, and its handlers reach /tenant-acme too
			ParentNamespace tenants = io.of(Pattern.compile("^/tenant-[a-z]+$"));
			tenants.use((socket) -> TOKEN.equals(socket.handshake().auth().path("token").asString("")) ? Mono.empty()
					: Mono.error(new ConnectionRefusedException("no tenant token")));
			io.of("/tenant-acme").onConnection((socket) -> socket.emit("acme"));
		};
	}

	@Bean
	ParentNamespace projects(SocketIOServer io, SocketIOControllerRegistrar registrar, ProjectHandlers handlers) {
		ParentNamespace projects = io
			.of((name, auth) -> Mono.just(name.startsWith("/project-") && auth.path("member").asBoolean(false)));
		registrar.registerHandler(projects, handlers);
		return projects;
	}

	@Bean
	ParentNamespace boards(SocketIOServer io, SocketIOControllerRegistrar registrar) {
		ParentNamespace boards = io.of(Pattern.compile("^/board-(?<board>[a-z]+)-(?<n>\\d+)$"));
		registrar.registerHandler(boards, new BoardHandlers());
		return boards;
	}

	/** One controller on the main namespace and on {@code /multi}. */
	@SocketIOController({ "/", "/multi" })
	static class MultiController {

		@OnConnect
		void connected(SocketIOSocket socket, Namespace namespace) {
			socket.emit("welcome", namespace.name());
		}

		@OnEvent("where")
		String where(Namespace namespace) {
			return namespace.name();
		}

	}

	/** Digits only. */
	@SocketIOController("/digits-{id:\\d+}")
	static class DigitsController {

		@OnEvent("next")
		long next(@NamespaceVariable long id) {
			return id + 1;
		}

	}

	/** The template of the customizer's parent. */
	@SocketIOController("/tenant-{name:[a-z]+}")
	static class TenantController {

		@OnEvent("tenant")
		String tenant(@NamespaceVariable String name) {
			return name;
		}

	}

	/** A bean that is no controller, bound to the matcher parent by the registrar. */
	static class ProjectHandlers {

		@OnConnect
		void connected(SocketIOSocket socket) {
			socket.emit("project-welcome", socket.namespace().name());
		}

		@OnEvent("project")
		String project(Namespace namespace) {
			return namespace.name();
		}

	}

	/** A plain object bound to a parent whose expression names its groups. */
	static class BoardHandlers {

		@OnEvent("board")
		Map<String, Object> board(@NamespaceVariable String board, @NamespaceVariable("n") int number) {
			return Map.of("board", board, "n", number);
		}

	}

}
