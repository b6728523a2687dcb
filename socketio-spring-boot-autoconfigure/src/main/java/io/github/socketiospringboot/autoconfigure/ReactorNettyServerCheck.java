package io.github.socketiospringboot.autoconfigure;

import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.util.ClassUtils;

/**
 * Stops the application at startup when its reactive web server is not Reactor Netty:
 * Socket.IO's WebSocket upgrade and long-polling run on Reactor Netty's connections, and
 * on another server they would fail at the first client instead.
 */
final class ReactorNettyServerCheck implements WebServerFactoryCustomizer<ReactiveWebServerFactory> {

	static final String NETTY_FACTORY = "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory";

	@Override
	public void customize(ReactiveWebServerFactory factory) {
		if (!isReactorNetty(factory)) {
			throw new IllegalStateException("Socket.IO runs on WebFlux's Reactor Netty server only, but this "
					+ "application's reactive web server is " + factory.getClass().getName() + ". Use "
					+ "spring-boot-starter-webflux with its default server (spring-boot-starter-reactor-netty) "
					+ "rather than Tomcat, Jetty or Undertow, or exclude SocketIOAutoConfiguration.");
		}
	}

	static boolean isReactorNetty(ReactiveWebServerFactory factory) {
		ClassLoader classLoader = factory.getClass().getClassLoader();
		return ClassUtils.isPresent(NETTY_FACTORY, classLoader)
				&& ClassUtils.resolveClassName(NETTY_FACTORY, classLoader).isInstance(factory);
	}

}
