package io.github.socketiospringboot.internal.web;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * Maps every request under an Engine.IO path (for example {@code /socket.io/}) to its
 * {@link EngineIoWebHandler}, for both transports. Runs before the application's own
 * mappings and leaves CORS to the handler, which applies the endpoint's own settings.
 * Serves the requests of its own application context's server only: a management server
 * on a port of its own (a child context, whose WebFlux sees its parent's mappings) does
 * not serve the endpoint.
 */
public final class EngineIoHandlerMapping implements HandlerMapping, Ordered, ApplicationContextAware {

	private final EndpointPath path;

	private final EngineIoWebHandler handler;

	private int order = Ordered.HIGHEST_PRECEDENCE + 100;

	private @Nullable ApplicationContext applicationContext;

	/**
	 * Creates a mapping.
	 * @param path the endpoint path; a trailing slash is added when missing
	 * @param handler the endpoint
	 */
	public EngineIoHandlerMapping(String path, EngineIoWebHandler handler) {
		this.path = new EndpointPath(path);
		this.handler = handler;
	}

	/**
	 * Returns the path this mapping serves, with its trailing slash.
	 * @return the path
	 */
	public String getPath() {
		return this.path.value();
	}

	/**
	 * Returns the endpoint.
	 * @return the handler
	 */
	public EngineIoWebHandler getHandler() {
		return this.handler;
	}

	/**
	 * Sets where this mapping runs among the handler mappings.
	 * @param order the order
	 */
	public void setOrder(int order) {
		this.order = order;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	@Override
	public Mono<Object> getHandler(ServerWebExchange exchange) {
		ApplicationContext served = exchange.getApplicationContext();
		if (this.applicationContext != null && served != null && served != this.applicationContext) {
			return Mono.empty();
		}
		String requestPath = exchange.getRequest().getPath().pathWithinApplication().value();
		if (this.path.matches(requestPath)) {
			return Mono.just(this.handler);
		}
		return Mono.empty();
	}

}
