package io.github.socketiospringboot.internal.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.test.RawConnection;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.RecordingEchoHandler.Close;
import io.github.socketiospringboot.test.TestEngineServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket frames that break RFC 6455 where Netty's decoder lets them through, failed as
 * the reference server ({@code ws}) fails them: a close frame with the status, the
 * connection closed, the session ended with a transport error. Well-formed frames of the
 * same shapes still pass.
 */
class EngineWebSocketFrameTests {

	/** The reference default, which the 20 × 60,000 bytes go past. */
	private static final int LIMIT = 1_000_000;

	private static TestEngineServer server;

	private static RecordingEchoHandler handler;

	@BeforeAll
	static void start() {
		handler = new RecordingEchoHandler();
		server = TestEngineServer.start(TestEngineServer.QUIET_SUITE_OPTIONS.mutate().maxHttpBufferSize(LIMIT).build(),
				CorsOptions.disabled(), handler);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void fragmentedMessageOverTheLimitClosesWith1009() {
		try (Session session = Session.open()) {
			// the message of 20 fragments of 60,000 bytes: the server fails it at
			// the 17th, the one that goes past the limit, so the client stops there
			byte[] fragment = filled(60_000, 'a');
			fragment[0] = '4';
			session.connection.writeFrame(false, 0, RawConnection.TEXT, fragment);
			fragment[0] = 'a';
			for (int sent = fragment.length; sent <= LIMIT; sent += fragment.length) {
				session.connection.writeFrame(false, 0, RawConnection.CONTINUATION, fragment);
			}
			session.assertFailed(1009, "Max payload size exceeded");
		}
	}

	@Test
	void fragmentedMessagesUpToTheLimitAreAggregated() {
		try (Session session = Session.open()) {
			byte[] fragment = filled(LIMIT / 4, 'b');
			fragment[0] = '4';
			session.connection.writeFrame(false, 0, RawConnection.TEXT, fragment);
			fragment[0] = 'b';
			session.connection.writeFrame(false, 0, RawConnection.CONTINUATION, fragment);
			session.connection.writeFrame(false, 0, RawConnection.CONTINUATION, fragment);
			session.connection.writeFrame(true, 0, RawConnection.CONTINUATION, fragment);
			assertThat(session.connection.readText()).hasSize(LIMIT).startsWith("4bbb");
			// and again, the count starting over with each message
			session.connection.writeFrame(false, 0, RawConnection.TEXT, "4he".getBytes(StandardCharsets.UTF_8));
			session.connection.writeFrame(true, 0, RawConnection.CONTINUATION, "llo".getBytes(StandardCharsets.UTF_8));
			assertThat(session.connection.readText()).isEqualTo("4hello");
		}
	}

	@Test
	void frameWithRsv1WithoutANegotiatedExtensionClosesWith1002() {
		try (Session session = Session.open()) {
			session.connection.writeFrame(true, 0b100, RawConnection.TEXT, "4hello".getBytes(StandardCharsets.UTF_8));
			session.assertFailed(1002, "Invalid WebSocket frame: RSV1 must be clear");
		}
	}

	@Test
	void frameWithRsv2ClosesWith1002() {
		try (Session session = Session.open()) {
			session.connection.writeFrame(true, 0b010, RawConnection.BINARY, new byte[] { 1, 2 });
			session.assertFailed(1002, "Invalid WebSocket frame: RSV2 and RSV3 must be clear");
		}
	}

	@Test
	void textFrameThatIsNotUtf8ClosesWith1007() {
		try (Session session = Session.open()) {
			session.connection.writeFrame(true, 0, RawConnection.TEXT,
					new byte[] { 0x34, (byte) 0xff, (byte) 0xfe, 0x41 });
			session.assertFailed(1007, "Invalid WebSocket frame: invalid UTF-8 sequence");
		}
	}

	@Test
	void textMessageEndingInTheMiddleOfACharacterClosesWith1007() {
		try (Session session = Session.open()) {
			// the first two bytes of "€" (E2 82 AC), split across fragments
			session.connection.writeFrame(false, 0, RawConnection.TEXT, new byte[] { 0x34, (byte) 0xe2 });
			session.connection.writeFrame(true, 0, RawConnection.CONTINUATION, new byte[] { (byte) 0x82 });
			session.assertFailed(1007, "Invalid WebSocket frame: invalid UTF-8 sequence");
		}
	}

	@Test
	void textFramesInEveryValidUtf8ShapeAreDeliveredIntact() {
		try (Session session = Session.open()) {
			// Latin-1, the BMP, a surrogate pair, and U+FFFD sent as itself
			for (String text : new String[] { "4h\u00e9llo", "4\u2603 \u20ac", "4\ud83d\ude00", "4a\ufffdb" }) {
				session.connection.writeText(text);
				assertThat(session.connection.readText()).isEqualTo(text);
			}
			// a character split across fragments
			session.connection.writeFrame(false, 0, RawConnection.TEXT, new byte[] { 0x34, (byte) 0xe2 });
			session.connection.writeFrame(true, 0, RawConnection.CONTINUATION, new byte[] { (byte) 0x82, (byte) 0xac });
			assertThat(session.connection.readText()).isEqualTo("4\u20ac");
		}
	}

	@Test
	void fragmentedBinaryMessagesAreJoined() {
		try (Session session = Session.open()) {
			session.connection.writeFrame(false, 0, RawConnection.BINARY, new byte[] { 1, 2 });
			session.connection.writeFrame(false, 0, RawConnection.CONTINUATION, new byte[] { 3 });
			session.connection.writeFrame(true, 0, RawConnection.CONTINUATION, new byte[] { 4, 5 });
			RawConnection.Frame echo = session.connection.readFrame();
			assertThat(echo).isNotNull();
			assertThat(echo.opcode()).isEqualTo(RawConnection.BINARY);
			assertThat(echo.payload()).containsExactly(1, 2, 3, 4, 5);
		}
	}

	@Test
	void aPingBetweenTheFragmentsOfAMessageIsAnsweredAndTheMessageArrivesWhole() {
		try (Session session = Session.open()) {
			session.connection.writeFrame(false, 0, RawConnection.TEXT, "4he".getBytes(StandardCharsets.UTF_8));
			session.connection.writeFrame(true, 0, RawConnection.PING, new byte[] { 7 });
			session.connection.writeFrame(true, 0, RawConnection.CONTINUATION, "llo".getBytes(StandardCharsets.UTF_8));
			RawConnection.Frame pong = session.connection.readFrame();
			assertThat(pong).isNotNull();
			assertThat(pong.opcode()).isEqualTo(RawConnection.PONG);
			assertThat(pong.payload()).containsExactly(7);
			assertThat(session.connection.readText()).isEqualTo("4hello");
		}
	}

	@Test
	void anUnsolicitedPongIsIgnored() {
		try (Session session = Session.open()) {
			session.connection.writeFrame(true, 0, RawConnection.PONG, new byte[] { 1 });
			session.connection.writeText("4hello");
			assertThat(session.connection.readText()).isEqualTo("4hello");
			assertThat(handler.isClosed(session.sid)).isFalse();
		}
	}

	private static byte[] filled(int length, char c) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, (byte) c);
		return bytes;
	}

	/**
	 * A WebSocket-only Engine.IO session over a raw connection.
	 */
	private static final class Session implements AutoCloseable {

		final RawConnection connection;

		final String sid;

		private Session(RawConnection connection, String sid) {
			this.connection = connection;
			this.sid = sid;
		}

		static Session open() {
			RawConnection connection = RawConnection.webSocket(server.port(), "/engine.io/?EIO=4&transport=websocket");
			String open = connection.readText();
			assertThat(open).startsWith("0");
			return new Session(connection, JsonMapper.shared().readTree(open.substring(1)).get("sid").asString());
		}

		void assertFailed(int status, String description) {
			assertThat(this.connection.awaitCloseStatus()).as("close status").isEqualTo(status);
			Close close = handler.awaitClose(this.sid);
			assertThat(close.reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
			assertThat(close.description()).isEqualTo(description);
			assertThat(server.engine().find(this.sid)).isNull();
		}

		@Override
		public void close() {
			this.connection.close();
		}

	}

}
