package io.github.socketiospringboot.autoconfigure;

import java.time.Duration;

import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Gives the Reactor Netty server an idle timeout when the application has set none
 * ({@code server.netty.idle-timeout}): a connection that does not finish its next
 * request's headers within it (a bare TCP connection, headers trickling in) is closed, as
 * Node's HTTP server does after its {@code headersTimeout} of 60 seconds. Reactor Netty
 * waits this long only for a request to arrive: a long-polling GET that the server holds,
 * and an open WebSocket, are never cut by it.
 */
final class HttpIdleTimeoutDefault implements NettyServerCustomizer {

	/** The headers timeout of Node's HTTP server: 60 seconds. */
	static final Duration DEFAULT = Duration.ofSeconds(60);

	@Override
	public HttpServer apply(HttpServer server) {
		return (server.configuration().idleTimeout() != null) ? server : server.idleTimeout(DEFAULT);
	}

}
