package io.github.socketiospringboot.autoconfigure;

import java.time.Duration;
import java.util.Locale;

import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.redis.RedisAdapterFactory;
import io.github.socketiospringboot.autoconfigure.SocketIOProperties.AdapterType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configures the {@link AdapterFactory} of the Socket.IO server from
 * {@code socketio.adapter.*}: with {@code type} {@code redis}, {@code redis-sharded} or
 * {@code redis-streams}, the Redis adapters on the Lettuce client that Spring Boot
 * configures from {@code spring.data.redis.*}. The in-memory default needs no bean, and a
 * user's {@link AdapterFactory} always wins.
 */
@AutoConfiguration(before = SocketIOAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(SocketIOProperties.class)
public final class SocketIOAdapterAutoConfiguration {

	static final String LETTUCE_CONNECTION_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	static final String LETTUCE_CLIENT = "io.lettuce.core.RedisClient";

	static final String BEAN_NAME = "socketIORedisAdapterFactory";

	static final String MAX_DISCONNECTION_DURATION = "socketio.connection-state-recovery.max-disconnection-duration";

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnRedisAdapterType.class)
	@ConditionalOnClass(name = { LETTUCE_CONNECTION_FACTORY, LETTUCE_CLIENT })
	static class RedisAdapterConfiguration {

		@Bean(name = BEAN_NAME, destroyMethod = "close")
		@ConditionalOnMissingBean(AdapterFactory.class)
		RedisAdapterFactory socketIORedisAdapterFactory(ConfigurableListableBeanFactory beanFactory,
				SocketIOProperties properties, Environment environment) {
			SocketIOProperties.Adapter adapter = properties.getAdapter();
			String type = adapter.getType().name().toLowerCase(Locale.ROOT).replace('_', '-');
			LettuceConnectionFactory connectionFactory = lettuceConnectionFactory(beanFactory, type);
			if (adapter.getType() == AdapterType.REDIS_STREAMS) {
				// the session expiry is connection state recovery's maximum disconnection
				Duration sessionTimeToLive = Binder.get(environment)
					.bind(MAX_DISCONNECTION_DURATION, Duration.class)
					.orElse(Duration.ofMinutes(2));
				return RedisAdapterFactory.streams(connectionFactory,
						SocketIOPropertiesMapper.streamsOptions(adapter.getRedis(), sessionTimeToLive));
			}
			return (adapter.getType() == AdapterType.REDIS_SHARDED)
					? RedisAdapterFactory.sharded(connectionFactory,
							SocketIOPropertiesMapper.shardedOptions(adapter.getRedis()))
					: RedisAdapterFactory.classic(connectionFactory,
							SocketIOPropertiesMapper.classicOptions(adapter.getRedis()));
		}

		/**
		 * Finds the Lettuce connection factory of the context, and makes the adapter
		 * factory bean depend on it so that it closes first.
		 */
		private static LettuceConnectionFactory lettuceConnectionFactory(ConfigurableListableBeanFactory beanFactory,
				String adapterType) {
			String[] names = beanFactory.getBeanNamesForType(LettuceConnectionFactory.class);
			if (names.length != 1) {
				throw new IllegalStateException("socketio.adapter.type=" + adapterType
						+ " needs one LettuceConnectionFactory bean (found " + names.length
						+ "): add spring-boot-starter-data-redis with Lettuce and configure spring.data.redis.*");
			}
			beanFactory.registerDependentBean(names[0], BEAN_NAME);
			return beanFactory.getBean(names[0], LettuceConnectionFactory.class);
		}

		/**
		 * Closes the Redis adapters once the Socket.IO server has stopped and before
		 * Spring Data Redis's connection factory (a {@code SmartLifecycle} of phase 0)
		 * shuts the Lettuce client down under them; bean destruction would come too late.
		 */
		@Bean
		SmartLifecycle socketIORedisAdapterLifecycle(ObjectProvider<RedisAdapterFactory> adapterFactories) {
			return new RedisAdapterLifecycle(adapterFactories);
		}

	}

	/**
	 * Stops the Redis adapter factories of the context right after the Socket.IO server.
	 */
	static final class RedisAdapterLifecycle implements SmartLifecycle {

		private final ObjectProvider<RedisAdapterFactory> adapterFactories;

		private volatile boolean running;

		RedisAdapterLifecycle(ObjectProvider<RedisAdapterFactory> adapterFactories) {
			this.adapterFactories = adapterFactories;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
			this.adapterFactories.orderedStream().forEach(RedisAdapterFactory::close);
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return SocketIOServerLifecycle.PHASE - 1;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnRedisAdapterType.class)
	@ConditionalOnMissingClass({ LETTUCE_CONNECTION_FACTORY, LETTUCE_CLIENT })
	static class MissingRedisConfiguration {

		@Bean(name = BEAN_NAME)
		@ConditionalOnMissingBean(AdapterFactory.class)
		AdapterFactory socketIORedisAdapterFactory(SocketIOProperties properties) {
			throw new IllegalStateException("socketio.adapter.type="
					+ properties.getAdapter().getType().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
					+ " needs Spring Data Redis and Lettuce on the class path: add "
					+ "org.springframework.boot:spring-boot-starter-data-redis");
		}

	}

	/**
	 * Matches when {@code socketio.adapter.type} names a Redis adapter.
	 */
	static final class OnRedisAdapterType extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			AdapterType type = Binder.get(context.getEnvironment())
				.bind("socketio.adapter.type", AdapterType.class)
				.orElse(AdapterType.MEMORY);
			return (type == AdapterType.MEMORY) ? ConditionOutcome.noMatch("socketio.adapter.type is memory")
					: ConditionOutcome.match("socketio.adapter.type is " + type);
		}

	}

}
