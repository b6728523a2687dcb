package io.github.socketiospringboot.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.test.RawHttp;
import io.github.socketiospringboot.test.RawWebSocket;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket.IO over raw HTTP long-polling, which no official suite covers (protocol.md
 * §4.2): packets batched with the record separator, binary attachments as
 * {@code b<base64>} packets, acknowledgements both ways.
 */
class PollingSocketIOTests {

	private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

	private static TestSocketIOServer server;

	@BeforeAll
	static void start() {
		server = SuiteApplication.start(SocketIOOptions.defaults());
		server.io()
			.of("/custom")
			.onConnection((socket) -> socket.on("file",
					(event) -> socket.emit("file", "a.bin", new byte[] { (byte) 0xfb, (byte) 0xff, 0x00 })));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	/**
	 * A polling session read packet by packet: each GET may carry several.
	 */
	private static final class PollingSession {

		private final String sid;

		private final Deque<String> received = new ArrayDeque<>();

		PollingSession() {
			HttpResponse<String> open = RawHttp.get(server.http("EIO=4&transport=polling"));
			assertThat(open.statusCode()).isEqualTo(200);
			this.sid = RawWebSocket.json(open.body().substring(1)).get("sid").stringValue();
		}

		void post(String payload) {
			HttpResponse<String> response = RawHttp.post(server.http("EIO=4&transport=polling&sid=" + this.sid),
					payload);
			assertThat(response.statusCode()).as("POST %s", payload).isEqualTo(200);
			assertThat(response.body()).isEqualTo("ok");
		}

		String next() {
			if (this.received.isEmpty()) {
				HttpResponse<String> poll = RawHttp.get(server.http("EIO=4&transport=polling&sid=" + this.sid));
				assertThat(poll.statusCode()).isEqualTo(200);
				this.received.addAll(Arrays.asList(poll.body().split("\u001e")));
			}
			return this.received.removeFirst();
		}

		String connect(String namespacePrefix) {
			post("4" + namespacePrefix);
			String answer = next();
			assertThat(answer).startsWith("4" + namespacePrefix + "{\"sid\":");
			return RawWebSocket.json(answer.substring(answer.indexOf('{'))).get("sid").stringValue();
		}

		void close() {
			post("1");
		}

	}

	@Test
	void connectAndEventsTravelAsTextPacketsOfThePayload() {
		PollingSession session = new PollingSession();
		session.connect("0");
		assertThat(session.next()).isEqualTo("42[\"auth\",{}]");
		session.post("42[\"message\",1]\u001e42[\"message\",\"two\"]");
		assertThat(session.next()).isEqualTo("42[\"message-back\",1]");
		assertThat(session.next()).isEqualTo("42[\"message-back\",\"two\"]");
		session.close();
	}

	@Test
	void clientAcknowledgementIsAnsweredInThePoll() {
		PollingSession session = new PollingSession();
		session.connect("0");
		session.next();
		session.post("4212[\"message-with-ack\",{\"a\":[1,2]}]");
		assertThat(session.next()).isEqualTo("4312[{\"a\":[1,2]}]");
		session.close();
	}

	@Test
	void binaryAttachmentsTravelAsBase64PacketsBothWays() {
		PollingSession session = new PollingSession();
		session.connect("0");
		session.next();
		session.post("451-[\"message\"," + PH0 + "]\u001ebAQID");
		assertThat(session.next()).isEqualTo("451-[\"message-back\"," + PH0 + "]");
		assertThat(session.next()).isEqualTo("bAQID");
		session.close();
	}

	@Test
	void attachmentMayComeInALaterPostWithALineBreakAfterTheBase64() {
		// what the official Java client sends: one POST per packet, base64 ending in \n
		PollingSession session = new PollingSession();
		session.connect("0");
		session.next();
		session.post("452-12[\"message-with-ack\"," + PH0 + ",{\"_placeholder\":true,\"num\":1}]");
		session.post("bAQIDBA==\n");
		session.post("b+/8A\n");
		assertThat(session.next()).isEqualTo("462-12[" + PH0 + ",{\"_placeholder\":true,\"num\":1}]");
		assertThat(session.next()).isEqualTo("bAQIDBA==");
		assertThat(session.next()).isEqualTo("b+/8A");
		session.close();
	}

	@Test
	void serverBinaryInACustomNamespaceIsStandardBase64() {
		PollingSession session = new PollingSession();
		session.connect("0/custom,");
		assertThat(session.next()).isEqualTo("42/custom,[\"auth\",{}]");
		session.post("42/custom,[\"file\"]");
		assertThat(session.next()).isEqualTo("451-/custom,[\"file\",\"a.bin\"," + PH0 + "]");
		assertThat(session.next()).isEqualTo("b+/8A");
		session.close();
	}

	@Test
	void serverAcknowledgementIsAnsweredByAPost() {
		PollingSession session = new PollingSession();
		String socketId = session.connect("0");
		session.next();
		SocketIOSocket socket = server.io().sockets().sockets().get(socketId);
		CompletableFuture<Ack> answer = socket.timeout(Duration.ofSeconds(5)).emitWithAck("ask", 21).toFuture();
		String ask = session.next();
		assertThat(ask).startsWith("42").endsWith("[\"ask\",21]");
		String ackId = ask.substring(2, ask.indexOf('['));
		session.post("43" + ackId + "[42]");
		Ack ack = RawWebSocket.await(answer, "acknowledgement");
		assertThat(ack.socketId()).isEqualTo(socketId);
		assertThat(ack.get(0, Integer.class)).isEqualTo(42);
		session.close();
	}

}
