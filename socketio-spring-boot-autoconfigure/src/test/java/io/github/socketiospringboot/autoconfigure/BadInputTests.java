package io.github.socketiospringboot.autoconfigure;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.engine.EngineTestAccess;
import io.github.socketiospringboot.test.RawConnection;
import io.github.socketiospringboot.test.RawConnection.Response;
import io.github.socketiospringboot.test.RawWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every bad input of issue 15 ("every bad input answered as the reference answers it"),
 * and a sample of those answered before it, driven one after the other against one
 * running application: each gets the reference server's outcome, none puts an ERROR in
 * the log (nor a WARN with a stack trace), and a well-behaved client connected all along
 * is served after each.
 *
 * <p>
 * To add a case, add a {@link BadInput} to {@link #badInputs()}: a name and what the
 * client does and expects, given the running {@link Server}. Handlers it needs go in
 * {@link Handlers}. (A WebFlux server other than Reactor Netty is refused at startup, see
 * {@link SocketIOWebServerTests}.)
 */
class BadInputTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofMillis(500);

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final String EIO = "/socket.io/?EIO=4&transport=";

	private static RunningApplication application;

	private static ListAppender<ILoggingEvent> log;

	private static RawWebSocket bystander;

	static Stream<BadInput> badInputs() {
		return Stream.of(
				// long-polling
				new BadInput("POST whose client goes away in the middle of the body", (server) -> {
					String sid = server.pollingHandshake();
					try (RawConnection connection = server.connect()) {
						connection.write(post(sid, 100, "text/plain;charset=UTF-8") + "4abc");
					}
					server.awaitSessionGone(sid);
					assertUnknownSession(server.get("polling&sid=" + sid));
				}), new BadInput("POST whose connection is reset in the middle of the body", (server) -> {
					String sid = server.pollingHandshake();
					RawConnection connection = server.connect();
					connection.write(post(sid, 100, "text/plain;charset=UTF-8") + "4abc");
					connection.reset();
					server.awaitSessionGone(sid);
				}), new BadInput("pending poll whose connection is reset", (server) -> {
					String sid = server.pollingHandshake();
					RawConnection connection = server.connect();
					connection.write("GET " + EIO + "polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
					EngineTestAccess.awaitPendingPoll(EngineAccess.engine(server.application.io()), sid, WAIT);
					connection.reset();
					server.awaitSessionGone(sid);
				}), new BadInput("POST over the size limit", (server) -> {
					String sid = server.pollingHandshake();
					try (RawConnection connection = server.connect()) {
						// refused on its Content-Length, before the body is read
						connection.write(post(sid, 1_000_001, "text/plain;charset=UTF-8"));
						assertThat(connection.readResponse().status()).isEqualTo(413);
					}
					assertThat(EngineAccess.engine(server.application.io()).find(sid)).isNotNull();
				}), new BadInput("POST with a binary content type", (server) -> {
					String sid = server.pollingHandshake();
					try (RawConnection connection = server.connect()) {
						connection.write(post(sid, 3, "application/octet-stream") + "4ab");
						assertThat(connection.readResponse().status()).isEqualTo(400);
					}
					server.awaitSessionGone(sid);
				}), new BadInput("POST with a malformed content type", (server) -> {
					String sid = server.pollingHandshake();
					// the reference compares the header as it is: anything but
					// application/octet-stream is text
					for (String contentType : List.of("text", "text/plain;charset=UTF-9", "/")) {
						try (RawConnection connection = server.connect()) {
							connection.write(post(sid, 1, contentType) + "6");
							Response response = connection.readResponse();
							assertThat(response.status()).as(contentType).isEqualTo(200);
							assertThat(response.body()).isEqualTo("ok");
						}
					}
					assertThat(EngineAccess.engine(server.application.io()).find(sid)).isNotNull();
				}), new BadInput("POST with invalid base64", (server) -> {
					String sid = server.pollingHandshake();
					try (RawConnection connection = server.connect()) {
						connection.write(post(sid, 4, "text/plain;charset=UTF-8") + "b!!!");
						connection.readResponse();
					}
					server.awaitSessionGone(sid);
				}), new BadInput("request of an unknown session", (server) -> {
					assertUnknownSession(server.get("polling&sid=unknown"));
				}),
				new BadInput("unknown transport",
						(server) -> assertThat(server.get("carrier-pigeon").body())
							.isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}")),
				new BadInput("unsupported protocol version",
						(server) -> assertThat(server.request("/socket.io/?EIO=3&transport=polling").body())
							.isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}")),
				// WebSocket handshake
				new BadInput("WebSocket handshake without Sec-WebSocket-Key", (server) -> {
					Response response = server.handshake(Map.of("Sec-WebSocket-Version", "13"));
					assertThat(response.status()).isEqualTo(400);
					assertThat(response.body()).isEqualTo("Missing or invalid Sec-WebSocket-Key header");
				}), new BadInput("WebSocket handshake with Sec-WebSocket-Version: 99", (server) -> {
					Response response = server
						.handshake(Map.of("Sec-WebSocket-Key", RawConnection.KEY, "Sec-WebSocket-Version", "99"));
					assertThat(response.status()).isEqualTo(400);
					assertThat(response.headers()).containsEntry("sec-websocket-version", "13, 8");
				}), new BadInput("WebSocket upgrade without Connection: upgrade", (server) -> {
					try (RawConnection connection = server.connect()) {
						connection.write("GET " + EIO
								+ "websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
								+ "Sec-WebSocket-Key: " + RawConnection.KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
						assertThat(connection.readResponse().body())
							.isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
					}
				}),
				// WebSocket frames
				new BadInput("fragmented message over the size limit (20 × 60,000 bytes)", (server) -> {
					try (WebSocketSession session = server.webSocketSession()) {
						byte[] fragment = new byte[60_000];
						Arrays.fill(fragment, (byte) 'a');
						fragment[0] = '4';
						session.connection.writeFrame(false, 0, RawConnection.TEXT, fragment);
						fragment[0] = 'a';
						// the 17th fragment goes past the limit, and the server closes
						for (int sent = fragment.length; sent <= 1_000_000; sent += fragment.length) {
							session.connection.writeFrame(false, 0, RawConnection.CONTINUATION, fragment);
						}
						session.assertFailedWith(1009);
					}
				}), new BadInput("unfragmented message over the size limit", (server) -> {
					try (WebSocketSession session = server.webSocketSession()) {
						// refused on its length, before its payload is read
						session.connection.writeFrameHeader(true, RawConnection.BINARY, 1_000_001);
						session.assertFailedWith(1009);
					}
				}), new BadInput("frame with RSV1 set and no extension negotiated", (server) -> {
					try (WebSocketSession session = server.webSocketSession()) {
						session.connection.writeFrame(true, 0b100, RawConnection.TEXT,
								"4hello".getBytes(StandardCharsets.UTF_8));
						session.assertFailedWith(1002);
					}
				}), new BadInput("text frame that is not UTF-8 (34 ff fe 41)", (server) -> {
					try (WebSocketSession session = server.webSocketSession()) {
						session.connection.writeFrame(true, 0, RawConnection.TEXT,
								new byte[] { 0x34, (byte) 0xff, (byte) 0xfe, 0x41 });
						session.assertFailedWith(1007);
					}
				}), new BadInput("WebSocket connection reset", (server) -> {
					WebSocketSession session = server.webSocketSession();
					session.connection.reset();
					server.awaitSessionGone(session.sid);
				}),
				// Engine.IO and Socket.IO packets
				new BadInput("malformed Engine.IO packet", (server) -> {
					try (WebSocketSession session = server.webSocketSession()) {
						session.connection.writeText("abc");
						session.assertClosed();
					}
				}), new BadInput("malformed Socket.IO packet", (server) -> {
					try (WebSocketSession session = server.webSocketSession()) {
						session.connection.writeText("40");
						assertThat(session.connection.readText()).startsWith("40{");
						session.connection.writeText("42{}");
						session.assertClosed();
					}
				}), new BadInput("CONNECT to a namespace that does not exist", (server) -> {
					try (WebSocketSession session = server.webSocketSession()) {
						session.connection.writeText("40/nowhere,");
						assertThat(session.connection.readText())
							.isEqualTo("44/nowhere,{\"message\":\"Invalid namespace\"}");
					}
				}),
				// the annotation layer's cases (controllers in Handlers)
				new BadInput("event whose payload cannot be converted to its handler's parameter", (server) -> {
					try (WebSocketSession session = server.webSocketSession()) {
						session.connection.writeText("40/typed,");
						assertThat(session.connection.readText()).startsWith("40/typed,{");
						session.connection.writeText("42/typed,1[\"order\",12345]");
						assertThat(session.connection.readText())
							.isEqualTo("43/typed,1[{\"error\":\"validation failed\",\"violations\":"
									+ "[{\"field\":\"order\",\"message\":\"must be an object\"}]}]");
						session.connection.writeText("42/typed,2[\"order\",{\"item\":\"tea\",\"quantity\":2}]");
						assertThat(session.connection.readText()).isEqualTo("43/typed,2[\"2 tea\"]");
					}
				}),
				// connections that never finish a request
				new BadInput("TCP connection that sends nothing", (server) -> {
					try (RawConnection connection = server.connect()) {
						assertThat(connection.awaitEndOfStream(WAIT)).isTrue();
					}
				}), new BadInput("request headers that never end", (server) -> {
					try (RawConnection connection = server.connect()) {
						connection.write("GET " + EIO + "polling HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Never: ending");
						assertThat(connection.awaitEndOfStream(WAIT)).isTrue();
					}
				}));
	}

	@BeforeAll
	static void start() {
		application = RunningApplication.start(new Class<?>[] { Handlers.class },
				"server.netty.idle-timeout=" + IDLE_TIMEOUT.toMillis());
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		log = new ListAppender<>();
		log.start();
		root.addAppender(log);
		bystander = RawWebSocket.open(URI.create("ws://127.0.0.1:" + application.port() + EIO + "websocket"));
		assertThat(bystander.nextText()).startsWith("0{");
		bystander.send("40");
		assertThat(bystander.nextPacket()).startsWith("40{");
	}

	@AfterAll
	static void stop() {
		try {
			bystander.close();
			assertNothingLoggedForClientInput();
		}
		finally {
			((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
			application.close();
		}
	}

	@BeforeEach
	void clearLog() {
		log.list.clear();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInputs")
	void isAnsweredAsTheReferenceAnswersIt(BadInput input) throws Exception {
		input.client().run(new Server(application));
	}

	@AfterEach
	void wellBehavedClientIsStillServedAndNothingWasLoggedAsAnError() {
		bystander.send("42[\"message\",\"still here\"]");
		assertThat(bystander.nextPacket()).isEqualTo("42[\"message-back\",\"still here\"]");
		assertNothingLoggedForClientInput();
	}

	private static void assertNothingLoggedForClientInput() {
		List<ILoggingEvent> events = List.copyOf(log.list);
		assertThat(events).filteredOn((event) -> event.getLevel().isGreaterOrEqual(Level.ERROR))
			.as("events logged at ERROR")
			.isEmpty();
		assertThat(events).filteredOn((event) -> event.getLevel() == Level.WARN && event.getThrowableProxy() != null)
			.as("events logged at WARN with a stack trace")
			.isEmpty();
	}

	private static String post(String sid, long contentLength, String contentType) {
		return "POST " + EIO + "polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
				+ "\r\nContent-Length: " + contentLength + "\r\n\r\n";
	}

	private static void assertUnknownSession(Response response) {
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
	}

	/**
	 * One bad input: what a client does and what it must see.
	 *
	 * @param name what the client does wrong, the name of the test case
	 * @param client the client's actions and assertions
	 */
	record BadInput(String name, Client client) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * A client that sends a bad input and checks the answer.
	 */
	@FunctionalInterface
	interface Client {

		void run(Server server) throws Exception;

	}

	/**
	 * The running application, as the clients of the cases see it.
	 */
	static final class Server {

		final RunningApplication application;

		Server(RunningApplication application) {
			this.application = application;
		}

		RawConnection connect() {
			return RawConnection.open(this.application.port());
		}

		/**
		 * Sends a GET on a connection of its own.
		 * @param transportAndQuery what follows {@code transport=}
		 * @return the response
		 */
		Response get(String transportAndQuery) {
			return request(EIO + transportAndQuery);
		}

		Response request(String pathAndQuery) {
			try (RawConnection connection = connect()) {
				connection.write("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
				return connection.readResponse();
			}
		}

		String pollingHandshake() {
			return sid(get("polling").body());
		}

		Response handshake(Map<String, String> headers) {
			try (RawConnection connection = connect()) {
				connection.write(RawConnection.handshake(EIO + "websocket", headers));
				return connection.readResponse();
			}
		}

		WebSocketSession webSocketSession() {
			RawConnection connection = RawConnection.webSocket(this.application.port(), EIO + "websocket");
			return new WebSocketSession(this, connection, sid(connection.readText()));
		}

		void awaitSessionGone(String sid) {
			await().atMost(WAIT).until(() -> EngineAccess.engine(this.application.io()).find(sid) == null);
		}

		private static String sid(String openPacket) {
			assertThat(openPacket).startsWith("0{");
			return JsonMapper.shared().readTree(openPacket.substring(1)).get("sid").asString();
		}

	}

	/**
	 * A WebSocket-only session over a raw connection.
	 */
	static final class WebSocketSession implements AutoCloseable {

		final Server server;

		final RawConnection connection;

		final String sid;

		WebSocketSession(Server server, RawConnection connection, String sid) {
			this.server = server;
			this.connection = connection;
			this.sid = sid;
		}

		void assertClosed() {
			this.connection.awaitCloseStatus();
			this.server.awaitSessionGone(this.sid);
		}

		void assertFailedWith(int status) {
			assertThat(this.connection.awaitCloseStatus()).as("close status").isEqualTo(status);
			this.server.awaitSessionGone(this.sid);
		}

		@Override
		public void close() {
			this.connection.close();
		}

	}

	/** A controller whose event takes a record. */
	@SocketIOController("/typed")
	static class OrdersController {

		@OnEvent("order")
		String order(Order order) {
			return order.quantity() + " " + order.item();
		}

	}

	record Order(String item, int quantity) {
	}

	/**
	 * The application's handlers: the official suite's "message" answered with
	 * "message-back", and {@link OrdersController}.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		OrdersController ordersController() {
			return new OrdersController();
		}

		@Bean
		SocketIOServerCustomizer messageBack() {
			return (io) -> io.onConnection(
					(socket) -> socket.on("message", (event) -> socket.emit("message-back", event.args().toArray())));
		}

	}

}
