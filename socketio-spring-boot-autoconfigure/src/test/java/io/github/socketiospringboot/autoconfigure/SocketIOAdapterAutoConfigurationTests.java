package io.github.socketiospringboot.autoconfigure;

import java.time.Duration;

import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.adapter.cluster.ClusterAdapter;
import io.github.socketiospringboot.adapter.cluster.classic.ClassicAdapterFactory;
import io.github.socketiospringboot.adapter.cluster.classic.ClassicOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedAdapterFactory;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.github.socketiospringboot.adapter.redis.RedisAdapterFactory;
import io.github.socketiospringboot.adapter.redis.RedisAdapterFactoryAccess;
import io.github.socketiospringboot.adapter.redis.RedisUnavailableException;
import io.github.socketiospringboot.adapter.redis.StreamsOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.test.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class SocketIOAdapterAutoConfigurationTests {

	/** Nothing listens there: the adapters keep trying in the background. */
	private static final String NO_REDIS = "spring.data.redis.port=1";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				SocketIOAdapterAutoConfiguration.class, SocketIOAutoConfiguration.class))
		.withPropertyValues(NO_REDIS);

	@Test
	void theInMemoryAdapterIsTheDefault() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(AdapterFactory.class);
			assertThat(context.getBean(SocketIOServer.class).sockets().adapter())
				.isExactlyInstanceOf(InMemoryAdapter.class);
		});
	}

	@Test
	void typeRedisGivesTheClassicAdaptersOnBootsRedisClient() {
		this.runner
			.withPropertyValues("socketio.adapter.type=redis", "socketio.adapter.redis.key-prefix=app",
					"socketio.adapter.redis.request-timeout=1500",
					"socketio.adapter.redis.publish-on-specific-response-channel=true")
			.run((context) -> {
				RedisAdapterFactory factory = context.getBean(RedisAdapterFactory.class);
				assertThat(factory.protocol()).isInstanceOf(ClassicAdapterFactory.class);
				assertThat(((ClassicAdapterFactory) factory.protocol()).options())
					.isEqualTo(new ClassicOptions("app", Duration.ofMillis(1500), true));
				assertThat(factory.type()).isEqualTo("redis");
				assertThat(context.getBean(SocketIOServer.class).sockets().adapter())
					.isInstanceOf(ClusterAdapter.class);
			});
	}

	@Test
	void typeRedisShardedGivesTheShardedAdapters() {
		this.runner
			.withPropertyValues("socketio.adapter.type=redis-sharded",
					"socketio.adapter.redis.subscription-mode=dynamic-private")
			.run((context) -> {
				RedisAdapterFactory factory = context.getBean(RedisAdapterFactory.class);
				assertThat(((ShardedAdapterFactory) factory.protocol()).options()).isEqualTo(
						new ShardedOptions("socket.io", Duration.ofSeconds(5), SubscriptionMode.DYNAMIC_PRIVATE));
				assertThat(factory.type()).isEqualTo("redis-sharded");
				assertThat(context.getBean(SocketIOServer.class).sockets().adapter())
					.isInstanceOf(ClusterAdapter.class);
			});
	}

	@Test
	void typeRedisStreamsGivesTheStreamsAdaptersWithTheRecoveryDurationAsSessionExpiry() {
		this.runner
			.withPropertyValues("socketio.adapter.type=redis-streams", "socketio.adapter.redis.key-prefix=app",
					"socketio.adapter.redis.streams.name=app-stream", "socketio.adapter.redis.streams.count=3",
					"socketio.adapter.redis.streams.max-length=500", "socketio.adapter.redis.streams.read-count=10",
					"socketio.adapter.redis.streams.block-time=1000",
					"socketio.adapter.redis.streams.session-key-prefix=app:session:",
					"socketio.adapter.redis.streams.sharded-pub-sub=true",
					"socketio.connection-state-recovery.max-disconnection-duration=30s")
			.run((context) -> {
				RedisAdapterFactory factory = context.getBean(RedisAdapterFactory.class);
				assertThat(factory.type()).isEqualTo("redis-streams");
				assertThat(RedisAdapterFactoryAccess.streamsOptions(factory))
					.isEqualTo(new StreamsOptions("app-stream", 3, "app", true, 500, 10, Duration.ofSeconds(1),
							"app:session:", Duration.ofSeconds(5), Duration.ofSeconds(30)));
				assertThat(context.getBean(SocketIOServer.class).sockets().adapter())
					.isInstanceOf(ClusterAdapter.class);
			});
	}

	@Test
	void theRedisDefaultsAreTheNodeAdaptersDefaults() {
		SocketIOProperties.Redis redis = new SocketIOProperties().getAdapter().getRedis();
		assertThat(SocketIOPropertiesMapper.classicOptions(redis)).isEqualTo(ClassicOptions.DEFAULTS);
		assertThat(SocketIOPropertiesMapper.shardedOptions(redis)).isEqualTo(ShardedOptions.DEFAULTS);
		assertThat(SocketIOPropertiesMapper.streamsOptions(redis, Duration.ofMinutes(2)))
			.isEqualTo(StreamsOptions.DEFAULTS);
		assertThat(new SocketIOProperties().getAdapter().getType()).isEqualTo(SocketIOProperties.AdapterType.MEMORY);
	}

	@Test
	void stoppingTheContextClosesTheTransport() {
		this.runner.withPropertyValues("socketio.adapter.type=redis").run((context) -> {
			RedisAdapterFactory factory = context.getBean(RedisAdapterFactory.class);
			context.close();
			assertThat(RedisAdapterFactoryAccess.isConnected(factory)).isFalse();
			assertThatExceptionOfType(RedisUnavailableException.class)
				.isThrownBy(() -> RedisAdapterFactoryAccess.publish(factory, "x", new byte[0]).block())
				.withMessageContaining("closed");
		});
	}

	@Test
	void theAdaptersCloseBeforeSpringDataRedisShutsItsClientDown(CapturedOutput output) {
		try (RedisServer redis = RedisServer.start()) {
			this.runner.withPropertyValues("socketio.adapter.type=redis", "spring.data.redis.port=" + redis.port())
				.run((context) -> {
					RedisAdapterFactory factory = context.getBean(RedisAdapterFactory.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> RedisAdapterFactoryAccess.isConnected(factory));
					context.close();
					assertThat(RedisAdapterFactoryAccess.isConnected(factory)).isFalse();
				});
		}
		// the connections were not pulled from under the transport
		assertThat(output.getAll()).doesNotContain("lost its Redis connection", "Connection is already closed");
	}

	@Test
	void aUsersAdapterFactoryWins() {
		this.runner.withPropertyValues("socketio.adapter.type=redis")
			.withUserConfiguration(UserAdapter.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisAdapterFactory.class);
				assertThat(context.getBean(AdapterFactory.class)).isSameAs(UserAdapter.FACTORY);
			});
	}

	@Test
	void withoutRedisOnTheClassPathNothingChanges() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "io.lettuce"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(AdapterFactory.class);
				assertThat(context.getBean(SocketIOServer.class).sockets().adapter())
					.isExactlyInstanceOf(InMemoryAdapter.class);
			});
	}

	@Test
	void askingForRedisWithoutRedisOnTheClassPathFailsClearly() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "io.lettuce"))
			.withPropertyValues("socketio.adapter.type=redis-sharded")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("socketio.adapter.type=redis-sharded needs Spring Data Redis and Lettuce")
				.hasMessageContaining("spring-boot-starter-data-redis"));
	}

	@Test
	void askingForRedisWithoutAConnectionFactoryFailsClearly() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
					SocketIOAdapterAutoConfiguration.class, SocketIOAutoConfiguration.class))
			.withPropertyValues("socketio.adapter.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("needs one LettuceConnectionFactory bean"));
	}

	@Test
	void onRedisClusterTheAdaptersTakeBootsClusterClientAndKeepTryingUntilItAnswers(CapturedOutput output) {
		this.runner
			.withPropertyValues("socketio.adapter.type=redis-sharded", "spring.data.redis.cluster.nodes=127.0.0.1:1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(LettuceConnectionFactory.class).isClusterAware()).isTrue();
				RedisAdapterFactory factory = context.getBean(RedisAdapterFactory.class);
				assertThat(factory.type()).isEqualTo("redis-sharded");
				assertThat(context.getBean(SocketIOServer.class).sockets().adapter())
					.isInstanceOf(ClusterAdapter.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> output.getAll().contains("Cannot connect the Socket.IO adapter to Redis (retrying)"));
				assertThat(RedisAdapterFactoryAccess.isConnected(factory)).isFalse();
				assertThatExceptionOfType(RedisUnavailableException.class)
					.isThrownBy(() -> RedisAdapterFactoryAccess.publish(factory, "x", new byte[0]).block());
			});
		this.runner.withPropertyValues("socketio.adapter.type=redis", "spring.data.redis.cluster.nodes=127.0.0.1:1")
			.run((context) -> assertThat(context.getBean(RedisAdapterFactory.class).type()).isEqualTo("redis"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserAdapter {

		static final AdapterFactory FACTORY = InMemoryAdapter::new;

		@Bean
		AdapterFactory userAdapterFactory() {
			return FACTORY;
		}

	}

}
