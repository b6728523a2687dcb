package io.github.socketiospringboot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.boot.web.server.reactive.context.AnnotationConfigReactiveWebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web server the starter runs on: Reactor Netty, with an idle timeout unless the
 * application set one; on another server the application does not start.
 */
class SocketIOWebServerTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner(
			AnnotationConfigReactiveWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class,
				JacksonAutoConfiguration.class, SocketIOAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1");

	@Test
	void anApplicationOnTomcatFailsAtStartupSayingWhatIsSupported() {
		this.runner.withConfiguration(AutoConfigurations.of(TomcatReactiveWebServerAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable cause = NestedExceptionUtils.getRootCause(context.getStartupFailure());
				assertThat(cause).isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("Socket.IO runs on WebFlux's Reactor Netty server only")
					.hasMessageContaining("TomcatReactiveWebServerFactory")
					.hasMessageContaining("spring-boot-starter-reactor-netty");
			});
	}

	@Test
	void anApplicationOnReactorNettyStarts() {
		this.runner.withConfiguration(AutoConfigurations.of(NettyReactiveWebServerAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void reactorNettyGetsNodesHeadersTimeoutAsItsIdleTimeout() {
		this.runner.withConfiguration(AutoConfigurations.of(NettyReactiveWebServerAutoConfiguration.class))
			.run((context) -> assertThat(idleTimeout(context)).isEqualTo(Duration.ofSeconds(60)));
	}

	@Test
	void anIdleTimeoutSetWithBootsPropertyWins() {
		this.runner.withConfiguration(AutoConfigurations.of(NettyReactiveWebServerAutoConfiguration.class))
			.withPropertyValues("server.netty.idle-timeout=7s")
			.run((context) -> assertThat(idleTimeout(context)).isEqualTo(Duration.ofSeconds(7)));
	}

	@Test
	void anIdleTimeoutSetByTheApplicationsOwnCustomizerWins() {
		this.runner.withConfiguration(AutoConfigurations.of(NettyReactiveWebServerAutoConfiguration.class))
			.withUserConfiguration(OwnIdleTimeout.class)
			.run((context) -> assertThat(idleTimeout(context)).isEqualTo(Duration.ofSeconds(9)));
	}

	/**
	 * Applies the server customizers of the context's factory, in its order, as the
	 * factory does when it creates the server.
	 */
	private static Duration idleTimeout(AssertableReactiveWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		HttpServer server = HttpServer.create();
		for (NettyServerCustomizer customizer : context.getBean(NettyReactiveWebServerFactory.class)
			.getServerCustomizers()) {
			server = customizer.apply(server);
		}
		return server.configuration().idleTimeout();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnIdleTimeout {

		@Bean
		NettyServerCustomizer ownIdleTimeout() {
			return (server) -> server.idleTimeout(Duration.ofSeconds(9));
		}

	}

}
