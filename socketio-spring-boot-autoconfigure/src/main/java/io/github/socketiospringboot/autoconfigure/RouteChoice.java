package io.github.socketiospringboot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.util.StringUtils;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Decides whether the Socket.IO endpoint is served on Reactor Netty directly
 * ({@code socketio.route}): with {@code auto}, only when nothing the application put in
 * front of its WebFlux handlers would miss the requests. That is a {@link WebFilter} (a
 * Spring Security chain, say: it authenticates the handshake and gives it its principal),
 * a {@link ForwardedHeaderTransformer}
 * ({@code server.forward-headers-strategy=framework}: the handshake's address and scheme
 * come from the forwarded headers) or an {@link HttpHandlerDecoratorFactory}. Beans are
 * looked up by type, without creating any.
 */
final class RouteChoice {

	private static final Log logger = LogFactory.getLog(RouteChoice.class);

	private final SocketIOProperties.Route route;

	private final ListableBeanFactory beanFactory;

	RouteChoice(SocketIOProperties.Route route, ListableBeanFactory beanFactory) {
		this.route = route;
		this.beanFactory = beanFactory;
	}

	/**
	 * Tells whether the endpoint is served on Reactor Netty directly.
	 * @param path the endpoint's path, for the log
	 * @return {@code true} for the direct route, {@code false} for WebFlux
	 */
	boolean direct(String path) {
		if (this.route == SocketIOProperties.Route.NETTY) {
			log(path, "on Reactor Netty directly (socketio.route=netty)");
			return true;
		}
		if (this.route == SocketIOProperties.Route.WEBFLUX) {
			log(path, "through WebFlux (socketio.route=webflux)");
			return false;
		}
		List<String> inFront = new ArrayList<>();
		for (Class<?> type : List.of(WebFilter.class, ForwardedHeaderTransformer.class,
				HttpHandlerDecoratorFactory.class)) {
			inFront.addAll(List.of(this.beanFactory.getBeanNamesForType(type, true, false)));
		}
		if (inFront.isEmpty()) {
			log(path, "on Reactor Netty directly (no WebFlux filter must see them)");
			return true;
		}
		log(path, "through WebFlux, for " + inFront + " to see them");
		return false;
	}

	private static void log(String path, String how) {
		if (logger.isDebugEnabled()) {
			logger.debug("Socket.IO requests at " + path + " are served " + how);
		}
	}

	/**
	 * Returns WebFlux's base path ({@code spring.webflux.base-path}) as WebFlux applies
	 * it: with a leading slash and without a trailing one, or empty.
	 * @param environment the environment
	 * @return the base path, or an empty string
	 */
	static String basePath(Environment environment) {
		String basePath = environment.getProperty("spring.webflux.base-path");
		if (!StringUtils.hasText(basePath)) {
			return "";
		}
		String cleaned = basePath.strip();
		if (!cleaned.startsWith("/")) {
			cleaned = "/" + cleaned;
		}
		while (cleaned.endsWith("/")) {
			cleaned = cleaned.substring(0, cleaned.length() - 1);
		}
		return cleaned;
	}

}
