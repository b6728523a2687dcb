package io.github.socketiospringboot.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.internal.annotation.SocketIOControllerRegistrar;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.tests.app.AnnotatedApplication;
import io.github.socketiospringboot.tests.app.Payloads.Credentials;
import io.github.socketiospringboot.tests.app.Payloads.Order;
import io.github.socketiospringboot.tests.app.Recorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application with {@code @SocketIOController} beans, an advice, a service
 * broadcasting through {@code BroadcastOperations} and a customizer, driven by the
 * official Node.js {@code socket.io-client}: every argument kind, every return form,
 * validation, exception handlers, blocking handlers, broadcasts from REST, and the
 * application properties.
 */
@SpringBootTest(classes = AnnotatedApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.config.name=annotated-application")
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class AnnotatedControllerIntegrationTests {

	private static final Map<String, Object> OPTIONS = Map.of("path", "/realtime/");

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@LocalServerPort
	int port;

	@Autowired
	Recorder recorder;

	@Autowired
	WebTestClient web;

	@Autowired
	SocketIOControllerRegistrar registrar;

	@BeforeEach
	void forgetWhatOtherTestsRecorded() {
		this.recorder.clear();
	}

	private AppClient connect(String namespace) {
		return connect(namespace, OPTIONS);
	}

	private AppClient connect(String namespace, Map<String, ?> options) {
		AppClient client = AppClient.start(this.node, url(namespace), options);
		client.awaitConnect();
		return client;
	}

	private String url(String namespace) {
		return "http://127.0.0.1:" + this.port + namespace;
	}

	private static Map<String, Object> options(Object... pairs) {
		Map<String, Object> options = new LinkedHashMap<>(OPTIONS);
		for (int i = 0; i < pairs.length; i += 2) {
			options.put((String) pairs[i], pairs[i + 1]);
		}
		return options;
	}

	// ---- application properties

	@Test
	void theEndpointIsServedAtThePathOfTheApplicationProperties() {
		this.web.get()
			.uri("/realtime/?EIO=4&transport=polling")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).startsWith("0{\"sid\":"));
		this.web.get()
			.uri("/socket.io/?EIO=4&transport=polling")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class);
	}

	// ---- arguments

	@Test
	void recordsPojosCollectionsPrimitivesStringsAndJsonNodesAreConvertedBothWays() {
		AppClient client = connect("/");
		JsonNode greeting = client
			.emitWithAck("greeting", Map.of("name", "ada", "count", 41, "tags", List.of("a", "b")))
			.get(0);
		assertThat(greeting.get("name").asString()).isEqualTo("ADA");
		assertThat(greeting.get("count").asInt()).isEqualTo(42);
		assertThat(strings(greeting.get("tags"))).containsExactly("a", "b", "seen");

		JsonNode profile = client.emitWithAck("profile", Map.of("name", "grace", "age", 85, "active", false)).get(0);
		assertThat(profile.get("name").asString()).isEqualTo("grace");
		assertThat(profile.get("age").asInt()).isEqualTo(86);
		assertThat(profile.get("active").asBoolean()).isTrue();

		JsonNode collections = client
			.emitWithAck("collections",
					List.of(Map.of("name", "x", "count", 1, "tags", List.of()),
							Map.of("name", "y", "count", 2, "tags", List.of())),
					Map.of("alice", 3, "bob", 4), List.of("b", "a", "b"))
			.get(0);
		assertThat(collections.get("elementType").asString()).as("list elements are converted to the record")
			.isEqualTo("Greeting");
		assertThat(strings(collections.get("names"))).containsExactly("x", "y");
		assertThat(collections.get("total").asInt()).isEqualTo(7);
		assertThat(strings(collections.get("tags"))).containsExactly("a", "b");

		long big = 1L << 40;
		JsonNode primitives = client.emitWithAck("primitives", 1, big, 1.25, true, 10, big, 2.5, false);
		assertThat(primitives.get(0).get(0).asInt()).isEqualTo(2);
		assertThat(primitives.get(0).get(1).asLong()).isEqualTo(big + 1);
		assertThat(primitives.get(0).get(2).asDouble()).isEqualTo(2.5);
		assertThat(primitives.get(0).get(3).asBoolean()).isFalse();
		assertThat(primitives.get(0).get(4).asInt()).isEqualTo(11);
		assertThat(primitives.get(0).get(5).asLong()).isEqualTo(big + 1);
		assertThat(primitives.get(0).get(6).asDouble()).isEqualTo(5.0);
		assertThat(primitives.get(0).get(7).asBoolean()).isTrue();

		assertThat(client.emitWithAck("text", "héllo ✓").get(0).asString()).isEqualTo("héllo ✓!");

		JsonNode object = client.emitWithAck("json", Map.of("nested", Map.of("list", List.of(1, "two", false)))).get(0);
		assertThat(object.get("type").asString()).isEqualTo("OBJECT");
		assertThat(object.at("/echo/nested/list/1").asString()).isEqualTo("two");
		JsonNode array = client.emitWithAck("json", List.of(1, 2)).get(0);
		assertThat(array.get("type").asString()).isEqualTo("ARRAY");
		assertThat(client.emitWithAck("json", "plain").get(0).get("type").asString()).isEqualTo("STRING");
	}

	@Test
	void binaryArgumentsArriveAsBytesAndBytesGoBackAsBinary() {
		AppClient client = connect("/");
		byte[] data = { 1, 2, 3, (byte) 0xff, 0 };
		JsonNode answer = client.emitWithAck("binary", "blob", AppClient.binary(data)).get(0);
		assertThat(answer.get("label").asString()).isEqualTo("blob");
		assertThat(answer.get("length").asInt()).isEqualTo(5);
		// the client reports a Node Buffer: the bytes came as a binary attachment
		assertThat(AppClient.bytes(answer.get("reversed"))).containsExactly(0, (byte) 0xff, 3, 2, 1);
	}

	@Test
	void payloadArgumentsBindByPositionAndMissingOnesAreNull() {
		AppClient client = connect("/");
		JsonNode positions = client
			.emitWithAck("positions", "one", 2, Map.of("name", "three", "count", 3, "tags", List.of()),
					AppClient.binary(new byte[] { 4 }))
			.get(0);
		assertThat(strings(positions)).containsExactly("one", "2", "three", "[4]");

		JsonNode missing = client.emitWithAck("missing", "only").get(0);
		assertThat(missing.get("first").asString()).isEqualTo("only");
		assertThat(missing.get("secondIsNull").asBoolean()).isTrue();
		assertThat(missing.get("thirdIsNull").asBoolean()).isTrue();
		assertThat(missing.get("fourthIsNull").asBoolean()).isTrue();
		JsonNode none = client.emitWithAck("missing").get(0);
		assertThat(none.get("first").isNull()).isTrue();
	}

	@Test
	void contextParametersAreTheSocketTheEventItsArgsTheHandshakeTheNamespaceAndTheServer() {
		AppClient client = AppClient.start(this.node, url("/"), options("auth", Map.of("user", "ada", "level", 7),
				"query", Map.of("tag", "t1"), "extraHeaders", Map.of("X-Client", "node")));
		String id = client.awaitConnect().get("id").asString();
		JsonNode context = client.emitWithAck("context", "first", 2).get(0);
		assertThat(context.get("socket").asString()).isEqualTo(id);
		assertThat(context.get("eventSocket").asString()).isEqualTo(id);
		assertThat(context.get("event").asString()).isEqualTo("context");
		assertThat(context.get("hasAck").asBoolean()).isTrue();
		assertThat(context.get("argCount").asInt()).isEqualTo(2);
		assertThat(context.get("second").asInt()).isEqualTo(2);
		assertThat(context.at("/auth/user").asString()).isEqualTo("ada");
		assertThat(context.get("namespace").asString()).isEqualTo("/");
		assertThat(context.get("sameServer").asBoolean()).isTrue();
		assertThat(context.get("principalIsNull").asBoolean()).as("no principal without Spring Security").isTrue();
		assertThat(context.get("first").asString()).isEqualTo("first");
	}

	@Test
	void onConnectReceivesTheTypedAuthPayloadAndTheHandshake() {
		AppClient client = AppClient.start(this.node, url("/"), options("auth", Map.of("user", "ada", "level", 7),
				"query", Map.of("tag", "t1"), "extraHeaders", Map.of("X-Client", "node")));
		String id = client.awaitConnect().get("id").asString();
		JsonNode welcome = client.awaitServerEvent("welcome");
		assertThat(welcome.get(0).asString()).isEqualTo("ada");
		assertThat(welcome.get(1).asString()).isEqualTo("7");
		@SuppressWarnings("unchecked")
		Map<String, Object> seen = this.recorder.awaitFirst("connect:" + id, Map.class);
		assertThat(seen).containsEntry("credentials", new Credentials("ada", 7))
			.containsEntry("principalIsNull", true)
			.containsEntry("sameSocket", true)
			.containsEntry("namespace", "/")
			.containsEntry("sameServer", true)
			.containsEntry("query", "t1")
			.containsEntry("header", "node");
	}

	@Test
	void anAckSenderAnswersOnceAndTheMethodsReturnValueAnswersNothing() {
		AppClient client = connect("/");
		JsonNode answer = client.emitWithAck("explicit", "yes");
		assertThat(answer).hasSize(2);
		assertThat(answer.get(0).asString()).isEqualTo("explicit:yes");
		assertThat(answer.get(1).asInt()).isEqualTo(1);
		assertThat(this.recorder.await("explicit:yes", 1)).containsExactly(List.of(true, false));

		client.emit("explicit", "no-ack");
		assertThat(this.recorder.await("explicit:no-ack", 1)).as("nothing to answer when the client asked for nothing")
			.containsExactly(List.of(false, false));
		client.emitWithAck("text", "barrier");
		assertThat(client.ackPackets()).hasSize(2);
	}

	@Test
	void namespaceVariablesBindToEachWorkspaceAndOnDisconnectReceivesTheReason() {
		AppClient first = connect("/workspace-17");
		AppClient second = connect("/workspace-42");
		assertThat(first.awaitServerEvent("welcome").get(0).asString()).isEqualTo("17");
		assertThat(second.awaitServerEvent("welcome").get(0).asString()).isEqualTo("42");
		JsonNode firstAnswer = first.emitWithAck("whoami").get(0);
		assertThat(firstAnswer.get("id").asLong()).isEqualTo(17);
		assertThat(firstAnswer.get("namespace").asString()).isEqualTo("/workspace-17");
		JsonNode secondAnswer = second.emitWithAck("whoami").get(0);
		assertThat(secondAnswer.get("id").asLong()).isEqualTo(42);
		assertThat(secondAnswer.get("namespace").asString()).isEqualTo("/workspace-42");

		String firstId = first.state().get("id").asString();
		first.disconnect();
		assertThat(first.awaitDisconnect().get("reason").asString()).isEqualTo("io client disconnect");
		assertThat(this.recorder.await("workspace-left:" + firstId, 1))
			.containsExactly(Map.of("id", "17", "reason", DisconnectReason.CLIENT_NAMESPACE_DISCONNECT));

		String secondId = second.state().get("id").asString();
		second.closeConnection();
		assertThat(this.recorder.await("workspace-left:" + secondId, 1))
			.containsExactly(Map.of("id", "42", "reason", DisconnectReason.TRANSPORT_CLOSE));
	}

	// ---- return values

	@Test
	void aValueOrAMonosValueAnswersTheAcknowledgementAndAnEmptyMonoAnswersWithNoArguments() {
		AppClient client = connect("/returns");
		assertThat(strings(client.emitWithAck("value", "v"))).containsExactly("value:v");
		JsonNode mono = client.emitWithAck("mono", "m");
		assertThat(mono).hasSize(1);
		assertThat(mono.get(0).get("name").asString()).isEqualTo("m");
		assertThat(strings(mono.get(0).get("tags"))).containsExactly("later");
		assertThat(client.emitWithAck("monoEmpty")).isEmpty();
	}

	@Test
	void voidAndMonoVoidAnswerNothing() {
		AppClient client = connect("/returns");
		String voidAck = client.emitAsking(Duration.ofMillis(1500), "void", "v1");
		String monoVoidAck = client.emitAsking(Duration.ofMillis(1500), "monoVoid", "mv1");
		assertThat(this.recorder.await("void", 1)).containsExactly("v1");
		assertThat(this.recorder.await("monoVoid", 1)).containsExactly("mv1");
		client.awaitAckTimeout(voidAck);
		client.awaitAckTimeout(monoVoidAck);
		assertThat(client.ackPackets()).isEmpty();
	}

	@Test
	void aReturnedValueIsNotSentWhenTheClientAskedForNoAcknowledgement() {
		AppClient client = connect("/returns");
		client.emit("value", "unasked");
		assertThat(this.recorder.await("value", 1)).contains("unasked");
		// packets arrive in order: had the first event been answered, its ACK would come
		// before this one
		assertThat(strings(client.emitWithAck("barrier"))).containsExactly("barrier");
		assertThat(client.ackPackets()).hasSize(1);
	}

	// ---- validation

	@Test
	void anInvalidPayloadIsAnsweredWithTheViolations() {
		AppClient client = connect("/returns");
		JsonNode answer = client.emitWithAck("order", Map.of("item", " ", "quantity", 11)).get(0);
		assertThat(answer.get("error").asString()).isEqualTo("validation failed");
		Map<String, String> violations = new LinkedHashMap<>();
		answer.get("violations")
			.forEach((violation) -> violations.put(violation.get("field").asString(),
					violation.get("message").asString()));
		assertThat(violations).containsOnlyKeys("item", "quantity");
		assertThat(violations.get("quantity")).contains("10");
		assertThat(this.recorder.get("order")).isEmpty();

		JsonNode valid = client.emitWithAck("order", Map.of("item", "tea", "quantity", 2)).get(0);
		assertThat(valid.get("accepted").asString()).isEqualTo("tea");
		assertThat(this.recorder.get("order")).containsExactly(new Order("tea", 2));
	}

	@Test
	void anInvalidPayloadWithoutAcknowledgementIsLoggedAndTheConnectionStaysUsable(CapturedOutput output) {
		AppClient client = connect("/returns");
		client.emit("order", Map.of("item", "", "quantity", 0));
		await().atMost(AppClient.TIMEOUT)
			.until(() -> output.getOut().contains("sent an invalid argument to ReturnsController#order"));
		assertThat(strings(client.emitWithAck("barrier"))).containsExactly("barrier");
		assertThat(client.ackPackets()).hasSize(1);
		assertThat(this.recorder.get("order")).isEmpty();
		assertThat(client.state().get("connected").asBoolean()).isTrue();
	}

	// ---- exception handlers

	@Test
	void theControllersExceptionHandlerWinsOverTheAdviceAndItsReturnValueIsTheAcknowledgement() {
		AppClient client = connect("/errors");
		JsonNode answer = client.emitWithAck("local", "x").get(0);
		assertThat(answer.get("handledBy").asString()).isEqualTo("controller");
		assertThat(answer.get("message").asString()).isEqualTo("local x");
		assertThat(answer.get("namespace").asString()).isEqualTo("/errors");
	}

	@Test
	void theAdviceHandlesWhatNoControllerHandlesFromValuesMonosBlockingHandlersAndOtherControllers() {
		AppClient errors = connect("/errors");
		JsonNode advised = errors.emitWithAck("advised", "y").get(0);
		assertThat(advised.get("handledBy").asString()).isEqualTo("advice");
		assertThat(advised.get("message").asString()).isEqualTo("advised y");
		assertThat(advised.get("event").asString()).isEqualTo("advised");
		JsonNode mono = errors.emitWithAck("monoAdvised", "z").get(0);
		assertThat(mono.get("handledBy").asString()).isEqualTo("advice");
		assertThat(mono.get("message").asString()).isEqualTo("later z");

		AppClient returns = connect("/returns");
		JsonNode other = returns.emitWithAck("fails", "w").get(0);
		assertThat(other.get("handledBy").asString()).isEqualTo("advice");
		assertThat(other.get("namespace").asString()).isEqualTo("/returns");

		AppClient blocking = connect("/blocking");
		JsonNode worker = blocking.emitWithAck("blockingFails", "b").get(0);
		assertThat(worker.get("handledBy").asString()).isEqualTo("advice");
		assertThat(worker.get("message").asString()).isEqualTo("blocking b");
	}

	@Test
	void anUnhandledExceptionIsAnsweredWithAnInternalErrorAndLoggedOnceWithItsStackTrace(CapturedOutput output) {
		int mark = output.getOut().length();
		AppClient client = connect("/errors");
		JsonNode answer = client.emitWithAck("unhandled", "u");
		assertThat(answer).as("nothing of the exception reaches the client")
			.isEqualTo(JsonMapper.shared().valueToTree(List.of(Map.of("error", "internal error"))));
		assertThat(occurrences(since(output, mark), "java.lang.UnsupportedOperationException: nobody handles u"))
			.isEqualTo(1);
		assertThat(since(output, mark)).contains("Socket.IO handler ErrorsController#unhandled failed for socket")
			.contains("at io.github.socketiospringboot.tests.app.ErrorsController.unhandled(");

		assertThat(client.emitWithAck("monoUnhandled", "m").get(0).get("error").asString()).isEqualTo("internal error");
		assertThat(occurrences(since(output, mark), "nobody handles later m")).isEqualTo(1);
		// an exception handler that fails is not handed to the exception handlers again
		assertThat(client.emitWithAck("handlerFails", "f").get(0).get("error").asString()).isEqualTo("internal error");
		assertThat(occurrences(since(output, mark), "java.lang.IllegalStateException: the exception handler fails too"))
			.isEqualTo(1);
		assertThat(since(output, mark)).contains("Suppressed: java.lang.ArithmeticException: its handler fails f");

		// a result that cannot be written is the handler's failure, answered all the same
		assertThat(client.emitWithAck("unencodable").get(0).get("error").asString()).isEqualTo("internal error");
		assertThat(client.emitWithAck("monoUnencodable").get(0).get("error").asString()).isEqualTo("internal error");

		assertThat(strings(client.emitWithAck("ping"))).containsExactly("pong");
		assertThat(client.state().get("connected").asBoolean()).isTrue();
		assertThat(client.process().events("disconnect")).isEmpty();
	}

	@Test
	void aCompletableFutureIsAnsweredWithItsResult() {
		AppClient client = connect("/returns");
		assertThat(strings(client.emitWithAck("future", "f"))).containsExactly("future:f");
	}

	@Test
	void aHandlerInheritedFromAGenericClassReceivesTheTypeTheControllerBinds() {
		AppClient client = connect("/orders");
		assertThat(strings(client.emitWithAck("save", Map.of("item", "tea", "quantity", 2)))).containsExactly("Order");
	}

	@Test
	void aValidatedParameterIsCheckedInTheGroupsItNames() {
		AppClient client = connect("/returns");
		JsonNode answer = client.emitWithAck("strict", Map.of("note", "too long a note")).get(0);
		assertThat(answer.get("error").asString()).isEqualTo("validation failed");
		assertThat(strings(client.emitWithAck("strict", Map.of("note", "short")))).containsExactly("short");
	}

	@Test
	void aParameterTypeTheMapperCannotBuildIsTheApplicationsBugNotTheClients(CapturedOutput output) {
		int mark = output.getOut().length();
		AppClient client = connect("/returns");
		JsonNode answer = client.emitWithAck("shape", Map.of("sides", 3)).get(0);
		assertThat(answer.get("error").asString()).isEqualTo("internal error");
		assertThat(since(output, mark)).contains("Socket.IO handler ReturnsController#shape failed for socket")
			.contains("InvalidDefinitionException");
	}

	// ---- arguments the client got wrong

	@Test
	void anArgumentThatCannotBeConvertedIsAnsweredAsAnInvalidOneAndLogsNoError(CapturedOutput output) {
		int mark = output.getOut().length();
		AppClient returns = connect("/returns");
		JsonNode notAnObject = returns.emitWithAck("order", 12345).get(0);
		assertThat(notAnObject.get("error").asString()).isEqualTo("validation failed");
		assertThat(violations(notAnObject)).containsExactly(entry("order", "must be an object"));
		JsonNode notANumber = returns.emitWithAck("order", Map.of("item", "tea", "quantity", "many")).get(0);
		assertThat(violations(notANumber)).containsExactly(entry("quantity", "must be a number"));
		assertThat(this.recorder.get("order")).isEmpty();

		AppClient main = connect("/");
		// without @Valid too, and for a primitive the event lacks
		assertThat(violations(main.emitWithAck("greeting", 12345).get(0)))
			.containsExactly(entry("greeting", "must be an object"));
		JsonNode nested = main
			.emitWithAck("collections", List.of(Map.of("name", "x", "count", 1, "tags", List.of()),
					Map.of("name", "y", "count", 2, "tags", Map.of())), Map.of(), List.of())
			.get(0);
		assertThat(violations(nested)).containsExactly(entry("[1].tags", "must be an array"));
		assertThat(violations(main.emitWithAck("positions", "one").get(0)))
			.containsExactly(entry("second", "must not be null"));
		assertThat(List.of(notAnObject, notANumber, nested).toString())
			.as("the answers name no server type and quote no exception")
			.doesNotContain("Order", "Greeting", "java", "jackson", "Cannot");

		assertThat(since(output, mark)).doesNotContain("ERROR").doesNotContain("Exception");
		assertThat(strings(returns.emitWithAck("barrier"))).containsExactly("barrier");
	}

	@Test
	void anArgumentThatCannotBeConvertedWithoutAcknowledgementIsLoggedAsAWarningWithoutStackTrace(
			CapturedOutput output) {
		int mark = output.getOut().length();
		AppClient client = connect("/returns");
		client.emit("order", 12345);
		await().atMost(AppClient.TIMEOUT)
			.until(() -> since(output, mark)
				.contains("sent an invalid argument to ReturnsController#order: [Violation[field=order, "
						+ "message=must be an object]]"));
		assertThat(strings(client.emitWithAck("barrier"))).containsExactly("barrier");
		assertThat(client.ackPackets()).hasSize(1);
		assertThat(since(output, mark)).contains("WARN").doesNotContain("ERROR").doesNotContain("Exception");
	}

	@Test
	void anAuthPayloadOrANamespaceNameThatCannotBeConvertedIsTheClientsMistakeAndLogsNoError(CapturedOutput output) {
		int mark = output.getOut().length();
		// Credentials.level is an Integer: the @OnConnect handler cannot read this
		// payload
		AppClient badAuth = AppClient.start(this.node, url("/"), options("auth", Map.of("user", "ada", "level", "x")));
		String id = badAuth.awaitConnect().get("id").asString();
		await().atMost(AppClient.TIMEOUT)
			.until(() -> since(output, mark)
				.contains("Socket " + id + " sent an invalid argument to ArgumentsController"
						+ "#connected: [Violation[field=level, message=must be a number]]"));
		// the workspace id of /workspace-{id} is a long for this handler
		AppClient badName = connect("/workspace-abc");
		JsonNode answer = badName.emitWithAck("whoami").get(0);
		assertThat(answer.get("error").asString()).isEqualTo("validation failed");
		assertThat(violations(answer)).containsExactly(entry("id", "must be a number"));
		assertThat(badAuth.emitWithAck("greeting", Map.of("name", "ada", "count", 1, "tags", List.of()))
			.get(0)
			.get("name")
			.asString()).as("the socket stays connected").isEqualTo("ADA");
		assertThat(since(output, mark)).contains("WARN").doesNotContain("ERROR").doesNotContain("Exception");
	}

	@Test
	void anArgumentThatCannotBeConvertedGoesToTheExceptionHandlersAsAnInvalidOne() {
		AppClient client = connect("/errors");
		JsonNode answer = client.emitWithAck("typed", Map.of("name", List.of("not", "a", "string"))).get(0);
		assertThat(answer.get("handledBy").asString()).isEqualTo("controller");
		assertThat(violations(answer)).containsExactly(entry("name", "must be a string"));
		assertThat(answer.get("causeIsTheMappers").asBoolean()).isTrue();
		assertThat(strings(client.emitWithAck("typed", Map.of("name", "ada", "count", 1, "tags", List.of()))))
			.containsExactly("ada");
	}

	// ---- blocking handlers

	@Test
	void blockingHandlersRunOffTheEventLoopOneAfterTheOtherPerSocket() {
		AppClient client = connect("/blocking");
		JsonNode where = client.emitWithAck("where").get(0);
		assertThat(where.get("nonBlocking").asBoolean()).as("a non-blocking handler runs on the I/O thread %s", where)
			.isTrue();
		int count = 50;
		client.emitNumbered("work", count);
		List<JsonNode> acks = client.process().awaitEvents("ack", count, AppClient.TIMEOUT);
		List<Integer> answered = new ArrayList<>();
		for (JsonNode ack : acks) {
			JsonNode answer = ack.get("args").get(0);
			assertThat(answer.get("thread").asString()).as("worker thread").startsWith("boundedElastic-");
			assertThat(answer.get("nonBlocking").asBoolean()).isFalse();
			answered.add(answer.get("n").asInt());
		}
		List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			expected.add(i);
		}
		assertThat(answered).as("acknowledgements in order").containsExactlyElementsOf(expected);
		assertThat(this.recorder.await("work", count)).as("handler calls in order").containsExactlyElementsOf(expected);
	}

	@Test
	void aBlockingDisconnectHandlerRunsAfterTheSocketsBlockingHandlersAndItsWorkerIsForgotten() {
		AppClient client = connect("/blocking");
		String id = client.state().get("id").asString();
		int count = 20;
		client.emitNumbered("step", count);
		client.disconnect();

		List<Object> expected = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			expected.add(i);
		}
		expected.add("left");
		assertThat(this.recorder.await("steps:" + id, count + 1)).containsExactlyElementsOf(expected);
		await().atMost(AppClient.TIMEOUT)
			.untilAsserted(() -> assertThat(workersOf(id)).as("the socket's worker").isEmpty());
	}

	private List<String> workersOf(String socketId) {
		Map<?, ?> executors = (Map<?, ?>) ReflectionTestUtils.getField(this.registrar, "executors");
		List<String> ids = new ArrayList<>();
		for (Object socket : executors.keySet()) {
			String candidate = ((SocketIOSocket) socket).id();
			if (candidate.equals(socketId)) {
				ids.add(candidate);
			}
		}
		return ids;
	}

	// ---- broadcasting from application services

	@Test
	void aRestControllerBroadcastsThroughTheTemplateToANamespaceAndToARoom() {
		AppClient main = connect("/");
		AppClient red = connect("/rooms");
		AppClient blue = connect("/rooms");
		red.emitWithAck("join", "red");
		blue.emitWithAck("join", "blue");

		this.web.post()
			.uri("/api/announcements")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "hello all"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sent")
			.isEqualTo("hello all");
		assertThat(main.awaitServerEvent("announcement").get(0).asString()).isEqualTo("hello all");

		this.web.post()
			.uri("/api/announcements")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "for red", "room", "red"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class);
		this.web.post()
			.uri("/api/announcements")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("text", "for blue", "room", "blue"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class);
		assertThat(red.awaitServerEvent("announcement").get(0).asString()).isEqualTo("for red");
		assertThat(blue.awaitServerEvent("announcement").get(0).asString())
			.as("the first announcement blue sees is its own room's")
			.isEqualTo("for blue");
		assertThat(main.process().events("event"))
			.filteredOn((event) -> event.get("name").asString().equals("announcement"))
			.hasSize(1);
	}

	@Test
	void aRestControllerReturnsTheAcknowledgementsOfARoomAsJson() {
		AppClient red1 = AppClient.start(this.node, url("/rooms"), OPTIONS, Map.of("poll", List.of("yes")));
		AppClient red2 = AppClient.start(this.node, url("/rooms"), OPTIONS, Map.of("poll", List.of("no", 2)));
		AppClient blue = AppClient.start(this.node, url("/rooms"), OPTIONS, Map.of("poll", List.of("blue")));
		String red1Id = red1.awaitConnect().get("id").asString();
		String red2Id = red2.awaitConnect().get("id").asString();
		blue.awaitConnect();
		red1.emitWithAck("join", "red");
		red2.emitWithAck("join", "red");
		blue.emitWithAck("join", "blue");

		JsonNode acks = this.web.post()
			.uri("/api/polls")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("room", "red", "question", "lunch?", "timeoutMillis", 5000))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(acks).isNotNull();
		assertThat(acks.isArray()).as("a JSON array: %s", acks).isTrue();
		Map<String, JsonNode> bySocket = new LinkedHashMap<>();
		acks.forEach((ack) -> bySocket.put(ack.get("socketId").asString(), ack.get("args")));
		assertThat(bySocket).containsOnlyKeys(red1Id, red2Id);
		assertThat(strings(bySocket.get(red1Id))).containsExactly("yes");
		assertThat(strings(bySocket.get(red2Id))).containsExactly("no", "2");
		assertThat(red1.awaitServerEvent("poll").get(0).asString()).isEqualTo("lunch?");
		assertThat(blue.process().events("event")).filteredOn((event) -> event.get("name").asString().equals("poll"))
			.isEmpty();
	}

	// ---- customizers

	@Test
	void aCustomizersMiddlewareRefusesABadTokenWithDataAndLetsAGoodOneIn() {
		AppClient refused = AppClient.start(this.node, url("/guarded"), options("auth", Map.of("token", "nope")));
		JsonNode error = refused.awaitConnectError();
		assertThat(error.get("message").asString()).isEqualTo("invalid token");
		assertThat(error.at("/data/retry").isBoolean()).isTrue();
		assertThat(error.at("/data/retry").asBoolean()).isFalse();

		AppClient admitted = connect("/guarded", options("auth", Map.of("token", AnnotatedApplication.TOKEN)));
		assertThat(strings(admitted.emitWithAck("secret"))).containsExactly("granted");
	}

	private static List<Map.Entry<String, String>> violations(JsonNode answer) {
		List<Map.Entry<String, String>> violations = new ArrayList<>();
		answer.get("violations")
			.forEach((violation) -> violations
				.add(entry(violation.get("field").asString(), violation.get("message").asString())));
		return violations;
	}

	/** What was written since a test began, not what earlier tests of the class wrote. */
	private static String since(CapturedOutput output, int mark) {
		return output.getOut().substring(mark);
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((node) -> values.add(node.asString()));
		return values;
	}

}
