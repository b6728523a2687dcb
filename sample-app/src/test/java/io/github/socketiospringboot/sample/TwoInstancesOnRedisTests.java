package io.github.socketiospringboot.sample;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.adapter.redis.RedisAdapterFactory;
import io.github.socketiospringboot.server.SocketIOServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The sample application on Redis, as the README runs it: two instances with
 * {@code socketio.adapter.type=redis} on one (test) {@code redis-server} share their
 * broadcasts; and the default start (in-memory) neither needs nor touches Redis, although
 * Spring Data Redis is on the class path.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwoInstancesOnRedisTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(SampleApplication.class).run(args);
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static int serverCount(ConfigurableApplicationContext context) {
		return context.getBean(SocketIOServer.class)
			.sockets()
			.adapter()
			.serverCount()
			.onErrorReturn(-1)
			.block(Duration.ofSeconds(5));
	}

	@Test
	void twoInstancesOnOneRedisShareTheirBroadcasts(CapturedOutput output) throws Exception {
		try (RedisProcess redis = RedisProcess.start();
				ConfigurableApplicationContext one = start("--server.port=0", "--socketio.adapter.type=redis",
						"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port());
				ConfigurableApplicationContext two = start("--server.port=0", "--socketio.adapter.type=redis",
						"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port())) {
			assertThat(one.getBean(RedisAdapterFactory.class).type()).isEqualTo("redis");
			await().atMost(Duration.ofSeconds(10)).until(() -> serverCount(one) == 2 && serverCount(two) == 2);
			try (ChatClient alice = ChatClient.connect(this.http, port(one));
					ChatClient bob = ChatClient.connect(this.http, port(two))) {
				// bob's arrival, announced by instance two, reaches alice on instance one
				alice.awaitEvent("presence", (presence) -> presence.path("id").asString("").equals(bob.id()));

				assertThat(alice.emitWithAck("message", Map.of("text", "hello from one", "to", "others")).toString())
					.contains("\"status\":\"delivered\"");
				assertThat(bob
					.awaitEvent("message", (message) -> message.path("text").asString("").equals("hello from one"))
					.get("from")
					.asString()).isEqualTo(alice.id());

				bob.emitWithAck("join", "room-x");
				alice.emitWithAck("join", "room-x");
				bob.emitWithAck("message", Map.of("text", "to room-x", "to", "room", "room", "room-x"));
				alice.awaitEvent("message", (message) -> message.path("text").asString("").equals("to room-x"));

				HttpResponse<String> announced = this.http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(two) + "/api/announcements"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"from two\"}"))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(announced.statusCode()).isEqualTo(200);
				alice.awaitEvent("announcement", (text) -> text.asString("").equals("from two"));
			}
		}
		// the adapters closed before Spring Data Redis shut the Lettuce client down
		assertThat(output.getAll()).doesNotContain("lost its Redis connection", "Connection is already closed");
	}

	@Test
	void theDefaultStartIsInMemoryAndOpensNoRedisConnection(CapturedOutput output) throws Exception {
		// a port where a Redis would be: nothing may connect to it
		try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				ConfigurableApplicationContext context = start("--server.port=0", "--spring.data.redis.host=127.0.0.1",
						"--spring.data.redis.port=" + trap.getLocalPort())) {
			assertThat(context.getBean(SocketIOServer.class).sockets().adapter()).isInstanceOf(InMemoryAdapter.class);
			assertThat(context.getBeansOfType(RedisAdapterFactory.class)).isEmpty();
			// Spring Boot's Redis auto-configuration is there, and idle
			assertThat(context.getBeansOfType(LettuceConnectionFactory.class)).hasSize(1);
			try (ChatClient alice = ChatClient.connect(this.http, port(context))) {
				assertThat(alice.emitWithAck("message", Map.of("text", "hi", "to", "all")).toString())
					.contains("delivered");
				alice.awaitEvent("message", (message) -> message.path("text").asString("").equals("hi"));
			}
			trap.setSoTimeout(500);
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(trap::accept);
		}
		// no Redis connection, repository scanning, health or warning line
		assertThat(output.getAll()).doesNotContain("Redis", "lettuce");
	}

}
