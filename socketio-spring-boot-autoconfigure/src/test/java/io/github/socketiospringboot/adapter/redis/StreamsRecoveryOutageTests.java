package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.RedisServer;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.test.SioClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection state recovery on the Redis Streams adapter while Redis does not answer
 * writes ({@code CLIENT PAUSE ... WRITE} on a real {@code redis-server}), with the
 * official {@code socket.io-client}: a stored broadcast, which waits for its
 * {@code XADD}'s entry id before it is delivered on its own server, reaches that server's
 * client within the request timeout (not Lettuce's 60 s command timeout), without offset
 * and in order, with one WARN line; once Redis answers again, broadcasts carry offsets
 * again and the client recovers on the other server from the last one.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamsRecoveryOutageTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

	/** Room for the timer's tick, the hand-over to the client and a loaded machine. */
	private static final Duration MARGIN = Duration.ofMillis(1500);

	private static final String PREFIX = "outage";

	private static final String WARNING = "reach this server's clients without offset";

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	private TestRedis redis;

	private ClusterNode a;

	private ClusterNode b;

	private final AtomicBoolean shoutedOnNonBlockingThread = new AtomicBoolean();

	@BeforeEach
	void start() {
		this.redis = TestRedis.standalone();
		this.a = startJava();
		this.b = startJava();
		SocketIOServer io = this.a.io();
		io.sockets().onConnection((socket) -> socket.on("shout", (event) -> {
			// on the connection's event loop: publishing there must not wait for Redis
			this.shoutedOnNonBlockingThread.set(Schedulers.isInNonBlockingThread());
			for (int i = 1; i <= 3; i++) {
				io.emit("during", i);
			}
		}));
	}

	@AfterEach
	void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { this.a, this.b, this.redis }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// next
				}
			}
		}
	}

	private ClusterNode startJava() {
		Duration maxDisconnection = Duration.ofSeconds(30);
		StreamsOptions streams = new StreamsOptions(PREFIX, 1, PREFIX, false, 10_000, 100, Duration.ofSeconds(5),
				PREFIX + ":session:", REQUEST_TIMEOUT, maxDisconnection);
		ClusterNode server = ClusterNode.start(this.redis.streams(streams),
				SocketIOOptions.defaults()
					.withConnectionStateRecovery(
							ConnectionStateRecovery.ENABLED.withMaxDisconnectionDuration(maxDisconnection)));
		await().atMost(WAIT).until(() -> server.adapters().streams().lastRead(PREFIX) != null);
		return server;
	}

	@Test
	void whileRedisDoesNotAnswerWritesLocalClientsGetBroadcastsWithinTheRequestTimeoutWithoutOffset(
			CapturedOutput output) {
		SioClient client = SioClient.start(this.node, this.a.url()).connect("/", "/", Transport.WEBSOCKET.options());
		String id = client.awaitConnect("/", WAIT);
		this.a.io().emit("before", 0);
		assertThat(offsetOf(client.awaitEvent("/", "before", WAIT))).isNotNull();

		// Lettuce's command timeout is 60 s: only the adapter's bound ends the wait
		server().command("CLIENT", "PAUSE", "60000", "WRITE");
		try {
			long start = System.nanoTime();
			client.emit("/", "shout");
			List<JsonNode> during = client.awaitEvents("/", "during", 3, REQUEST_TIMEOUT.plus(MARGIN));
			long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
			for (int i = 0; i < 3; i++) {
				// in order, without the offset Redis did not give
				assertThat(SioClient.args(during.get(i))).as(during.get(i).toString()).hasSize(1);
				assertThat(SioClient.args(during.get(i)).get(0).asInt()).isEqualTo(i + 1);
			}
			assertThat(elapsed).isLessThan(REQUEST_TIMEOUT.plus(MARGIN).toMillis());
			assertThat(this.shoutedOnNonBlockingThread).isTrue();
			List<String> warnings = output.getAll().lines().filter((line) -> line.contains(WARNING)).toList();
			assertThat(warnings).hasSize(1);
			assertThat(warnings.get(0)).contains("WARN", "request timeout (500 ms)");
			String after = output.getAll().substring(output.getAll().indexOf(WARNING));
			assertThat(after.lines().skip(1).findFirst().orElse("")).doesNotStartWith("\tat ");
		}
		finally {
			server().command("CLIENT", "UNPAUSE");
		}

		// Redis answers again: the next broadcast has its offset, and a client recovers
		// from it
		this.a.io().emit("after", 4);
		assertThat(offsetOf(client.awaitEvent("/", "after", WAIT))).isNotNull();
		assertThat(output.getAll()).contains("are published with their offsets again");
		client.cut("/");
		client.awaitReport("disconnect", "/", WAIT);
		await().atMost(WAIT).until(() -> !server().command("KEYS", PREFIX + ":session:*").isBlank());
		long length = streamLength();
		this.b.io().emit("gap", 5);
		await().atMost(WAIT).until(() -> streamLength() > length);
		client.reopen("/", this.b.url());
		JsonNode connect = client.awaitReport("connect", "/", WAIT);
		assertThat(connect.get("id").asString()).isEqualTo(id);
		assertThat(connect.get("recovered").asBoolean()).isTrue();
		assertThat(offsetOf(client.awaitEvent("/", "gap", WAIT))).isNotNull();
		this.b.io().emit("last", 6);
		client.awaitEvent("/", "last", WAIT);
		assertThat(client.received("/").stream().map((event) -> event.get("name").asString())).containsExactly("before",
				"during", "during", "during", "after", "gap", "last");
		assertThat(output.getAll().lines().filter((line) -> line.contains(WARNING))).hasSize(1);
	}

	private RedisServer server() {
		return ((TestRedis.Standalone) this.redis).server();
	}

	private long streamLength() {
		return Long.parseLong(server().command("XLEN", PREFIX).trim());
	}

	/** Returns the entry id an event carries as its last argument, if any. */
	private static String offsetOf(JsonNode event) {
		ArrayNode args = SioClient.args(event);
		String last = args.isEmpty() ? "" : args.get(args.size() - 1).asString("");
		return last.matches("[0-9]+-[0-9]+") ? last : null;
	}

}
