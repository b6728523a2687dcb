package io.github.socketiospringboot.internal.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.internal.engine.EngineRequest;
import io.github.socketiospringboot.internal.engine.EngineServer;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoint's two entries give a session the same request: a WebSocket handshake
 * served on Reactor Netty's request and response (the direct route) and one served
 * through WebFlux (behind a filter) open sessions with the same target, query, headers,
 * address and scheme.
 */
class EngineEntriesTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final WebFilter PASS_THROUGH = (exchange, chain) -> chain.filter(exchange);

	@ParameterizedTest
	@ValueSource(strings = { "EIO=4&transport=websocket", "EIO=4&transport=websocket&x=%41%20b+c&y&z=&x=2",
			"transport=websocket&EIO=4&token=abc%2Fdef%3D%3D&room=a%26b&h=%C3%A9" })
	void bothEntriesGiveTheSessionTheSameRequest(String query) {
		Opened directly = handshake(List.of(), query);
		Opened throughWebFlux = handshake(List.of(PASS_THROUGH), query);
		EngineRequest direct = directly.request();
		EngineRequest webFlux = throughWebFlux.request();
		assertThat(direct.target()).isEqualTo(webFlux.target()).isEqualTo("/engine.io/?" + query);
		assertThat(direct.query()).isEqualTo(webFlux.query());
		assertThat(direct.headers().getFirst("X-Token")).isEqualTo(webFlux.headers().getFirst("X-Token"))
			.isEqualTo("t-1");
		assertThat(direct.headers().get("X-Multi")).isEqualTo(webFlux.headers().get("X-Multi"));
		assertThat(direct.headers().getFirst("Host")).isEqualTo("127.0.0.1:" + directly.port());
		assertThat(direct.remoteAddress().getAddress()).isEqualTo(webFlux.remoteAddress().getAddress());
		assertThat(direct.secure()).isEqualTo(webFlux.secure()).isFalse();
		assertThat(direct.principal()).isNull();
		assertThat(direct.uri()).isEqualTo(URI.create("http://127.0.0.1:" + directly.port() + "/engine.io/?" + query));
		assertThat(webFlux.uri())
			.isEqualTo(URI.create("http://127.0.0.1:" + throughWebFlux.port() + "/engine.io/?" + query));
	}

	@Test
	void onlyPlainWebSocketTargetsAreServedOnReactorNettysTypes() {
		assertThat(NettyExchange.isPlainTarget("/socket.io/?EIO=4&transport=websocket&t=a%2Fb")).isTrue();
		assertThat(NettyExchange.isPlainTarget("/socket.io/?q=a|b")).isFalse();
		assertThat(NettyExchange.isPlainTarget("/socket.io/?q=%zz")).isFalse();
		assertThat(NettyExchange.isPlainTarget("/socket.io/?q=%4")).isFalse();
		assertThat(NettyExchange.isPlainTarget("/socket.io/#fragment")).isFalse();
		assertThat(NettyExchange.isPlainTarget("http://example.com/socket.io/")).isFalse();
		assertThat(NettyExchange.isPlainTarget("")).isFalse();
	}

	private static Opened handshake(List<WebFilter> filters, String query) {
		EngineServer engine = TestEngineServer.engine(SocketIOOptions.defaults(), new RecordingEchoHandler());
		try (TestEngineServer server = TestEngineServer.mount("/engine.io/", engine, CorsOptions.disabled(), filters)) {
			TestWebSocket socket = TestWebSocket.connect(HttpClient.newHttpClient(), server.ws(query),
					Map.of("X-Token", "t-1", "X-Multi", "a, b"));
			try {
				assertThat(socket.awaitOpen()).hasSize(20);
				await().atMost(WAIT).until(() -> engine.sessionCount() == 1);
				EngineSocket session = engine.sessions().iterator().next();
				return new Opened(session.request(), server.port());
			}
			finally {
				socket.close();
			}
		}
	}

	private record Opened(EngineRequest request, int port) {

	}

}
