package io.github.socketiospringboot.autoconfigure;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.socketiospringboot.test.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How requests reach the endpoint ({@code socketio.route}): on Reactor Netty directly
 * when no WebFlux filter must see them, through WebFlux when one must or when asked to,
 * and always under WebFlux's base path.
 */
class SocketIORouteTests {

	private static final String HANDSHAKE = "/socket.io/?EIO=4&transport=polling";

	@Test
	void autoServesTheEndpointDirectlyWhenNothingSitsInFrontOfWebFlux() {
		assertThat(
				new RouteChoice(SocketIOProperties.Route.AUTO, new DefaultListableBeanFactory()).direct("/socket.io/"))
			.isTrue();
	}

	@Test
	void autoKeepsTheEndpointBehindWebFluxForAFilterOrAForwardedHeadersTransformer() {
		for (Class<?> type : List.of(RecordingFilter.class, ForwardedHeaderTransformer.class)) {
			DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
			beanFactory.registerBeanDefinition("inFront", new RootBeanDefinition(type));
			assertThat(new RouteChoice(SocketIOProperties.Route.AUTO, beanFactory).direct("/socket.io/")).as("%s", type)
				.isFalse();
			// looked up by type only: nothing created for the choice
			assertThat(beanFactory.containsSingleton("inFront")).isFalse();
		}
	}

	@Test
	void theRouteCanBeChosen() {
		DefaultListableBeanFactory withFilter = new DefaultListableBeanFactory();
		withFilter.registerBeanDefinition("filter", new RootBeanDefinition(RecordingFilter.class));
		assertThat(new RouteChoice(SocketIOProperties.Route.NETTY, withFilter).direct("/socket.io/")).isTrue();
		assertThat(new RouteChoice(SocketIOProperties.Route.WEBFLUX, new DefaultListableBeanFactory())
			.direct("/socket.io/")).isFalse();
	}

	@Test
	void anApplicationsFilterSeesTheHandshakeWithAuto() {
		try (RunningApplication application = RunningApplication.start(new Class<?>[] { FilterConfiguration.class })) {
			RecordingFilter filter = application.context().getBean(RecordingFilter.class);
			assertOpens(RawHttp.get(uri(application.port(), HANDSHAKE)));
			assertThat(filter.paths).containsExactly("/socket.io/");
		}
	}

	@Test
	void withRouteNettyFiltersSeeTheOtherRequestsOnly() {
		try (RunningApplication application = RunningApplication.start(new Class<?>[] { FilterConfiguration.class },
				"socketio.route=netty")) {
			RecordingFilter filter = application.context().getBean(RecordingFilter.class);
			assertOpens(RawHttp.get(uri(application.port(), HANDSHAKE)));
			assertOpens(RawHttp.get(uri(application.port(), "/socket.io?EIO=4&transport=polling")));
			assertThat(RawHttp.get(uri(application.port(), "/socket.iox/")).statusCode()).isEqualTo(404);
			assertThat(RawHttp.get(uri(application.port(), "/elsewhere")).statusCode()).isEqualTo(404);
			assertThat(filter.paths).containsExactly("/socket.iox/", "/elsewhere");
		}
	}

	@Test
	void theDirectRouteServesUnderWebFluxsBasePath() {
		try (RunningApplication application = RunningApplication.start(new Class<?>[0],
				"spring.webflux.base-path=/api/")) {
			assertOpens(RawHttp.get(uri(application.port(), "/api" + HANDSHAKE)));
			assertThat(RawHttp.get(uri(application.port(), HANDSHAKE)).statusCode()).isEqualTo(404);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "auto", "webflux" })
	void theManagementServerOnItsOwnPortDoesNotServeSocketIO(String route) {
		SpringApplication application = new SpringApplication(FullApplication.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.setListeners(application.getListeners()
			.stream()
			.filter((listener) -> !(listener instanceof LoggingApplicationListener))
			.toList());
		try (ConfigurableApplicationContext context = application.run("--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=0", "--management.server.address=127.0.0.1", "--socketio.route=" + route,
				"--spring.autoconfigure.exclude="
						+ "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
						+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			int managementPort = Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
			assertThat(managementPort).isNotEqualTo(port);
			assertOpens(RawHttp.get(uri(port, HANDSHAKE)));
			assertThat(RawHttp.get(uri(managementPort, HANDSHAKE)).statusCode()).isEqualTo(404);
		}
	}

	@Test
	void theBasePathIsCleanedAsWebFluxCleansIt() {
		assertThat(RouteChoice.basePath(new MockEnvironment())).isEmpty();
		assertThat(RouteChoice.basePath(new MockEnvironment().withProperty("spring.webflux.base-path", " api/ ")))
			.isEqualTo("/api");
		assertThat(RouteChoice.basePath(new MockEnvironment().withProperty("spring.webflux.base-path", "/api")))
			.isEqualTo("/api");
	}

	private static void assertOpens(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).startsWith("0{\"sid\":");
	}

	private static URI uri(int port, String target) {
		return URI.create("http://127.0.0.1:" + port + target);
	}

	/**
	 * A filter of the application that records the paths it sees.
	 */
	static class RecordingFilter implements WebFilter {

		final Queue<String> paths = new ConcurrentLinkedQueue<>();

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			this.paths.add(exchange.getRequest().getPath().value());
			return chain.filter(exchange);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FilterConfiguration {

		@Bean
		RecordingFilter recordingFilter() {
			return new RecordingFilter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FullApplication {

	}

}
