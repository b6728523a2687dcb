package io.github.socketiospringboot.internal.engine;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.test.TestEngineServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packets a polling session keeps for its client's next GET after the server closed
 * it are released when that GET never comes; a leak fails the class.
 */
class PollingLastPacketsTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final AtomicReference<@Nullable EngineSocket> opened = new AtomicReference<>();

	private @Nullable TestEngineServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void lastPacketsAreReleasedWhenTheClientDoesNotPollAgainInTime() throws Exception {
		// forgotten pingInterval + pingTimeout after the close; long enough for the
		// session to be still open when the test closes it
		TestEngineServer server = start(SocketIOOptions.builder()
			.pingInterval(Duration.ofMillis(1000))
			.pingTimeout(Duration.ofMillis(500))
			.build());
		EngineSession session = openAndCloseWithoutPendingPoll(server);
		await().atMost(Duration.ofSeconds(5)).until(() -> server.engine().sessionCount() == 0);
		assertThat(server.engine().find(session.id())).isNull();
	}

	@Test
	void lastPacketsAreReleasedWhenTheServerShutsDownBeforeTheClientPollsAgain() throws Exception {
		TestEngineServer server = start(SocketIOOptions.defaults());
		openAndCloseWithoutPendingPoll(server);
		assertThat(server.engine().sessionCount()).as("lingering session").isEqualTo(1);
		server.close();
		this.server = null;
		assertThat(server.engine().sessionCount()).isZero();
	}

	@Test
	void lastPacketsGoToTheNextPollAndTheClosePacketToTheOneAfter() throws Exception {
		TestEngineServer server = start(SocketIOOptions.defaults());
		EngineSession session = openAndCloseWithoutPendingPoll(server);
		// as with the reference: the official Socket.IO client handles the packets of a
		// payload a tick later and would close before, were the close packet among them
		assertThat(poll(server, session).body()).isEqualTo("4last words");
		assertThat(server.engine().sessionCount()).as("lingering session").isEqualTo(1);
		assertThat(poll(server, session).body()).isEqualTo("1");
		await().atMost(Duration.ofSeconds(5)).until(() -> server.engine().sessionCount() == 0);
	}

	private HttpResponse<String> poll(TestEngineServer server, EngineSession session) throws Exception {
		return this.http.send(HttpRequest.newBuilder(server.http("EIO=4&transport=polling&sid=" + session.id()))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private TestEngineServer start(SocketIOOptions options) {
		this.server = TestEngineServer.start(options, CorsOptions.disabled(), (socket) -> {
			this.opened.set(socket);
			return new EngineSocketListener() {

				@Override
				public void onMessage(String text) {
				}

				@Override
				public void onBinary(byte[] bytes) {
				}

				@Override
				public void onClose(EngineCloseReason reason, @Nullable String description) {
				}

			};
		});
		return this.server;
	}

	private EngineSession openAndCloseWithoutPendingPoll(TestEngineServer server) throws Exception {
		HttpResponse<String> handshake = this.http.send(
				HttpRequest.newBuilder(server.http("EIO=4&transport=polling")).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(handshake.statusCode()).isEqualTo(200);
		EngineSession session = (EngineSession) this.opened.get();
		assertThat(session).isNotNull();
		assertThat(session.isOpen()).isTrue();
		session.send("last words");
		session.close();
		return session;
	}

}
