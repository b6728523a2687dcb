package io.github.socketiospringboot.autoconfigure;

import java.util.EnumSet;

import io.github.socketiospringboot.engine.AllowRequest;
import io.github.socketiospringboot.engine.EngineHandler;
import io.github.socketiospringboot.engine.EngineOptions;
import io.github.socketiospringboot.engine.EngineServer;
import io.github.socketiospringboot.web.EngineIoHandlerMapping;
import io.github.socketiospringboot.web.EngineIoWebHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;

/**
 * Mounts an Engine.IO endpoint on the application's WebFlux server at
 * {@code socketio.path}, for the {@link EngineHandler} bean the application (or the
 * Socket.IO auto-configuration) provides.
 */
@AutoConfiguration(afterName = "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ HandlerMapping.class, reactor.netty.http.server.HttpServer.class })
@ConditionalOnBean(EngineHandler.class)
@EnableConfigurationProperties(SocketIOProperties.class)
public final class SocketIOEngineAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EngineOptions engineOptions(SocketIOProperties properties, ObjectProvider<AllowRequest> allowRequest) {
		return EngineOptions.builder()
			.pingInterval(properties.getPingInterval())
			.pingTimeout(properties.getPingTimeout())
			.upgradeTimeout(properties.getUpgradeTimeout())
			.maxHttpBufferSize(properties.getMaxHttpBufferSize().toBytes())
			.transports(EnumSet.copyOf(properties.getTransports()))
			.allowUpgrades(properties.isAllowUpgrades())
			.allowRequest(allowRequest.getIfAvailable(() -> AllowRequest.ALLOW_ALL))
			.build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EngineServer engineServer(EngineOptions options, EngineHandler handler) {
		return new EngineServer(options, handler);
	}

	@Bean
	@ConditionalOnMissingBean
	EngineIoWebHandler engineIoWebHandler(EngineServer server, SocketIOProperties properties) {
		return new EngineIoWebHandler(server, properties.getCors().toOptions());
	}

	@Bean
	@ConditionalOnMissingBean
	EngineIoHandlerMapping engineIoHandlerMapping(EngineIoWebHandler handler, SocketIOProperties properties) {
		return new EngineIoHandlerMapping(properties.getPath(), handler);
	}

}
