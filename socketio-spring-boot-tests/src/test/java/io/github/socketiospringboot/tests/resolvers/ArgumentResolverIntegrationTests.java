package io.github.socketiospringboot.tests.resolvers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.tests.AppClient;
import io.github.socketiospringboot.tests.app.Recorder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SocketIOArgumentResolver} beans resolving handler parameters for the official
 * Node.js {@code socket.io-client}: a {@code @CurrentUser} read from the auth payload in
 * every kind of handler method, the order of two resolvers of the same parameter, the
 * built-in resolvers keeping their types, a resolver's exception reaching the exception
 * handlers, and what a resolver sees of the call.
 */
@SpringBootTest(classes = ResolversApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.main.banner-mode=off")
@ExtendWith(OutputCaptureExtension.class)
class ArgumentResolverIntegrationTests {

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@LocalServerPort
	int port;

	@Autowired
	Recorder recorder;

	@BeforeEach
	void forgetWhatOtherTestsRecorded() {
		this.recorder.clear();
	}

	private AppClient start(@Nullable String token) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("transports", List.of("websocket"));
		if (token != null) {
			options.put("auth", Map.of("token", token));
		}
		return AppClient.start(this.node, "http://127.0.0.1:" + this.port + "/profile", options);
	}

	private AppClient connect(@Nullable String token) {
		AppClient client = start(token);
		client.awaitConnect();
		return client;
	}

	@Test
	void aResolverBeanGivesOnConnectOnEventAndOnDisconnectMethodsTheUserOfTheHandshake() {
		AppClient ada = connect("ada-token");
		assertThat(ada.awaitServerEvent("welcome").get(0).asString()).isEqualTo("ada");
		JsonNode answer = ada.emitWithAck("whoami", "hello", 3).get(0);
		assertThat(answer.at("/user/name").asString()).isEqualTo("ada");
		assertThat(answer.at("/user/team").asString()).isEqualTo("engines");
		assertThat(answer.get("text").asString()).as("the first event argument, after the resolved parameter")
			.isEqualTo("hello");
		assertThat(answer.get("count").asInt()).as("resolved parameters take no event argument").isEqualTo(3);
		ada.disconnect();
		assertThat(this.recorder.awaitFirst("disconnected", String.class)).isEqualTo("ada client namespace disconnect");

		AppClient anonymous = connect(null);
		assertThat(anonymous.awaitServerEvent("welcome").get(0).asString()).isEqualTo("anonymous");
	}

	@Test
	void theFirstResolverInOrderThatSupportsAParameterWinsAndTheOthersStillResolveTheRest() {
		JsonNode answer = connect("grace-token").emitWithAck("whoami", "hi", 1).get(0);
		assertThat(answer.get("source").asString()).as("@Order(10) before Ordered 20, whatever the bean order")
			.isEqualTo("earlier");
		assertThat(answer.get("late").asString()).isEqualTo("later");
	}

	@Test
	void aCustomResolverCannotTakeAParameterOfABuiltInType() {
		AppClient client = start("ada-token");
		String id = client.awaitConnect().get("id").asString();
		assertThat(client.emitWithAck("socket").get(0).asString()).isEqualTo(id);
	}

	@Test
	void aMonoThatAResolverGivesIsComposedByTheMethod() {
		assertThat(connect("grace-token").emitWithAck("team").get(0).asString()).isEqualTo("compilers");
		assertThat(connect(null).emitWithAck("team").get(0).asString()).isEqualTo("none");
	}

	@Test
	void aResolversExceptionGoesToTheExceptionHandlersAsTheMethodsOwnWould(CapturedOutput output) {
		int mark = output.getAll().length();
		AppClient client = start("nobody-token");
		String id = client.awaitConnect().get("id").asString();
		assertThat(this.recorder.awaitFirst("unknown", String.class)).as("from the @OnConnect method").isEqualTo(id);
		JsonNode answer = client.emitWithAck("whoami", "hello", 1).get(0);
		assertThat(answer.get("error").asString()).isEqualTo("unknown user");
		assertThat(this.recorder.get("unknown")).hasSize(2);
		assertThat(output.getAll().substring(mark)).doesNotContain("UnknownUserException").doesNotContain("ERROR");
	}

	@Test
	void aResolverSeesTheSocketTheEventTheReasonTheExceptionAndTheNamespaceVariables() {
		AppClient desk = AppClient.start(this.node, "http://127.0.0.1:" + this.port + "/desk-7",
				Map.of("transports", List.of("websocket")));
		desk.awaitConnect();
		assertThat(desk.emitWithAck("describe").get(0).asString())
			.isEqualTo("namespace=/desk-7 event=describe reason=null error=null variables={id=7}");
		assertThat(desk.emitWithAck("fail", "boom").get(0).asString())
			.isEqualTo("namespace=/desk-7 event=fail reason=null error=boom variables={id=7}");
		desk.disconnect();
		assertThat(this.recorder.awaitFirst("desk-left", String.class))
			.isEqualTo("namespace=/desk-7 event=null reason=client namespace disconnect error=null variables={id=7}");
	}

}
