package io.github.socketiospringboot.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.socketiospringboot.test.NodeProcess;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.security.crypto.bcrypt.BCrypt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Admin UI itself: the static build of the {@code @socket.io/admin-ui}
 * package (installed in {@code src/test/admin-ui}, nothing of it committed), served from
 * another origin than the server's as the hosted UI would be, in Debian's headless
 * Chromium driven by playwright-core. It logs in, lists the sockets of the official
 * clients connected to the server, and a click on a socket's disconnect button
 * disconnects that client.
 */
class AdminUiBrowserTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Path SCRIPTS = Path.of("src", "test", "admin-ui");

	@RegisterExtension
	final NodeScripts node = NodeScripts.create().withHardTimeout(Duration.ofSeconds(120));

	@Test
	void theUiLogsInListsTheSocketsAndDisconnectsOne() throws Exception {
		String chromium = findChromium();
		NodeScripts browser = NodeScripts.in(SCRIPTS).withHardTimeout(Duration.ofSeconds(100));
		NodeScripts.ensureInstalled(SCRIPTS);
		HttpServer ui = serve(SCRIPTS.resolve("node_modules/@socket.io/admin-ui/ui/dist"));
		String uiOrigin = "http://127.0.0.1:" + ui.getAddress().getPort();
		try (RunningApplication application = RunningApplication.start(
				new Class<?>[] { AdminUiTests.AdminApplication.class }, "socketio.admin-ui.enabled=true",
				"socketio.admin-ui.username=admin",
				"socketio.admin-ui.password=" + BCrypt.hashpw("s3cret", BCrypt.gensalt(4)),
				"socketio.admin-ui.server-id=browser-test", "socketio.cors.allowed-origins=" + uiOrigin,
				"socketio.cors.allow-credentials=true")) {
			String serverUrl = "http://127.0.0.1:" + application.port();
			SioClient users = SioClient.start(this.node, serverUrl);
			users.connect("alice", "/", Map.of("forceNew", true));
			users.connect("bob", "/", Map.of("forceNew", true));
			String alice = users.awaitConnect("alice", TIMEOUT);
			String bob = users.awaitConnect("bob", TIMEOUT);

			NodeProcess page = browser.start("admin-ui.mjs", uiOrigin, serverUrl, chromium, "admin", "s3cret", alice,
					bob);
			try {
				page.awaitEvent("loggedIn", Duration.ofSeconds(60));
				JsonNode listed = page.awaitEvent("listed", TIMEOUT);
				assertThat(listed.get("ids").toString()).contains(alice, bob);
				page.awaitEvent("clicked", TIMEOUT);
				assertThat(users.awaitReport("disconnect", "alice", TIMEOUT).get("reason").asString())
					.isEqualTo("io server disconnect");
				page.awaitEvent("removed", TIMEOUT);
				assertThat(page.awaitEvent("servers", TIMEOUT).get("text").asString()).contains("browser-test");
				page.awaitEvent("done", TIMEOUT);
				assertThat(page.awaitExit(TIMEOUT)).isZero();
			}
			catch (AssertionError ex) {
				throw new AssertionError(ex.getMessage() + "\nbrowser steps: " + page.events(), ex);
			}
			assertThat(users.reports("disconnect", "bob")).isEmpty();
			assertThat(page.events("pageerror")).isEmpty();
		}
		finally {
			ui.stop(0);
		}
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

	/**
	 * Serves a folder's files over HTTP on a free port of the loopback interface.
	 */
	private static HttpServer serve(Path root) throws IOException {
		Path base = root.toAbsolutePath().normalize();
		assertThat(base.resolve("index.html")).as("the Admin UI's static build").isRegularFile();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				String path = exchange.getRequestURI().getPath();
				Path file = base.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
				if (!file.startsWith(base) || !Files.isRegularFile(file)) {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
				send(exchange, file);
			}
		});
		server.start();
		return server;
	}

	private static void send(HttpExchange exchange, Path file) throws IOException {
		byte[] body = Files.readAllBytes(file);
		String name = file.getFileName().toString();
		String type = name.endsWith(".html") ? "text/html; charset=utf-8"
				: name.endsWith(".js") ? "text/javascript; charset=utf-8"
						: name.endsWith(".css") ? "text/css; charset=utf-8" : name.endsWith(".svg") ? "image/svg+xml"
								: name.endsWith(".png") ? "image/png" : "application/octet-stream";
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
