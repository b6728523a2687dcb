package io.github.socketiospringboot.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two pages of the sample chat in headless Chromium (Debian's package, driven by
 * playwright-core): both connect with the official browser client and upgrade to
 * WebSocket, and a message sent by one appears in the other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatBrowserTests {

	private static final Path SCRIPTS = Path.of("src", "test", "browser");

	@LocalServerPort
	int port;

	@Test
	void aMessageFromOnePageAppearsInTheOtherAfterTheUpgradeToWebSocket() throws Exception {
		String chromium = findChromium();
		installPackages();
		Process node = new ProcessBuilder("node", "chat.mjs", "http://127.0.0.1:" + this.port, chromium)
			.directory(SCRIPTS.toFile())
			.redirectErrorStream(true)
			.start();
		boolean finished = node.waitFor(90, TimeUnit.SECONDS);
		if (!finished) {
			node.destroyForcibly();
		}
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(finished).as("browser script finished in time; output:%n%s", output).isTrue();
		assertThat(node.exitValue()).as("browser script output:%n%s", output).isZero();
		List<String> steps = output.lines().filter((line) -> line.startsWith("{")).toList();
		assertThat(steps).filteredOn((line) -> line.contains("\"connected\""))
			.hasSize(2)
			.allSatisfy((line) -> assertThat(line).contains("\"transport\":\"websocket\""));
		assertThat(steps).anySatisfy((line) -> assertThat(line).contains("\"delivered\"").contains("\"bobSaw\":true"));
		assertThat(steps).last().asString().contains("\"done\"");
	}

	private static String findChromium() {
		for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
			if (new File(candidate).canExecute()) {
				return candidate;
			}
		}
		throw new IllegalStateException(
				"This test drives Debian's Chromium: install it with 'apt-get install chromium' (.ci/run does)");
	}

	private static void installPackages() throws IOException, InterruptedException {
		if (Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"))) {
			return;
		}
		// not the test JVM's streams: they are Surefire's channel to its fork, which
		// npm's
		// output ("added 1 package") would corrupt
		Path log = Files.createTempFile("npm-ci", ".log");
		Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
			.directory(SCRIPTS.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		npm.getOutputStream().close();
		assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
		assertThat(npm.exitValue()).as("npm ci exit code; output:%n%s", Files.readString(log)).isZero();
		Files.delete(log);
	}

}
