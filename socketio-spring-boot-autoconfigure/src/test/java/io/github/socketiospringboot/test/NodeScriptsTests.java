package io.github.socketiospringboot.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NodeScriptsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@Test
	void theScriptGetsItsArgumentsAndCommandsDriveIt() {
		NodeProcess script = this.node.start("harness-check.mjs", "one", "twö");
		assertThat(script.awaitEvent("ready", TIMEOUT).get("args").values()).extracting(JsonNode::asString)
			.containsExactly("one", "twö");
		script.send(Map.of("cmd", "echo", "value", "héllo ✓ 😀\nsecond line"));
		assertThat(script.awaitEvent("echo", TIMEOUT).get("value").asString()).isEqualTo("héllo ✓ 😀\nsecond line");
	}

	@Test
	void eventsAreHandedOutOnceEachInArrivalOrderWhateverKindIsAwaitedFirst() {
		NodeProcess script = this.node.start("harness-check.mjs");
		script.send(Map.of("cmd", "many", "count", 6));
		List<JsonNode> odd = script.awaitEvents("odd", 3, TIMEOUT);
		assertThat(odd).extracting((event) -> event.get("i").asInt()).containsExactly(1, 3, 5);
		assertThat(script.awaitEvent("even", TIMEOUT).get("i").asInt()).isZero();
		assertThat(script.next(TIMEOUT).get("event").asString()).isEqualTo("ready");
		assertThat(script.next(TIMEOUT).get("text").asString()).as("the line that is not JSON")
			.isEqualTo("a line that is not JSON");
		assertThat(script.awaitEvents("even", 2, TIMEOUT)).extracting((event) -> event.get("i").asInt())
			.containsExactly(2, 4);
		assertThat(script.events()).extracting((event) -> event.get("event").asString())
			.containsExactly("ready", "stdout", "even", "odd", "even", "odd", "even", "odd");
		assertThat(script.events("odd")).hasSize(3);
	}

	@Test
	void aFailingCommandIsReportedAndTheScriptGoesOn() {
		NodeProcess script = this.node.start("harness-check.mjs");
		script.send(Map.of("cmd", "fail", "message", "no such thing"));
		script.send(Map.of("cmd", "nonsense"));
		script.send(Map.of("cmd", "echo", "value", "still here"));
		List<JsonNode> errors = script.awaitEvents("commandError", 2, TIMEOUT);
		assertThat(errors.get(0).at("/error/message").asString()).isEqualTo("no such thing");
		assertThat(errors.get(1).at("/error/message").asString()).contains("unknown command");
		assertThat(script.awaitEvent("echo", TIMEOUT).get("value").asString()).isEqualTo("still here");
	}

	@Test
	void awaitingAScriptThatEndedFailsAtOnceWithItsExitCodeEventsAndStderr() {
		NodeProcess script = this.node.start("harness-check.mjs");
		script.send(Map.of("cmd", "stderr", "text", "something on stderr"));
		script.send(Map.of("cmd", "crash", "message", "boom"));
		assertThat(script.awaitEvent("crash", TIMEOUT).at("/error/message").asString()).isEqualTo("boom");
		assertThat(script.awaitExit(TIMEOUT)).isEqualTo(1);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> script.awaitEvent("never", TIMEOUT))
			.withMessageContaining("The script ended before event 'never' arrived")
			.withMessageContaining("exited with 1")
			.withMessageContaining("\"event\":\"crash\"")
			.withMessageContaining("something on stderr");
	}

	@Test
	void aScriptStillRunningAfterItsHardTimeoutIsKilled() {
		// long enough for Node to start on a loaded machine, short against the 10 s waits
		NodeProcess script = this.node.withHardTimeout(Duration.ofSeconds(3)).start("harness-check.mjs");
		script.awaitEvent("ready", TIMEOUT);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> script.awaitEvent("never", TIMEOUT))
			.withMessageContaining("killed after the hard timeout of 3000 ms");
		assertThat(script.awaitExit(TIMEOUT)).as("exit code").isNotZero();
		assertThat(script.isAlive()).isFalse();
	}

	@Test
	void closingStdinEndsAScriptBuiltOnTheHarnessModule() {
		NodeProcess script = this.node.start("harness-check.mjs");
		script.awaitEvent("ready", TIMEOUT);
		script.closeStdin();
		assertThat(script.awaitExit(TIMEOUT)).isZero();
	}

	@Test
	void closeAllKillsEveryScriptStarted() {
		NodeScripts scripts = NodeScripts.in(this.node.directory());
		List<NodeProcess> started = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			started.add(scripts.start("harness-check.mjs", String.valueOf(i)));
		}
		for (NodeProcess script : started) {
			script.awaitEvent("ready", TIMEOUT);
		}
		scripts.closeAll();
		assertThat(started).noneMatch(NodeProcess::isAlive);
	}

	@Test
	void aMissingScriptIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.node.start("no-such-script.mjs"))
			.withMessageContaining("no-such-script.mjs");
	}

}
