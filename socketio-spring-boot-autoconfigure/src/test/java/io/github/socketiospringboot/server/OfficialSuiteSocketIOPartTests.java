package io.github.socketiospringboot.server;

import java.time.Duration;

import io.github.socketiospringboot.test.RawWebSocket;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cases S17–S32 of the official Socket.IO suite (protocol.md §4.2, part "Socket.IO
 * protocol"), reproduced over WebSocket-only sessions against the suite's server and
 * settings. The raw client answers pings by itself and skips them where the suite does
 * not look at them, so that a ping landing between a request and its answer cannot fail a
 * test.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class OfficialSuiteSocketIOPartTests {

	private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

	private static final String PH1 = "{\"_placeholder\":true,\"num\":1}";

	private static TestSocketIOServer server;

	@BeforeAll
	static void start() {
		server = SuiteApplication.start();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static void assertConnectAnswer(String packet, String prefix) {
		assertThat(packet).startsWith(prefix);
		JsonNode handshake = RawWebSocket.json(packet.substring(prefix.length()));
		assertThat(handshake.propertyNames()).containsExactly("sid");
		assertThat(handshake.get("sid").isString()).isTrue();
	}

	@Test
	@DisplayName("S17 connect: should allow connection to the main namespace")
	void s17AllowsAConnectionToTheMainNamespace() {
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.send("40");
			assertConnectAnswer(ws.nextPacket(), "40");
			assertThat(ws.nextPacket()).isEqualTo("42[\"auth\",{}]");
		}
	}

	@Test
	@DisplayName("S18 connect: should allow connection to the main namespace with a payload")
	void s18AllowsAConnectionToTheMainNamespaceWithAPayload() {
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.send("40{\"token\":\"123\"}");
			assertConnectAnswer(ws.nextPacket(), "40");
			assertThat(ws.nextPacket()).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
		}
	}

	@Test
	@DisplayName("S19 connect: should allow connection to a custom namespace")
	void s19AllowsAConnectionToACustomNamespace() {
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.send("40/custom,");
			assertConnectAnswer(ws.nextPacket(), "40/custom,");
			assertThat(ws.nextPacket()).isEqualTo("42/custom,[\"auth\",{}]");
		}
	}

	@Test
	@DisplayName("S20 connect: should allow connection to a custom namespace with a payload")
	void s20AllowsAConnectionToACustomNamespaceWithAPayload() {
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.send("40/custom,{\"token\":\"abc\"}");
			assertConnectAnswer(ws.nextPacket(), "40/custom,");
			assertThat(ws.nextPacket()).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");
		}
	}

	@Test
	@DisplayName("S21 connect: should disallow connection to an unknown namespace")
	void s21RefusesAConnectionToAnUnknownNamespace() {
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.send("40/random");
			assertThat(ws.nextPacket()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
		}
	}

	@Test
	@DisplayName("S22 connect: should disallow connection with an invalid handshake")
	void s22ClosesTheConnectionWhenTheFirstPacketIsInvalid() {
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.send("4abc");
			ws.awaitClosed();
		}
	}

	@Test
	@DisplayName("S23 connect: should close the connection if no handshake is received")
	void s23ClosesTheConnectionWhenNoNamespaceIsJoinedWithinTheConnectTimeout() {
		long start = System.nanoTime();
		// the client answers pings: only the connect timeout can close this connection
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.awaitClosed();
			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.isGreaterThanOrEqualTo(TestSocketIOServer.SUITE_OPTIONS.connectTimeout().minusMillis(50));
		}
	}

	@Test
	@DisplayName("S24 disconnect: should disconnect from the main namespace")
	void s24DisconnectingFromTheMainNamespaceIsNotAnsweredAndKeepsTheConnection() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("41");
			assertThat(ws.nextText()).isEqualTo("2");
			assertThat(ws.isClosed()).isFalse();
		}
	}

	@Test
	@DisplayName("S25 disconnect: should connect then disconnect from a custom namespace")
	void s25ConnectsThenDisconnectsFromACustomNamespace() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			assertThat(ws.nextText()).isEqualTo("2");
			ws.send("40/custom");
			assertConnectAnswer(ws.nextPacket(), "40/custom,");
			assertThat(ws.nextPacket()).isEqualTo("42/custom,[\"auth\",{}]");
			ws.send("41/custom");
			ws.send("42[\"message\",\"message to main namespace\"]");
			assertThat(ws.nextPacket()).isEqualTo("42[\"message-back\",\"message to main namespace\"]");
		}
	}

	@Test
	@DisplayName("S26 message: should send a plain-text packet")
	void s26EchoesAPlainTextEvent() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
			assertThat(ws.nextPacket()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
		}
	}

	@Test
	@DisplayName("S27 message: should send a packet with binary attachments")
	void s27EchoesAnEventWithBinaryAttachments() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("452-[\"message\"," + PH0 + "," + PH1 + "]");
			ws.send(new byte[] { 1, 2, 3 });
			ws.send(new byte[] { 4, 5, 6 });
			assertThat(ws.nextPacket()).isEqualTo("452-[\"message-back\"," + PH0 + "," + PH1 + "]");
			assertThat(ws.nextBinary()).containsExactly(1, 2, 3);
			assertThat(ws.nextBinary()).containsExactly(4, 5, 6);
		}
	}

	@Test
	@DisplayName("S28 message: should send a plain-text packet with an ack")
	void s28AcknowledgesAPlainTextEventWithTheSameArguments() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
			assertThat(ws.nextPacket()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
		}
	}

	@Test
	@DisplayName("S29 message: should send a packet with binary attachments and an ack")
	void s29AcknowledgesAnEventWithBinaryAttachmentsWithABinaryAck() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("452-789[\"message-with-ack\"," + PH0 + "," + PH1 + "]");
			ws.send(new byte[] { 1, 2, 3 });
			ws.send(new byte[] { 4, 5, 6 });
			assertThat(ws.nextPacket()).isEqualTo("462-789[" + PH0 + "," + PH1 + "]");
			assertThat(ws.nextBinary()).containsExactly(1, 2, 3);
			assertThat(ws.nextBinary()).containsExactly(4, 5, 6);
		}
	}

	@Test
	@DisplayName("S30 message: should close the connection upon invalid format (unknown packet type)")
	void s30ClosesTheConnectionOnAnUnknownPacketType() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("4abc");
			ws.awaitClosed();
		}
	}

	@Test
	@DisplayName("S31 message: should close the connection upon invalid format (invalid payload format)")
	void s31ClosesTheConnectionOnAnEventThatIsNotAnArray() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("42{}");
			ws.awaitClosed();
		}
	}

	@Test
	@DisplayName("S32 message: should close the connection upon invalid format (invalid ack id)")
	void s32ClosesTheConnectionOnJunkWhereTheAckIdShouldBe() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
			ws.awaitClosed();
		}
	}

}
