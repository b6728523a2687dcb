package io.github.socketiospringboot.internal.web;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.boot.reactor.netty.NettyRouteProvider;

/**
 * Routes the requests of an Engine.IO path to its {@link EngineIoWebHandler} on Reactor
 * Netty directly, in front of WebFlux: they skip the exchange, the filter chain and the
 * handler mappings, which make most of what a WebSocket handshake costs on a cold server.
 * Every other request goes on to WebFlux.
 *
 * <p>
 * Whether the route is taken is decided when the web server starts (it then adds its
 * route, or nothing): WebFlux's filters (a security chain, say) do not see the requests
 * it serves, so an application whose filters must see them keeps the endpoint behind
 * WebFlux, where {@link EngineIoHandlerMapping} serves it.
 */
public final class EngineIoNettyRoute implements NettyRouteProvider {

	private final EndpointPath path;

	private final Supplier<@Nullable EngineIoWebHandler> handler;

	/**
	 * Creates a route.
	 * @param path the path of the endpoint as clients send it (the application's base
	 * path included); a trailing slash is added when missing
	 * @param handler supplies the endpoint when the server starts, or {@code null} to add
	 * no route (the endpoint is then served through WebFlux)
	 */
	public EngineIoNettyRoute(String path, Supplier<@Nullable EngineIoWebHandler> handler) {
		this.path = new EndpointPath(path);
		this.handler = handler;
	}

	/**
	 * Returns the path this route serves, with its trailing slash.
	 * @return the path
	 */
	public String getPath() {
		return this.path.value();
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		EngineIoWebHandler endpoint = this.handler.get();
		if (endpoint == null) {
			return routes;
		}
		return routes.route(this::matches, endpoint::handle);
	}

	/**
	 * Tells whether a request is for the endpoint: its path (raw, as WebFlux's mapping
	 * compares it) is the endpoint's path or under it. A request in absolute form (a
	 * proxy request) is left to WebFlux.
	 * @param request the request
	 * @return whether this route serves it
	 */
	boolean matches(HttpServerRequest request) {
		return this.path.matches(request.uri());
	}

}
