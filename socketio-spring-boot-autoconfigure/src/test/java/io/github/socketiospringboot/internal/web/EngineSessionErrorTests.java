package io.github.socketiospringboot.internal.web;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.internal.engine.EngineTestAccess;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.PollingClient;
import io.github.socketiospringboot.test.RawConnection;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.RecordingEchoHandler.Close;
import io.github.socketiospringboot.test.TestEngineServer;
import io.github.socketiospringboot.test.TestWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.socketiospringboot.test.EngineErrors.assertError;
import static io.github.socketiospringboot.test.EngineErrors.assertUnknownSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reference server's answers to requests of a session that break the rules, and
 * whether the session survives them.
 */
class EngineSessionErrorTests {

	private TestEngineServer server;

	private RecordingEchoHandler handler;

	private PollingClient client;

	@BeforeEach
	void start() {
		this.handler = new RecordingEchoHandler();
		this.server = TestEngineServer.start(SocketIOOptions.defaults(), CorsOptions.disabled(), this.handler);
		this.client = new PollingClient(this.server);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void pollOfAnUnknownSessionIsSessionIdUnknown() {
		assertUnknownSession(this.client.poll("unknown"));
	}

	@Test
	void postToAnUnknownSessionIsSessionIdUnknown() {
		assertUnknownSession(this.client.post("unknown", "4hello"));
	}

	@Test
	void webSocketToAnUnknownSessionIsRefusedBeforeTheUpgrade() {
		assertThat(TestWebSocket.refusedStatus(this.client.http(),
				this.server.ws("EIO=4&transport=websocket&sid=unknown"), Map.of()))
			.isEqualTo(400);
	}

	@Test
	void requestWithAnotherProtocolVersionThanItsSessionIsABadRequest() {
		String sid = this.client.handshake();
		assertError(this.client.get("EIO=3&transport=polling&sid=" + sid), 400, 3, "Bad request");
	}

	@Test
	void pollingRequestsOfASessionThatUpgradedAreBadRequests() {
		String sid = this.client.handshake();
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket&sid=" + sid))) {
			socket.send("2probe");
			assertThat(socket.nextText()).isEqualTo("3probe");
			socket.send("5");
			EngineSocket session = this.handler.socket(sid);
			await().atMost(PollingClient.TIMEOUT).until(() -> session.transport() == TransportType.WEBSOCKET);
			assertError(this.client.poll(sid), 400, 3, "Bad request");
			assertError(this.client.post(sid, "4hello"), 400, 3, "Bad request");
			assertThat(session.isOpen()).isTrue();
		}
	}

	@Test
	void pollingRequestOfAWebSocketSessionIsABadRequest() {
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String sid = socket.awaitOpen();
			assertError(this.client.poll(sid), 400, 3, "Bad request");
		}
	}

	@Test
	void secondPollWhilePendingIsRefusedAndClosesTheSessionReleasingThePendingPoll() {
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> pending = this.client.pollAsync(sid);
		EngineTestAccess.awaitPendingPoll(this.server.engine(), sid, PollingClient.TIMEOUT);
		HttpResponse<String> second = this.client.poll(sid);
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(second.body()).isEmpty();
		assertThat(PollingClient.join(pending).body()).isEqualTo("1");
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
		assertUnknownSession(this.client.poll(sid));
	}

	@Test
	void secondPostWhileOneIsInProgressIsRefusedAndClosesTheSession() throws Exception {
		String sid = this.client.handshake();
		String body = "4first";
		try (Socket raw = new Socket("127.0.0.1", this.server.port())) {
			raw.setSoTimeout((int) PollingClient.TIMEOUT.toMillis());
			OutputStream out = raw.getOutputStream();
			out.write(("POST /engine.io/?" + PollingClient.sessionQuery(sid) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + body.length()
					+ "\r\nExpect: 100-continue\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.UTF_8));
			// the server asks for the body once it reads it: the first POST is in
			// progress
			assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
			HttpResponse<String> second = this.client.post(sid, "4second");
			assertThat(second.statusCode()).isEqualTo(400);
			assertThat(second.body()).isEmpty();
			assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
			out.write(body.getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}
		assertUnknownSession(this.client.poll(sid));
	}

	@Test
	void postWhoseClientGoesAwayInTheMiddleOfTheBodyEndsTheSessionAtOnce() {
		String sid = this.client.handshake();
		try (RawConnection raw = RawConnection.open(this.server.port())) {
			raw.write("POST /engine.io/?" + PollingClient.sessionQuery(sid) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 100\r\n\r\n4abc");
		}
		// as with the reference: a transport error at once, not a later "overlapping
		// POST"
		Close close = this.handler.awaitClose(sid);
		assertThat(close.reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
		assertThat(close.description()).isEqualTo("data request connection closed prematurely");
		assertUnknownSession(this.client.post(sid, "4hello"));
	}

	@Test
	void postWithABinaryContentTypeIsRefusedAndClosesTheSession() {
		String sid = this.client.handshake();
		HttpResponse<String> post = this.client.send(this.client.request(PollingClient.sessionQuery(sid))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { 4, 1, 2 }))
			.build());
		assertThat(post.statusCode()).isEqualTo(400);
		assertThat(post.body()).isEmpty();
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
		assertUnknownSession(this.client.poll(sid));
	}

	@Test
	void putToASessionIsAServerErrorAndKeepsTheSession() {
		String sid = this.client.handshake();
		HttpResponse<String> put = this.client.send(this.client.request(PollingClient.sessionQuery(sid))
			.PUT(HttpRequest.BodyPublishers.ofString("4hello"))
			.build());
		assertThat(put.statusCode()).isEqualTo(500);
		assertThat(put.body()).isEmpty();
		assertThat(this.client.post(sid, "4still here").body()).isEqualTo("ok");
		assertThat(this.client.poll(sid).body()).isEqualTo("4still here");
	}

	@Test
	void postOfAnUndecodablePayloadClosesTheSessionWithAParseError() {
		String sid = this.client.handshake();
		this.client.post(sid, "abc");
		assertThat(this.handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.PARSE_ERROR);
		assertUnknownSession(this.client.poll(sid));
	}

	@Test
	void postWithInvalidBase64ClosesTheSessionWithAParseError() {
		String sid = this.client.handshake();
		this.client.post(sid, "4fine\u001eb!!!");
		Close close = this.handler.awaitClose(sid);
		assertThat(close.reason()).isEqualTo(EngineCloseReason.PARSE_ERROR);
		assertUnknownSession(this.client.poll(sid));
	}

	@Test
	void pingPostedByTheClientClosesTheSession() {
		String sid = this.client.handshake();
		this.client.post(sid, "2");
		Close close = this.handler.awaitClose(sid);
		assertThat(close.reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
		assertThat(close.description()).isEqualTo("invalid heartbeat direction");
		assertUnknownSession(this.client.poll(sid));
	}

	@Test
	void pingSentByTheClientOverWebSocketClosesTheConnection() {
		try (TestWebSocket socket = TestWebSocket.connect(this.client.http(),
				this.server.ws("EIO=4&transport=websocket"))) {
			String sid = socket.awaitOpen();
			socket.send("2");
			assertThat(socket.awaitClosed()).isInstanceOf(TestWebSocket.Closed.class);
			assertThat(this.handler.awaitClose(sid).description()).isEqualTo("invalid heartbeat direction");
		}
	}

}
