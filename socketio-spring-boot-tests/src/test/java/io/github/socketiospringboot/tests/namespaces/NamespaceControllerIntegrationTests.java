package io.github.socketiospringboot.tests.namespaces;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.socketiospringboot.broadcast.BroadcastOperations;
import io.github.socketiospringboot.server.ParentNamespace;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.tests.AppClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Annotated handlers and the namespaces they serve, driven by the official Node.js
 * {@code socket.io-client}: one controller on several namespaces, template variables with
 * a constraint, the parent of a template reached from code and from
 * {@link BroadcastOperations} as {@code io.of(pattern)}, and handler methods bound to
 * namespaces that code created, whatever the order of creation.
 */
@SpringBootTest(classes = NamespacesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.main.banner-mode=off")
class NamespaceControllerIntegrationTests {

	private static final Map<String, Object> OPTIONS = Map.of("transports", java.util.List.of("websocket"));

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@LocalServerPort
	int port;

	@Autowired
	SocketIOServer io;

	@Autowired
	BroadcastOperations broadcast;

	private AppClient start(String namespace, Object... auth) {
		Map<String, Object> options = new LinkedHashMap<>(OPTIONS);
		if (auth.length > 0) {
			options.put("auth", Map.of(auth[0], auth[1]));
		}
		return AppClient.start(this.node, "http://127.0.0.1:" + this.port + namespace, options);
	}

	private AppClient connect(String namespace, Object... auth) {
		AppClient client = start(namespace, auth);
		client.awaitConnect();
		return client;
	}

	@Test
	void oneControllerServesEachOfItsNamespaces() {
		AppClient main = connect("/");
		AppClient multi = connect("/multi");
		assertThat(main.awaitServerEvent("welcome").get(0).asString()).isEqualTo("/");
		assertThat(multi.awaitServerEvent("welcome").get(0).asString()).isEqualTo("/multi");
		assertThat(main.emitWithAck("where").get(0).asString()).isEqualTo("/");
		assertThat(multi.emitWithAck("where").get(0).asString()).isEqualTo("/multi");
	}

	@Test
	void aConstrainedVariableRefusesNamesItDoesNotMatchAndIsConvertedForTheHandler() {
		AppClient digits = connect("/digits-41");
		assertThat(digits.emitWithAck("next").get(0).asLong()).isEqualTo(42);
		JsonNode refused = start("/digits-abc").awaitConnectError();
		assertThat(refused.get("message").asString()).isEqualTo("Invalid namespace");
	}

	@Test
	void theParentOfATemplateIsTheOneTheServerAndTheBroadcastOperationsGiveForItsExpression() {
		AppClient one = connect("/digits-1");
		AppClient two = connect("/digits-2");
		ParentNamespace parent = this.io.of(Pattern.compile("^/digits-\\d+$"));
		assertThat(this.io.of("/digits-1").parent()).isSameAs(parent);
		assertThat(parent.children()).extracting((child) -> child.name()).contains("/digits-1", "/digits-2");
		this.broadcast.namespace(Pattern.compile("^/digits-\\d+$")).emit("every-digit", "hello");
		assertThat(one.awaitServerEvent("every-digit").get(0).asString()).isEqualTo("hello");
		assertThat(two.awaitServerEvent("every-digit").get(0).asString()).isEqualTo("hello");
	}

	@Test
	void aTemplateControllerServesTheParentACustomizerCreatedWithItsMiddlewareAndItsEarlierChildren() {
		JsonNode refused = start("/tenant-globex").awaitConnectError();
		assertThat(refused.get("message").asString()).as("the customizer's middleware").isEqualTo("no tenant token");
		AppClient globex = connect("/tenant-globex", "token", NamespacesApplication.TOKEN);
		assertThat(globex.emitWithAck("tenant").get(0).asString()).isEqualTo("globex");

		// created by the customizer before the controller was registered
		AppClient acme = start("/tenant-acme", "token", NamespacesApplication.TOKEN);
		acme.awaitConnect();
		acme.awaitServerEvent("acme");
		assertThat(acme.emitWithAck("tenant").get(0).asString()).isEqualTo("acme");
		assertThat(this.io.of("/tenant-acme").parent()).isSameAs(this.io.of(Pattern.compile("^/tenant-[a-z]+$")));
	}

	@Test
	void handlerObjectsBoundThroughTheRegistrarServeAMatcherParentAndReadNamedGroups() {
		AppClient project = connect("/project-apollo", "member", true);
		assertThat(project.awaitServerEvent("project-welcome").get(0).asString()).isEqualTo("/project-apollo");
		assertThat(project.emitWithAck("project").get(0).asString()).isEqualTo("/project-apollo");
		// the matcher decides on names that do not exist yet, as the reference's function
		// parents
		assertThat(start("/project-gemini").awaitConnectError().get("message").asString())
			.isEqualTo("Invalid namespace");

		AppClient board = connect("/board-kanban-7");
		JsonNode answer = board.emitWithAck("board").get(0);
		assertThat(answer.get("board").asString()).isEqualTo("kanban");
		assertThat(answer.get("n").asInt()).isEqualTo(7);
	}

}
