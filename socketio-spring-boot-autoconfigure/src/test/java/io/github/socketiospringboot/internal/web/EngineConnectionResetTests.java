package io.github.socketiospringboot.internal.web;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineHandler;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.internal.engine.EngineSocketListener;
import io.github.socketiospringboot.internal.engine.EngineTestAccess;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.RawConnection;
import io.github.socketiospringboot.test.TestEngineServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client whose TCP connection is reset (a client killed with {@code kill -9}, a crashed
 * one) loses its session at once, as with an orderly close: the session is gone from the
 * engine and nothing holds it any more, well before its heartbeat would have ended it
 * (here 5 + 5 seconds, the reference's being 25 + 20).
 */
class EngineConnectionResetTests {

	/** How soon a session must be gone: far less than its ping interval and timeout. */
	private static final Duration PROMPTLY = Duration.ofSeconds(2);

	private static final String DROP_BEFORE_ANSWER = "X-Test-Drop-Before-Answer";

	private static TestEngineServer server;

	private static final WeakSessions sessions = new WeakSessions();

	@BeforeAll
	static void start() {
		SocketIOOptions options = SocketIOOptions.builder()
			.pingInterval(Duration.ofSeconds(5))
			.pingTimeout(Duration.ofSeconds(5))
			.build();
		server = TestEngineServer.mount("/engine.io/", TestEngineServer.engine(options, sessions),
				CorsOptions.disabled(), List.of(dropConnectionBeforeAnswer()));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void resetWebSocketReleasesItsSession() {
		RawConnection connection = RawConnection.webSocket(server.port(), "/engine.io/?EIO=4&transport=websocket");
		String sid = sid(connection.readText());
		connection.writeText("4hello");
		assertThat(connection.readText()).isEqualTo("4hello");
		connection.reset();
		assertReleased(sid);
		assertThat(sessions.closeReason(sid)).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
	}

	@Test
	void resetConnectionOfAPendingPollReleasesItsSession() {
		RawConnection connection = RawConnection.open(server.port());
		connection.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
		String sid = sid(connection.readResponse().body());
		connection.write("GET /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
		EngineTestAccess.awaitPendingPoll(server.engine(), sid, PROMPTLY);
		connection.reset();
		assertReleased(sid);
	}

	@Test
	void resetConnectionOfAPostInProgressReleasesItsSession() {
		RawConnection connection = RawConnection.open(server.port());
		connection.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
		String sid = sid(connection.readResponse().body());
		connection.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 100\r\n\r\n4abc");
		connection.reset();
		assertReleased(sid);
		assertThat(sessions.closeReason(sid)).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
	}

	@Test
	void handshakeWhoseConnectionIsGoneBeforeTheAnswerReleasesItsSession() {
		int opened = sessions.opened();
		try (RawConnection connection = RawConnection.open(server.port())) {
			connection.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ DROP_BEFORE_ANSWER + ": yes\r\n\r\n");
			assertThat(connection.awaitEndOfStream(PROMPTLY)).isTrue();
		}
		await().atMost(PROMPTLY).until(() -> sessions.opened() == opened + 1);
		// the open packet went nowhere: the session cannot be used, and does not wait for
		// a ping timeout to end
		assertReleased(sessions.last());
	}

	private static void assertReleased(String sid) {
		await().atMost(PROMPTLY).until(() -> sessions.closeReason(sid) != null);
		assertThat(server.engine().find(sid)).isNull();
		assertThat(server.engine().sessions()).extracting(EngineSocket::id).doesNotContain(sid);
		await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50)).until(() -> {
			System.gc();
			return sessions.isCollected(sid);
		});
	}

	private static String sid(String openPacket) {
		assertThat(openPacket).startsWith("0{");
		return JsonMapper.shared().readTree(openPacket.substring(1)).get("sid").asString();
	}

	/**
	 * Closes the connection of a request marked with {@link #DROP_BEFORE_ANSWER} right
	 * before its answer is written: the client is gone by the time the session has its
	 * answer, as when its reset crossed the request.
	 */
	private static WebFilter dropConnectionBeforeAnswer() {
		return (exchange, chain) -> {
			if (!exchange.getRequest().getHeaders().containsHeader(DROP_BEFORE_ANSWER)) {
				return chain.filter(exchange);
			}
			ServerHttpResponse response = exchange.getResponse();
			ServerHttpResponse dropping = new ServerHttpResponseDecorator(response) {

				@Override
				public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
					return Mono.defer(() -> {
						HttpServerResponse nettyResponse = getNativeResponse(response);
						nettyResponse.withConnection((connection) -> connection.channel().close());
						return super.writeWith(body);
					});
				}

			};
			return chain.filter(exchange.mutate().response(dropping).build());
		};
	}

	/**
	 * An echo application that holds its sessions weakly, so that the test sees whether
	 * anything else still holds them.
	 */
	private static final class WeakSessions implements EngineHandler {

		private final Map<String, WeakReference<EngineSocket>> sockets = new ConcurrentHashMap<>();

		private final Map<String, EngineCloseReason> closes = new ConcurrentHashMap<>();

		private volatile @Nullable String last;

		@Override
		public EngineSocketListener onOpen(EngineSocket socket) {
			String id = socket.id();
			this.sockets.put(id, new WeakReference<>(socket));
			this.last = id;
			return new EngineSocketListener() {

				@Override
				public void onMessage(String text) {
					socket.send(text);
				}

				@Override
				public void onBinary(byte[] bytes) {
					socket.send(bytes);
				}

				@Override
				public void onClose(EngineCloseReason reason, @Nullable String description) {
					WeakSessions.this.closes.put(id, reason);
				}

			};
		}

		int opened() {
			return this.sockets.size();
		}

		String last() {
			String id = this.last;
			assertThat(id).as("a session opened").isNotNull();
			return id;
		}

		boolean isCollected(String sid) {
			WeakReference<EngineSocket> reference = this.sockets.get(sid);
			assertThat(reference).as("session " + sid).isNotNull();
			return reference.get() == null;
		}

		@Nullable EngineCloseReason closeReason(String sid) {
			return this.closes.get(sid);
		}

	}

}
