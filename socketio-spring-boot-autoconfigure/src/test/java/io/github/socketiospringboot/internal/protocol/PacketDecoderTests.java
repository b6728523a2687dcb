package io.github.socketiospringboot.internal.protocol;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding of every valid packet type and form (protocol.md §3): namespaces, ack ids,
 * payloads and binary attachments.
 */
class PacketDecoderTests {

	private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

	private static final String PH1 = "{\"_placeholder\":true,\"num\":1}";

	private final PacketDecoder decoder = new PacketDecoder(JsonMapper.shared(), 10);

	private Packet decode(String text) {
		Packet packet = this.decoder.decode(text);
		assertThat(packet).as("packet decoded from %s", text).isNotNull();
		return packet;
	}

	private static JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

	@Test
	void connectToTheMainNamespaceHasNoPayload() {
		assertThat(decode("0")).isEqualTo(new Packet(PacketType.CONNECT, "/", Packet.NO_ACK, null));
	}

	@Test
	void connectCarriesItsAuthPayload() {
		Packet packet = decode("0{\"token\":\"123\"}");
		assertThat(packet.type()).isEqualTo(PacketType.CONNECT);
		assertThat(packet.namespace()).isEqualTo("/");
		assertThat(packet.data()).isEqualTo(json("{\"token\":\"123\"}"));
	}

	@Test
	void connectToACustomNamespaceEndsTheNameWithAComma() {
		assertThat(decode("0/custom,")).isEqualTo(new Packet(PacketType.CONNECT, "/custom", Packet.NO_ACK, null));
	}

	@Test
	void connectToACustomNamespaceMayOmitTheComma() {
		assertThat(decode("0/custom")).isEqualTo(new Packet(PacketType.CONNECT, "/custom", Packet.NO_ACK, null));
	}

	@Test
	void connectToACustomNamespaceCarriesItsAuthPayloadAfterTheComma() {
		Packet packet = decode("0/custom,{\"token\":\"abc\"}");
		assertThat(packet.namespace()).isEqualTo("/custom");
		assertThat(packet.data()).isEqualTo(json("{\"token\":\"abc\"}"));
	}

	@Test
	void disconnectNamesItsNamespaceOrNone() {
		assertThat(decode("1")).isEqualTo(new Packet(PacketType.DISCONNECT, "/", Packet.NO_ACK, null));
		assertThat(decode("1/custom,")).isEqualTo(new Packet(PacketType.DISCONNECT, "/custom", Packet.NO_ACK, null));
		assertThat(decode("1/custom")).isEqualTo(new Packet(PacketType.DISCONNECT, "/custom", Packet.NO_ACK, null));
	}

	@Test
	void eventIsAnArrayHeadedByItsName() {
		Packet packet = decode("2[\"x\",1]");
		assertThat(packet.type()).isEqualTo(PacketType.EVENT);
		assertThat(packet.namespace()).isEqualTo("/");
		assertThat(packet.hasAckId()).isFalse();
		assertThat(packet.data()).isEqualTo(json("[\"x\",1]"));
	}

	@Test
	void eventWithAnAckIdKeepsTheId() {
		Packet packet = decode("2456[\"x\"]");
		assertThat(packet.ackId()).isEqualTo(456);
		assertThat(packet.hasAckId()).isTrue();
		assertThat(packet.data()).isEqualTo(json("[\"x\"]"));
	}

	@Test
	void eventInANamespaceWithAnAckIdReadsBothInOrder() {
		assertThat(decode("2/nsp,7[\"x\"]")).isEqualTo(new Packet(PacketType.EVENT, "/nsp", 7, json("[\"x\"]")));
	}

	@Test
	void eventNameMayBeANumber() {
		assertThat(decode("2[42,\"x\"]").data()).isEqualTo(json("[42,\"x\"]"));
	}

	@Test
	void ackCarriesTheIdAndTheAnswerWithoutAnEventName() {
		Packet packet = decode("3456[1,\"2\",{\"3\":[false]}]");
		assertThat(packet.type()).isEqualTo(PacketType.ACK);
		assertThat(packet.ackId()).isEqualTo(456);
		assertThat(packet.data()).isEqualTo(json("[1,\"2\",{\"3\":[false]}]"));
	}

	@Test
	void ackMayHaveAnEmptyAnswer() {
		assertThat(decode("3/custom,0[]")).isEqualTo(new Packet(PacketType.ACK, "/custom", 0, json("[]")));
	}

	@Test
	void integersStayIntegersAndDecimalsStayDecimals() {
		JsonNode data = decode("2[\"x\",1,12345678901,1.5,-3]").data();
		assertThat(data.get(1).isInt()).isTrue();
		assertThat(data.get(1).intValue()).isEqualTo(1);
		assertThat(data.get(2).isIntegralNumber()).isTrue();
		assertThat(data.get(2).longValue()).isEqualTo(12345678901L);
		assertThat(data.get(3).isFloatingPointNumber()).isTrue();
		assertThat(data.get(4).isInt()).isTrue();
		assertThat(JsonMapper.shared().writeValueAsString(data)).isEqualTo("[\"x\",1,12345678901,1.5,-3]");
	}

	@Test
	void binaryEventWaitsForItsAttachmentsThenPutsThemInPlace() {
		assertThat(this.decoder.decode("52-[\"message\"," + PH0 + "," + PH1 + "]")).isNull();
		assertThat(this.decoder.isAwaitingAttachments()).isTrue();
		assertThat(this.decoder.decodeBinary(new byte[] { 1, 2, 3 })).isNull();
		Packet packet = this.decoder.decodeBinary(new byte[] { 4, 5, 6 });
		assertThat(this.decoder.isAwaitingAttachments()).isFalse();
		assertThat(packet).isNotNull();
		assertThat(packet.type()).as("folded type").isEqualTo(PacketType.EVENT);
		assertThat(packet.namespace()).isEqualTo("/");
		assertThat(packet.hasAckId()).isFalse();
		JsonNode data = packet.data();
		assertThat(data.get(0).stringValue()).isEqualTo("message");
		assertThat(data.get(1).isBinary()).isTrue();
		assertThat(data.get(1).binaryValue()).containsExactly(1, 2, 3);
		assertThat(data.get(2).binaryValue()).containsExactly(4, 5, 6);
	}

	@Test
	void binaryAckKeepsItsIdAndFoldsToAnAck() {
		assertThat(this.decoder.decode("62-789[" + PH0 + "," + PH1 + "]")).isNull();
		this.decoder.decodeBinary(new byte[] { 1 });
		Packet packet = this.decoder.decodeBinary(new byte[] { 2 });
		assertThat(packet.type()).isEqualTo(PacketType.ACK);
		assertThat(packet.ackId()).isEqualTo(789);
		assertThat(packet.data().get(0).binaryValue()).containsExactly(1);
		assertThat(packet.data().get(1).binaryValue()).containsExactly(2);
	}

	@Test
	void attachmentsAreSubstitutedByTheirNumberWhateverTheOrderAndDepth() {
		this.decoder.decode("52-/nsp,3[\"x\",{\"a\":[" + PH1 + "]},{\"b\":" + PH0 + "}]");
		this.decoder.decodeBinary(new byte[] { 10 });
		Packet packet = this.decoder.decodeBinary(new byte[] { 11 });
		assertThat(packet.namespace()).isEqualTo("/nsp");
		assertThat(packet.ackId()).isEqualTo(3);
		assertThat(packet.data().get(1).get("a").get(0).binaryValue()).containsExactly(11);
		assertThat(packet.data().get(2).get("b").binaryValue()).containsExactly(10);
	}

	@Test
	void theDecoderAcceptsTheNextPacketOnceABinaryPacketIsComplete() {
		this.decoder.decode("51-[\"x\"," + PH0 + "]");
		this.decoder.decodeBinary(new byte[] { 1 });
		assertThat(decode("2[\"y\"]").data()).isEqualTo(json("[\"y\"]"));
	}

	@Test
	void tenAttachmentsAreAccepted() {
		StringBuilder header = new StringBuilder("510-[\"x\"");
		for (int i = 0; i < 10; i++) {
			header.append(",{\"_placeholder\":true,\"num\":").append(i).append('}');
		}
		assertThat(this.decoder.decode(header.append(']').toString())).isNull();
		Packet packet = null;
		for (int i = 0; i < 10; i++) {
			packet = this.decoder.decodeBinary(new byte[] { (byte) i });
		}
		assertThat(packet).isNotNull();
		assertThat(packet.data().get(10).binaryValue()).containsExactly(9);
	}

}
