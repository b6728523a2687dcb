package io.github.socketiospringboot.autoconfigure;

import io.github.socketiospringboot.internal.web.EngineIoNettyRoute;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Gives the application's Reactor Netty server the route of the Socket.IO endpoint
 * ({@link EngineIoNettyRoute}, which adds itself or not when the server starts). A
 * customizer rather than a route provider bean: customizers apply to the servers of their
 * own context only, so a management server on a port of its own (a child context, which
 * sees its parent's beans) does not serve Socket.IO.
 */
final class SocketIORouteCustomizer implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory> {

	private final EngineIoNettyRoute route;

	SocketIORouteCustomizer(EngineIoNettyRoute route) {
		this.route = route;
	}

	@Override
	public void customize(NettyReactiveWebServerFactory factory) {
		factory.addRouteProviders(this.route);
	}

	EngineIoNettyRoute route() {
		return this.route;
	}

}
