package io.github.socketiospringboot.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.github.socketiospringboot.metrics.SocketIOMetrics;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.test.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code socketio} Actuator endpoint and health contributor of an application with
 * every auto-configuration, over HTTP, on a real redis-server that goes away and comes
 * back; and the meters it then has.
 */
class SocketIOActuatorTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void endpointHealthAndMetersOfAnApplicationOnRedis() throws Exception {
		assertThat(RedisServer.available()).as("redis-server installed (.ci/run installs it)").isTrue();
		try (RedisServer redis = RedisServer.start()) {
			ConfigurableApplicationContext context = start("spring.data.redis.port=" + redis.port(),
					"socketio.adapter.type=redis");
			try {
				int port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
				WebClient http = WebClient.create("http://127.0.0.1:" + port);
				SocketIOServer io = context.getBean(SocketIOServer.class);
				io.of("/chat").onConnection((socket) -> socket.join("lobby"));
				assertThat(context.getBean(MeterRegistry.class).find("socketio.connections").gauges()).hasSize(2);
				assertThat(context.getBeansOfType(SocketIOMetrics.class)).hasSize(1);

				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(health(http).path("status").asString()).isEqualTo("UP"));

				Socket client = IO.socket(URI.create("http://127.0.0.1:" + port + "/chat"),
						IO.Options.builder()
							.setForceNew(true)
							.setReconnection(false)
							.setTransports(new String[] { "websocket" })
							.build());
				try {
					client.connect();
					await().atMost(WAIT).until(client::connected);

					JsonNode overview = get(http, "/actuator/socketio");
					assertThat(overview.at("/local/connections/websocket").asInt()).isEqualTo(1);
					assertThat(overview.at("/local/connections/total").asInt()).isEqualTo(1);
					JsonNode chat = null;
					for (JsonNode namespace : overview.at("/local/namespaces")) {
						if (namespace.path("name").asString().equals("/chat")) {
							chat = namespace;
						}
					}
					assertThat(chat).isNotNull();
					assertThat(chat.path("sockets").asInt()).isEqualTo(1);
					assertThat(chat.path("rooms").asInt()).isEqualTo(1);
					assertThat(overview.at("/cluster/adapter").asString()).isEqualTo("redis");
					assertThat(overview.at("/cluster/servers").asInt()).isEqualTo(1);
					assertThat(overview.at("/configuration/path").asString()).isEqualTo("/socket.io/");

					JsonNode rooms = get(http, "/actuator/socketio?namespace=/chat&page=0&size=10");
					assertThat(rooms.path("found").asBoolean()).isTrue();
					assertThat(rooms.at("/rooms/total").asInt()).isEqualTo(1);
					assertThat(rooms.at("/rooms/items/0/name").asString()).isEqualTo("lobby");
					assertThat(rooms.at("/rooms/items/0/sockets").asInt()).isEqualTo(1);
					JsonNode second = get(http, "/actuator/socketio?namespace=/chat&page=1&size=10");
					assertThat(second.at("/rooms/items").size()).isZero();
					assertThat(get(http, "/actuator/socketio?namespace=/nowhere").path("found").asBoolean()).isFalse();
				}
				finally {
					client.disconnect();
				}

				// Redis goes away: DOWN with the reason; it comes back: UP
				redis.stop();
				await().atMost(WAIT).untilAsserted(() -> {
					JsonNode health = health(http);
					assertThat(health.path("status").asString()).isEqualTo("DOWN");
					assertThat(health.at("/details/reason").asString()).contains("redis");
				});
				redis.restart();
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(health(http).path("status").asString()).isEqualTo("UP"));
			}
			finally {
				context.close();
			}
		}
	}

	@Test
	void theHealthIsOutOfServiceOnceTheServerShutsDown() {
		ConfigurableApplicationContext context = start();
		try {
			int port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
			WebClient http = WebClient.create("http://127.0.0.1:" + port);
			assertThat(health(http).path("status").asString()).isEqualTo("UP");
			assertThat(health(http).at("/details/adapter").asString()).isEqualTo("memory");
			// the server closes first when the application stops; the health says so
			context.getBean(SocketIOServer.class).close();
			assertThat(health(http).path("status").asString()).isEqualTo("OUT_OF_SERVICE");
		}
		finally {
			context.close();
		}
	}

	@Test
	void metricsCanBeTurnedOff() {
		ConfigurableApplicationContext context = start("socketio.metrics.enabled=false");
		try {
			assertThat(context.getBeansOfType(SocketIOMetrics.class)).isEmpty();
			assertThat(context.getBean(MeterRegistry.class).find("socketio.connections").gauges()).isEmpty();
		}
		finally {
			context.close();
		}
	}

	/**
	 * Returns the {@code socketio} health component (Spring Data Redis's own contributor
	 * is off: it would wait for a Redis that is away).
	 */
	private static JsonNode health(WebClient http) {
		return http.get()
			.uri("/actuator/health")
			.exchangeToMono((response) -> response.bodyToMono(String.class))
			.map((body) -> JsonMapper.shared().readTree(body).at("/components/socketio"))
			.block(WAIT);
	}

	private static JsonNode get(WebClient http, String path) {
		try {
			String body = http.get().uri(path).retrieve().bodyToMono(String.class).block(WAIT);
			return JsonMapper.shared().readTree(body);
		}
		catch (WebClientResponseException ex) {
			throw new AssertionError(path + ": " + ex.getStatusCode() + " " + ex.getResponseBodyAsString(), ex);
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.setListeners(application.getListeners()
			.stream()
			.filter((listener) -> !(listener instanceof LoggingApplicationListener))
			.toList());
		List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--management.endpoints.web.exposure.include=health,socketio",
				"--management.endpoint.health.show-details=always", "--management.health.redis.enabled=false",
				"--spring.autoconfigure.exclude="
						+ "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
						+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration"));
		for (String property : properties) {
			args.add("--" + property);
		}
		return application.run(args.toArray(new String[0]));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
