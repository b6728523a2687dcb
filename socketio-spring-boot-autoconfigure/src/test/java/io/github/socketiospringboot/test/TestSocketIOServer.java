package io.github.socketiospringboot.test;

import java.net.URI;
import java.time.Duration;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link SocketIOServer} served at {@code /socket.io/} on a real Reactor Netty server
 * on a free loopback port, without a Spring context.
 */
public final class TestSocketIOServer implements AutoCloseable {

	/**
	 * The settings of the official Socket.IO suite: 300/200 ms heartbeat, 1 s connect
	 * timeout.
	 */
	public static final SocketIOOptions SUITE_OPTIONS = SocketIOOptions.builder()
		.pingInterval(Duration.ofMillis(300))
		.pingTimeout(Duration.ofMillis(200))
		.build()
		.withConnectTimeout(Duration.ofMillis(1000));

	private final SocketIOServer io;

	private final TestEngineServer server;

	private TestSocketIOServer(SocketIOServer io, TestEngineServer server) {
		this.io = io;
		this.server = server;
	}

	/**
	 * Starts a server with the reference defaults.
	 * @return the running server
	 */
	public static TestSocketIOServer start() {
		return start(SocketIOOptions.defaults());
	}

	/**
	 * Starts a server.
	 * @param options the settings
	 * @return the running server
	 */
	public static TestSocketIOServer start(SocketIOOptions options) {
		return start(options, CorsOptions.disabled());
	}

	/**
	 * Starts a server.
	 * @param options the settings
	 * @param cors the cross-origin settings
	 * @return the running server
	 */
	public static TestSocketIOServer start(SocketIOOptions options, CorsOptions cors) {
		SocketIOServer io = new SocketIOServer(options, JsonMapper.shared());
		return new TestSocketIOServer(io, TestEngineServer.mount("/socket.io/", EngineAccess.engine(io), cors));
	}

	/**
	 * Returns the Socket.IO server, to register handlers and broadcast.
	 * @return the server
	 */
	public SocketIOServer io() {
		return this.io;
	}

	/**
	 * Returns the port.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Returns the base URL clients connect to, {@code http://127.0.0.1:PORT}.
	 * @return the URL
	 */
	public String url() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Returns the HTTP URI of the endpoint with a query.
	 * @param query the query, without {@code ?}
	 * @return the URI
	 */
	public URI http(String query) {
		return this.server.http(query);
	}

	/**
	 * Returns the WebSocket URI of the endpoint with a query.
	 * @param query the query, without {@code ?}
	 * @return the URI
	 */
	public URI ws(String query) {
		return this.server.ws(query);
	}

	@Override
	public void close() {
		this.io.close();
		this.server.close();
	}

}
