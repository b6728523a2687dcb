package io.github.socketiospringboot.server;

import java.util.List;
import java.util.stream.Stream;

import io.github.socketiospringboot.test.RawWebSocket;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input over a connected raw WebSocket gets the reference server's outcome
 * (protocol.md §3.6: the whole connection is closed; an unknown namespace is refused and
 * an unknown ack id ignored, the connection kept), and a well-behaved client connected at
 * the same time keeps working after each.
 */
class InvalidInputTests {

	private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

	private static TestSocketIOServer server;

	private RawWebSocket bystander;

	@BeforeAll
	static void start() {
		// the reference heartbeat (25 s): these tests are not about it
		server = SuiteApplication.start(SocketIOOptions.defaults());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void connectBystander() {
		this.bystander = RawWebSocket.connect(server, 1);
	}

	@AfterEach
	void assertBystanderStillWorksAndClose() {
		try (RawWebSocket ws = this.bystander) {
			ws.send("42[\"message\",\"still here\"]");
			assertThat(ws.nextPacket()).isEqualTo("42[\"message-back\",\"still here\"]");
		}
	}

	static Stream<Arguments> inputsThatCloseTheConnection() {
		return Stream.of(arguments("unknown packet type", List.of("4abc")),
				arguments("event that is not an array", List.of("42{}")),
				arguments("event without a name", List.of("42[]")),
				arguments("reserved event name", List.of("42[\"disconnect\"]")),
				arguments("connect whose payload is an array", List.of("40[\"x\"]")),
				arguments("disconnect with a payload", List.of("41{}")),
				arguments("junk where the ack id should be", List.of("42abc[\"message-with-ack\",1]")),
				arguments("second connect to a joined namespace", List.of("40")),
				arguments("event for a namespace not joined", List.of("42/other,[\"x\"]")),
				arguments("disconnect from a namespace not joined", List.of("41/other,")),
				arguments("ack for a namespace not joined", List.of("43/other,1[]")),
				arguments("connect error sent by a client", List.of("44{\"message\":\"x\"}")),
				arguments("more attachments than the limit", List.of("4511-[\"message\"]")),
				arguments("attachment count without its dash", List.of("451[\"message\"," + PH0 + "]")),
				arguments("binary message with no pending binary header", List.of(new byte[] { 1, 2, 3 })),
				arguments("text while attachments are awaited",
						List.of("451-[\"message\"," + PH0 + "]", "42[\"message\",1]")),
				arguments("placeholder number out of range",
						List.of("451-[\"message\",{\"_placeholder\":true,\"num\":3}]", new byte[] { 1 })));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void inputsThatCloseTheConnection(String description, List<Object> frames) {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			for (Object frame : frames) {
				if (frame instanceof byte[] bytes) {
					ws.send(bytes);
				}
				else {
					ws.send((String) frame);
				}
			}
			ws.awaitClosed();
		}
	}

	@Test
	void invalidFirstPacketClosesTheConnection() {
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.send("4abc");
			ws.awaitClosed();
		}
	}

	@Test
	void eventBeforeAnyConnectClosesTheConnection() {
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.send("42[\"message\",1]");
			ws.awaitClosed();
		}
	}

	@Test
	void invalidPacketOnOneNamespaceClosesEveryNamespaceOfTheConnection() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("40/custom,");
			assertThat(ws.nextPacket()).startsWith("40/custom,{");
			assertThat(ws.nextPacket()).isEqualTo("42/custom,[\"auth\",{}]");
			ws.send("42/custom,{}");
			ws.awaitClosed();
		}
	}

	@Test
	void unknownNamespaceIsRefusedAndTheConnectionKept() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("40/random,");
			assertThat(ws.nextPacket()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
			ws.send("42[\"message\",1]");
			assertThat(ws.nextPacket()).isEqualTo("42[\"message-back\",1]");
		}
	}

	@Test
	void unknownNamespaceBeforeAnyOtherIsRefusedAndTheConnectionKept() {
		try (RawWebSocket ws = RawWebSocket.openSession(server)) {
			ws.send("40/random");
			assertThat(ws.nextPacket()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
			ws.send("40");
			assertThat(ws.nextPacket()).startsWith("40{");
		}
	}

	@Test
	void ackForAnUnknownIdIsIgnoredAndTheConnectionKeepsWorking() {
		try (RawWebSocket ws = RawWebSocket.connect(server, 1)) {
			ws.send("43999[1]");
			ws.send("461-11[" + PH0 + "]");
			ws.send(new byte[] { 1 });
			ws.send("42[\"message\",1]");
			assertThat(ws.nextPacket()).isEqualTo("42[\"message-back\",1]");
		}
	}

}
