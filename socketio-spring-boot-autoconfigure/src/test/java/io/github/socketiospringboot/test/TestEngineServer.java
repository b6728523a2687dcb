package io.github.socketiospringboot.test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.engine.EngineHandler;
import io.github.socketiospringboot.internal.engine.EngineServer;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.internal.web.EngineIoHandlerMapping;
import io.github.socketiospringboot.internal.web.EngineIoNettyRoute;
import io.github.socketiospringboot.internal.web.EngineIoWebHandler;
import io.github.socketiospringboot.server.SocketIOOptions;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * An Engine.IO endpoint on a real Reactor Netty server on a free loopback port, mounted
 * as in an application, without a Spring context: on the Reactor Netty route, or behind
 * WebFlux's filters through the same handler mapping when there are filters (or with
 * {@code -Dsocketio.test.route=webflux}).
 */
public final class TestEngineServer implements AutoCloseable {

	/**
	 * The engine settings of the official Engine.IO conformance suite: ping interval 300
	 * ms, ping timeout 200 ms, 1,000,000 bytes.
	 */
	public static final SocketIOOptions SUITE_OPTIONS = SocketIOOptions.builder()
		.pingInterval(Duration.ofMillis(300))
		.pingTimeout(Duration.ofMillis(200))
		.maxHttpBufferSize(1_000_000)
		.build();

	/**
	 * The suite settings with 2 s to answer a ping instead of 200 ms, for the cases whose
	 * subject is not the ping timeout: pings still come every 300 ms, but a test client
	 * slowed down by a busy machine does not lose its session.
	 */
	public static final SocketIOOptions PATIENT_SUITE_OPTIONS = SUITE_OPTIONS.mutate()
		.pingTimeout(Duration.ofSeconds(2))
		.build();

	/**
	 * The suite settings with the default heartbeat (a ping every 25 s), for the cases
	 * that hold a poll pending and must not see a ping answer it first.
	 */
	public static final SocketIOOptions QUIET_SUITE_OPTIONS = SUITE_OPTIONS.mutate()
		.pingInterval(SocketIOOptions.DEFAULT_PING_INTERVAL)
		.pingTimeout(SocketIOOptions.DEFAULT_PING_TIMEOUT)
		.build();

	/**
	 * Whether endpoints without filters are served through WebFlux too, rather than on
	 * the Reactor Netty route an application without filters gets: with
	 * {@code -Dsocketio.test.route=webflux}, the tests run against that entry.
	 */
	private static final boolean THROUGH_WEBFLUX = "webflux".equals(System.getProperty("socketio.test.route"));

	private final EngineServer engine;

	private final DisposableServer server;

	private final String path;

	private TestEngineServer(EngineServer engine, DisposableServer server, String path) {
		this.engine = engine;
		this.server = server;
		this.path = path;
	}

	/**
	 * Starts a server at {@code /engine.io/}.
	 * @param options the engine settings
	 * @param cors the cross-origin settings
	 * @param handler the application
	 * @return the running server
	 */
	public static TestEngineServer start(SocketIOOptions options, CorsOptions cors, EngineHandler handler) {
		return start("/engine.io/", options, cors, handler);
	}

	/**
	 * Starts a server.
	 * @param path the endpoint path
	 * @param options the engine settings
	 * @param cors the cross-origin settings
	 * @param handler the application
	 * @return the running server
	 */
	public static TestEngineServer start(String path, SocketIOOptions options, CorsOptions cors,
			EngineHandler handler) {
		return mount(path, engine(options, handler), cors);
	}

	/**
	 * Creates an engine with the settings a Socket.IO server with these options gives its
	 * own.
	 * @param options the settings
	 * @param handler the application
	 * @return the engine, not served yet
	 */
	public static EngineServer engine(SocketIOOptions options, EngineHandler handler) {
		return new EngineServer(EngineAccess.options(options), handler);
	}

	/**
	 * Serves an existing engine (for example a Socket.IO server's) on a new server.
	 * @param path the endpoint path
	 * @param engine the engine
	 * @param cors the cross-origin settings
	 * @return the running server; closing it closes the engine
	 */
	public static TestEngineServer mount(String path, EngineServer engine, CorsOptions cors) {
		return mount(path, engine, cors, List.of());
	}

	/**
	 * Serves an existing engine behind WebFlux filters, as an application's filters (its
	 * security chain, say) sit in front of the endpoint.
	 * @param path the endpoint path
	 * @param engine the engine
	 * @param cors the cross-origin settings
	 * @param filters the filters, in order
	 * @return the running server; closing it closes the engine
	 */
	public static TestEngineServer mount(String path, EngineServer engine, CorsOptions cors, List<WebFilter> filters) {
		EngineIoWebHandler endpoint = new EngineIoWebHandler(engine, cors);
		EngineIoHandlerMapping mapping = new EngineIoHandlerMapping(path, endpoint);
		WebHandler webHandler = (exchange) -> mapping.getHandler(exchange)
			.flatMap((handlerObject) -> ((WebHandler) handlerObject).handle(exchange))
			.switchIfEmpty(Mono.defer(() -> {
				exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
				return exchange.getResponse().setComplete();
			}));
		HttpHandler httpHandler = WebHttpHandlerBuilder.webHandler(webHandler)
			.filters((list) -> list.addAll(filters))
			// created here: its first use reads a properties file, which must not happen
			// on an event loop
			.codecConfigurer(ServerCodecConfigurer.create())
			.build();
		ReactorHttpHandlerAdapter webFlux = new ReactorHttpHandlerAdapter(httpHandler);
		// as in an application: routed on Reactor Netty directly unless filters must see
		// the requests
		EngineIoNettyRoute route = new EngineIoNettyRoute(path,
				() -> (filters.isEmpty() && !THROUGH_WEBFLUX) ? endpoint : null);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> route.apply(routes).route((request) -> true, webFlux))
			.bindNow();
		return new TestEngineServer(engine, server, path);
	}

	/**
	 * Returns the engine.
	 * @return the engine server
	 */
	public EngineServer engine() {
		return this.engine;
	}

	/**
	 * Returns the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Returns the HTTP URI of the endpoint with a query.
	 * @param query the query, without {@code ?}
	 * @return the URI
	 */
	public URI http(String query) {
		return URI.create("http://127.0.0.1:" + port() + this.path + "?" + query);
	}

	/**
	 * Returns the WebSocket URI of the endpoint with a query.
	 * @param query the query, without {@code ?}
	 * @return the URI
	 */
	public URI ws(String query) {
		return URI.create("ws://127.0.0.1:" + port() + this.path + "?" + query);
	}

	@Override
	public void close() {
		this.engine.close();
		this.server.disposeNow();
	}

}
