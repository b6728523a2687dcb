package io.github.socketiospringboot.autoconfigure;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import io.github.socketiospringboot.actuate.SocketIOEndpoint;
import io.github.socketiospringboot.actuate.SocketIOHealthIndicator;
import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.server.SocketIOServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures the {@code socketio} Actuator endpoint and health contributor when
 * Spring Boot Actuator is on the class path.
 */
@AutoConfiguration(after = SocketIOAutoConfiguration.class)
@ConditionalOnBean(SocketIOServer.class)
public final class SocketIOActuatorAutoConfiguration {

	/** Property names whose values the endpoint never shows. */
	private static final Pattern SECRET = Pattern.compile(".*(password|secret|token|credential|key)$",
			Pattern.CASE_INSENSITIVE);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
	@ConditionalOnAvailableEndpoint(SocketIOEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SocketIOEndpoint socketIOEndpoint(SocketIOServer server, ObjectProvider<AdapterFactory> adapterFactory,
				SocketIOProperties properties) {
			return new SocketIOEndpoint(server, adapterType(adapterFactory.getIfAvailable()),
					configuration(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
			"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
	@ConditionalOnEnabledHealthIndicator("socketio")
	static class HealthConfiguration {

		// the bean's name makes the contributor's: socketio

		@Bean
		@ConditionalOnMissingBean(name = "socketioHealthIndicator")
		SocketIOHealthIndicator socketioHealthIndicator(SocketIOServer server,
				ObjectProvider<SocketIOServerLifecycle> lifecycle, ObjectProvider<AdapterFactory> adapterFactory) {
			AdapterFactory factory = adapterFactory.getIfAvailable();
			return new SocketIOHealthIndicator(server, lifecycle.getIfAvailable(), adapterType(factory),
					adapterConnected(factory));
		}

	}

	static String adapterType(@Nullable AdapterFactory factory) {
		if (factory == null || factory == AdapterFactory.IN_MEMORY) {
			return "memory";
		}
		if (redisPresent()) {
			String redis = RedisAdapters.type(factory);
			if (redis != null) {
				return redis;
			}
		}
		return factory.getClass().getName();
	}

	static @Nullable BooleanSupplier adapterConnected(@Nullable AdapterFactory factory) {
		if (factory == null || !redisPresent()) {
			return null;
		}
		return RedisAdapters.connected(factory);
	}

	private static boolean redisPresent() {
		return ClassUtils.isPresent(SocketIOAdapterAutoConfiguration.LETTUCE_CLIENT,
				SocketIOActuatorAutoConfiguration.class.getClassLoader());
	}

	/**
	 * Returns the {@code socketio.*} settings in force, every secret masked.
	 */
	static Map<String, Object> configuration(SocketIOProperties properties) {
		JsonNode tree = JsonMapper.shared().valueToTree(properties);
		mask(tree);
		@SuppressWarnings("unchecked")
		Map<String, Object> map = JsonMapper.shared().treeToValue(tree, LinkedHashMap.class);
		return map;
	}

	private static void mask(JsonNode node) {
		if (node instanceof ObjectNode object) {
			for (Iterator<String> names = object.propertyNames().iterator(); names.hasNext();) {
				String name = names.next();
				JsonNode value = object.get(name);
				if (SECRET.matcher(name).matches() && !value.isNull() && !value.isContainer()) {
					object.put(name, "******");
				}
				else {
					mask(value);
				}
			}
		}
		else if (node != null && node.isArray()) {
			node.forEach(SocketIOActuatorAutoConfiguration::mask);
		}
	}

	/**
	 * What the endpoint and the health contributor need of the Redis adapters, in a class
	 * of its own: loaded only when Lettuce is on the class path.
	 */
	static final class RedisAdapters {

		private RedisAdapters() {
		}

		static @Nullable String type(AdapterFactory factory) {
			if (factory instanceof io.github.socketiospringboot.adapter.redis.RedisAdapterFactory redis) {
				return redis.type();
			}
			return null;
		}

		static @Nullable BooleanSupplier connected(AdapterFactory factory) {
			if (factory instanceof io.github.socketiospringboot.adapter.redis.RedisAdapterFactory redis) {
				return redis::isConnected;
			}
			return null;
		}

	}

}
