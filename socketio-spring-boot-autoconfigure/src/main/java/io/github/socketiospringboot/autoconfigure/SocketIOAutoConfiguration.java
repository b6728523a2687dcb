package io.github.socketiospringboot.autoconfigure;

import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import io.github.socketiospringboot.broadcast.BroadcastOperations;
import io.github.socketiospringboot.broadcast.BroadcastTemplate;
import io.github.socketiospringboot.internal.annotation.SocketIOControllerRegistrar;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.web.EngineIoHandlerMapping;
import io.github.socketiospringboot.internal.web.EngineIoNettyRoute;
import io.github.socketiospringboot.internal.web.EngineIoWebHandler;
import io.github.socketiospringboot.observe.SocketIOObserver;
import io.github.socketiospringboot.server.AllowRequest;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.validation.Validator;
import org.springframework.web.reactive.HandlerMapping;

/**
 * Auto-configures a {@link SocketIOServer} from {@code socketio.*} and serves it on the
 * application's WebFlux server at {@code socketio.path}: on Reactor Netty directly, ahead
 * of WebFlux, or through WebFlux when its filters must see the requests
 * ({@code socketio.route}).
 */
@AutoConfiguration(afterName = { "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ HandlerMapping.class, reactor.netty.http.server.HttpServer.class })
@EnableConfigurationProperties(SocketIOProperties.class)
public final class SocketIOAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketIOOptions socketIOOptions(SocketIOProperties properties, ObjectProvider<AllowRequest> allowRequest) {
		return SocketIOPropertiesMapper.socketIOOptions(properties,
				allowRequest.getIfAvailable(() -> AllowRequest.ALLOW_ALL));
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SocketIOServer socketIOServer(SocketIOOptions options, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<AdapterFactory> adapterFactory, ObjectProvider<SocketIOServerCustomizer> customizers,
			ObjectProvider<SocketIOObserver> observers) {
		SocketIOServer server = new SocketIOServer(options, jsonMapper.getIfAvailable(JsonMapper::shared),
				adapterFactory.getIfAvailable(() -> AdapterFactory.IN_MEMORY));
		observers.orderedStream().forEach(server::addObserver);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(server));
		return server;
	}

	@Bean
	@ConditionalOnMissingBean
	SocketIOServerLifecycle socketIOServerLifecycle(SocketIOServer server) {
		return new SocketIOServerLifecycle(server);
	}

	@Bean
	@ConditionalOnMissingBean(BroadcastOperations.class)
	BroadcastTemplate broadcastTemplate(SocketIOServer server) {
		return new BroadcastTemplate(server::of, server::of);
	}

	@Bean
	@ConditionalOnMissingBean
	SocketIOControllerRegistrar socketIOControllerRegistrar(ApplicationContext context, SocketIOServer server,
			ObjectProvider<Validator> validator, ObjectProvider<SocketIOArgumentResolver> argumentResolvers,
			ObjectProvider<ObservationRegistry> observationRegistry, SocketIOProperties properties) {
		// WebFlux and Bean Validation may both declare a Validator: Boot's
		// "defaultValidator" then wins
		Validator chosen = validator.getIfUnique(() -> context.containsBean("defaultValidator")
				? context.getBean("defaultValidator", Validator.class) : null);
		SocketIOControllerRegistrar registrar = new SocketIOControllerRegistrar(context, server, chosen,
				argumentResolvers.orderedStream().toList());
		observationRegistry.ifAvailable(registrar::setObservationRegistry);
		registrar.setMaxPendingBlockingEvents(properties.getMaxPendingBlockingEvents());
		return registrar;
	}

	@Bean
	@ConditionalOnMissingBean(name = "socketIOWebHandler")
	EngineIoWebHandler socketIOWebHandler(SocketIOServer server, SocketIOProperties properties) {
		return new EngineIoWebHandler(EngineAccess.engine(server),
				SocketIOPropertiesMapper.corsOptions(properties.getCors()));
	}

	@Bean
	@ConditionalOnMissingBean(name = "socketIOHandlerMapping")
	EngineIoHandlerMapping socketIOHandlerMapping(EngineIoWebHandler socketIOWebHandler,
			SocketIOProperties properties) {
		return new EngineIoHandlerMapping(properties.getPath(), socketIOWebHandler);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.web.server.reactive.ReactiveWebServerFactory")
	static class WebServerConfiguration {

		@Bean
		static ReactorNettyServerCheck socketIOReactorNettyServerCheck() {
			return new ReactorNettyServerCheck();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.reactor.netty.NettyServerCustomizer")
	static class ReactorNettyServerConfiguration {

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		@ConditionalOnMissingBean(name = "socketIOIdleTimeoutCustomizer")
		HttpIdleTimeoutDefault socketIOIdleTimeoutCustomizer() {
			return new HttpIdleTimeoutDefault();
		}

		@Bean
		@ConditionalOnMissingBean(name = "socketIONettyRoute")
		SocketIORouteCustomizer socketIONettyRoute(SocketIOProperties properties, Environment environment,
				ListableBeanFactory beanFactory, ObjectProvider<EngineIoWebHandler> handler) {
			// the web server asks for its routes when it starts, once every bean exists:
			// the filters are known then, and nothing is created early for the route
			RouteChoice choice = new RouteChoice(properties.getRoute(), beanFactory);
			String path = RouteChoice.basePath(environment) + properties.getPath();
			return new SocketIORouteCustomizer(
					new EngineIoNettyRoute(path, () -> choice.direct(path) ? handler.getObject() : null));
		}

	}

}
