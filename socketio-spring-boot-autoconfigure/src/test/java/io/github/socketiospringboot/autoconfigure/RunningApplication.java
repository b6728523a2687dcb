package io.github.socketiospringboot.autoconfigure;

import io.github.socketiospringboot.server.SocketIOServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot application with the starter on a real Reactor Netty server on a free
 * port: WebFlux with Boot's error handling, Jackson and Socket.IO auto-configured as in
 * an application, plus the test's own configuration classes. Boot's logging system is
 * left out, so that the test JVM's logging stays as it is.
 */
final class RunningApplication implements AutoCloseable {

	private final ReactiveWebServerApplicationContext context;

	private RunningApplication(ReactiveWebServerApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts an application.
	 * @param configuration the test's configuration classes
	 * @param properties properties as {@code name=value}
	 * @return the running application
	 */
	static RunningApplication start(Class<?>[] configuration, String... properties) {
		Class<?>[] sources = new Class<?>[configuration.length + 1];
		sources[0] = WebApplication.class;
		System.arraycopy(configuration, 0, sources, 1, configuration.length);
		SpringApplication application = new SpringApplication(sources);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.setListeners(application.getListeners()
			.stream()
			.filter((listener) -> !(listener instanceof LoggingApplicationListener))
			.toList());
		String[] args = new String[properties.length + 2];
		args[0] = "--server.port=0";
		args[1] = "--server.address=127.0.0.1";
		for (int i = 0; i < properties.length; i++) {
			args[i + 2] = "--" + properties[i];
		}
		ConfigurableApplicationContext context = application.run(args);
		return new RunningApplication((ReactiveWebServerApplicationContext) context);
	}

	/**
	 * Returns the port the server listens on.
	 * @return the port
	 */
	int port() {
		return this.context.getWebServer().getPort();
	}

	/**
	 * Returns the application context.
	 * @return the context
	 */
	ReactiveWebServerApplicationContext context() {
		return this.context;
	}

	/**
	 * Returns the Socket.IO server.
	 * @return the server
	 */
	SocketIOServer io() {
		return this.context.getBean(SocketIOServer.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ NettyReactiveWebServerAutoConfiguration.class, HttpHandlerAutoConfiguration.class,
			WebFluxAutoConfiguration.class, ErrorWebFluxAutoConfiguration.class, JacksonAutoConfiguration.class,
			SocketIOAutoConfiguration.class })
	static class WebApplication {

	}

}
