package io.github.socketiospringboot.autoconfigure;

import io.github.socketiospringboot.metrics.SocketIOMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code socketio.*} meters ({@link SocketIOMetrics}) when the
 * application has a Micrometer {@link MeterRegistry}; turned off with
 * {@code socketio.metrics.enabled=false}. The server registers it as one of its
 * observers.
 */
@AutoConfiguration(before = SocketIOAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "socketio.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SocketIOMetricsProperties.class)
public final class SocketIOMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketIOMetrics socketIOMetrics(MeterRegistry registry) {
		return new SocketIOMetrics(registry);
	}

}
