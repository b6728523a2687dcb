package io.github.socketiospringboot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.broadcast.BroadcastOperations;
import io.github.socketiospringboot.broadcast.BroadcastTemplate;
import io.github.socketiospringboot.internal.annotation.SocketIOControllerRegistrar;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.internal.web.EngineIoHandlerMapping;
import io.github.socketiospringboot.internal.web.EngineIoWebHandler;
import io.github.socketiospringboot.server.AllowRequest;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIOAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SocketIOAutoConfiguration.class));

	@Test
	void aReactiveWebApplicationGetsTheServerItsEndpointTheTemplateAndTheLifecycle() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SocketIOServer.class)
				.hasSingleBean(SocketIOOptions.class)
				.hasSingleBean(EngineIoWebHandler.class)
				.hasSingleBean(EngineIoHandlerMapping.class)
				.hasSingleBean(BroadcastTemplate.class)
				.hasSingleBean(SocketIOServerLifecycle.class)
				.hasSingleBean(SocketIOControllerRegistrar.class);
			assertThat(context.getBean(EngineIoHandlerMapping.class).getPath()).isEqualTo("/socket.io/");
			assertThat(context.getBean(EngineIoWebHandler.class).server())
				.isSameAs(EngineAccess.engine(context.getBean(SocketIOServer.class)));
		});
	}

	@Test
	void theDefaultsAreTheReferenceServersDefaults() {
		this.runner.run((context) -> {
			SocketIOOptions options = context.getBean(SocketIOOptions.class);
			SocketIOOptions engine = options;
			assertThat(engine.pingInterval()).isEqualTo(Duration.ofMillis(25000));
			assertThat(engine.pingTimeout()).isEqualTo(Duration.ofMillis(20000));
			assertThat(engine.upgradeTimeout()).isEqualTo(Duration.ofMillis(10000));
			assertThat(engine.maxHttpBufferSize()).isEqualTo(1_000_000);
			assertThat(engine.transports()).containsExactlyInAnyOrder(SocketIOOptions.Transport.POLLING,
					SocketIOOptions.Transport.WEBSOCKET);
			assertThat(engine.allowUpgrades()).isTrue();
			assertThat(options.connectTimeout()).isEqualTo(Duration.ofMillis(45000));
			assertThat(options.maxAttachments()).isEqualTo(10);
			assertThat(options.cleanupEmptyChildNamespaces()).as("cleanupEmptyChildNamespaces: false").isFalse();
			assertThat(context.getBean(EngineIoHandlerMapping.class).getPath()).isEqualTo("/socket.io/");
			assertThat(options).isEqualTo(SocketIOOptions.defaults());
		});
	}

	@Test
	void propertiesMapOntoTheOptions() {
		this.runner.withPropertyValues("socketio.path=/rt", "socketio.ping-interval=300", "socketio.ping-timeout=2s",
				"socketio.upgrade-timeout=5s", "socketio.max-http-buffer-size=64KB", "socketio.transports=websocket",
				"socketio.allow-upgrades=false", "socketio.connect-timeout=1500", "socketio.max-attachments=3",
				"socketio.ack-timeout=7s", "socketio.cleanup-empty-child-namespaces=true",
				"socketio.write-buffer.limit=2MB", "socketio.write-buffer.timeout=5s", "socketio.write-buffer.max=8MB")
			.run((context) -> {
				SocketIOOptions options = context.getBean(SocketIOOptions.class);
				assertThat(options.pingInterval()).isEqualTo(Duration.ofMillis(300));
				assertThat(options.pingTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(options.upgradeTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(options.maxHttpBufferSize()).isEqualTo(64 * 1024);
				assertThat(options.transports()).containsExactly(SocketIOOptions.Transport.WEBSOCKET);
				assertThat(options.allowUpgrades()).isFalse();
				assertThat(options.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
				assertThat(options.maxAttachments()).isEqualTo(3);
				assertThat(options.defaultAckTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(options.cleanupEmptyChildNamespaces()).isTrue();
				assertThat(options.writeBuffer()).isEqualTo(
						new SocketIOOptions.WriteBufferLimits(2 * 1024 * 1024, Duration.ofSeconds(5), 8 * 1024 * 1024));
				assertThat(context.getBean(EngineIoHandlerMapping.class).getPath()).isEqualTo("/rt/");
			});
	}

	@Test
	void corsPropertiesMapOntoTheEndpointsOptions() {
		this.runner
			.withPropertyValues("socketio.cors.allowed-origins=https://a.example",
					"socketio.cors.allowed-origin-patterns=https://*.b.example", "socketio.cors.allow-credentials=true",
					"socketio.cors.allowed-methods=GET", "socketio.cors.allowed-headers=X-A",
					"socketio.cors.exposed-headers=X-B", "socketio.cors.max-age=60")
			.run((context) -> assertThat(
					SocketIOPropertiesMapper.corsOptions(context.getBean(SocketIOProperties.class).getCors()))
				.isEqualTo(new CorsOptions(List.of("https://a.example"), List.of("https://*.b.example"), true,
						List.of("GET"), List.of("X-A"), List.of("X-B"), Duration.ofMinutes(1))));
	}

	@Test
	void userBeansReplaceTheAutoConfiguredOnes() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(SocketIOServer.class)
				.hasSingleBean(SocketIOOptions.class)
				.hasSingleBean(BroadcastOperations.class);
			assertThat(context.getBean(SocketIOServer.class)).isSameAs(context.getBean("myServer"));
			assertThat(context.getBean(SocketIOOptions.class)).isSameAs(context.getBean("myOptions"));
			assertThat(context.getBean(BroadcastOperations.class)).isSameAs(context.getBean("myTemplate"));
			assertThat(context).doesNotHaveBean(BroadcastTemplate.class.getName());
		});
	}

	@Test
	void theEndpointBeansBackOffByName() {
		this.runner.withUserConfiguration(OwnEndpoint.class).run((context) -> {
			assertThat(context.getBeansOfType(EngineIoHandlerMapping.class)).containsOnlyKeys("socketIOHandlerMapping");
			assertThat(context.getBean(EngineIoHandlerMapping.class).getPath()).isEqualTo("/custom/");
		});
	}

	@Test
	void customizersAllowRequestAndAdapterFactoryBeansAreApplied() {
		this.runner.withUserConfiguration(Customizations.class).run((context) -> {
			SocketIOServer server = context.getBean(SocketIOServer.class);
			assertThat(server.of("/customized").adapter()).isInstanceOf(InMemoryAdapter.class);
			assertThat(Customizations.customized).contains(server);
			assertThat(context.getBean(SocketIOOptions.class).allowRequest())
				.isSameAs(context.getBean(AllowRequest.class));
			assertThat(Customizations.adapterNamespaces).contains("/", "/customized");
		});
	}

	@Test
	void nothingIsConfiguredOutsideAReactiveWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SocketIOAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIOServer.class));
	}

	@Test
	void nothingIsConfiguredWithoutWebFluxOrReactorNetty() {
		this.runner.withClassLoader(new FilteredClassLoader(HandlerMapping.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIOServer.class));
		this.runner.withClassLoader(new FilteredClassLoader(reactor.netty.http.server.HttpServer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIOServer.class));
	}

	@Test
	void theContextStartsWithoutTheOptionalDependencies() {
		this.runner
			.withClassLoader(new FilteredClassLoader("jakarta.validation", "org.hibernate.validator",
					"org.springframework.security", "org.springframework.data.redis", "io.lettuce"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SocketIOServer.class));
	}

	@Test
	void stoppingTheContextClosesTheServer() {
		this.runner.run((context) -> {
			SocketIOServer server = context.getBean(SocketIOServer.class);
			context.close();
			assertThat(EngineAccess.engine(server).isClosed()).isTrue();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		SocketIOOptions myOptions() {
			return SocketIOOptions.defaults().withMaxAttachments(2);
		}

		@Bean(destroyMethod = "close")
		SocketIOServer myServer(SocketIOOptions options) {
			return new SocketIOServer(options, tools.jackson.databind.json.JsonMapper.shared());
		}

		@Bean
		BroadcastOperations myTemplate(SocketIOServer server) {
			return new BroadcastTemplate(server::of, server::of);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEndpoint {

		@Bean
		EngineIoHandlerMapping socketIOHandlerMapping(SocketIOServer server) {
			return new EngineIoHandlerMapping("/custom", new EngineIoWebHandler(EngineAccess.engine(server),
					io.github.socketiospringboot.internal.web.CorsOptions.disabled()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizations {

		static final Set<SocketIOServer> customized = java.util.concurrent.ConcurrentHashMap.newKeySet();

		static final Set<String> adapterNamespaces = java.util.concurrent.ConcurrentHashMap.newKeySet();

		@Bean
		SocketIOServerCustomizer recordingCustomizer() {
			return (server) -> {
				customized.add(server);
				server.of("/customized");
			};
		}

		@Bean
		AllowRequest allowRequest() {
			return (request) -> Mono.just(true);
		}

		@Bean
		AdapterFactory adapterFactory() {
			return (namespace) -> {
				adapterNamespaces.add(namespace.name());
				return new InMemoryAdapter(namespace);
			};
		}

	}

}
