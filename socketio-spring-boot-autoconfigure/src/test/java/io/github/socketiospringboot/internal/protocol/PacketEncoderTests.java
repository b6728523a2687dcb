package io.github.socketiospringboot.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact frames the encoder writes (protocol.md §3.3, §3.4): Engine.IO message type,
 * packet type, attachment count, namespace, ack id, compact JSON; binary values anywhere
 * become placeholders numbered depth-first, each followed by its binary frame.
 */
class PacketEncoderTests {

	private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

	private static final String PH1 = "{\"_placeholder\":true,\"num\":1}";

	private final PacketEncoder encoder = new PacketEncoder(JsonMapper.shared(), PooledByteBufAllocator.DEFAULT);

	private final List<EncodedPacket> encoded = new ArrayList<>();

	@AfterEach
	void releaseEverythingEncoded() {
		this.encoded.forEach(EncodedPacket::release);
	}

	private EncodedPacket keep(EncodedPacket packet) {
		this.encoded.add(packet);
		return packet;
	}

	private String event(String namespace, String event, long ackId, Object... args) {
		return wire(keep(this.encoder.event(namespace, event, args, ackId)));
	}

	private static String wire(EncodedPacket packet) {
		EngineFrame text = packet.frames().get(0);
		assertThat(text.isBinary()).isFalse();
		return text.content().toString(StandardCharsets.UTF_8);
	}

	private static byte[] attachment(EncodedPacket packet, int index) {
		EngineFrame frame = packet.frames().get(index + 1);
		assertThat(frame.isBinary()).isTrue();
		return ByteBufUtil.getBytes(frame.content());
	}

	record Upload(String name, byte[] data, List<byte[]> parts, Map<String, byte[]> extra) {
	}

	@Test
	void eventIsWrittenAsCompactJsonAfterTheMessageAndPacketTypes() {
		assertThat(event("/", "message-back", Packet.NO_ACK, 1, "2", Map.of("3", List.of(true))))
			.isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
	}

	@Test
	void textOmitsTheEngineMessageType() {
		EncodedPacket packet = keep(this.encoder.event("/", "x", new Object[] { 1 }, Packet.NO_ACK));
		assertThat(packet.text()).isEqualTo("2[\"x\",1]");
		assertThat(packet.attachmentCount()).isZero();
		assertThat(packet.frames()).hasSize(1);
	}

	@Test
	void eventWithoutArgumentsIsAnArrayOfItsName() {
		assertThat(event("/", "ping", Packet.NO_ACK)).isEqualTo("42[\"ping\"]");
	}

	@Test
	void nullAndBooleanAndLongArgumentsAreWrittenAsJson() {
		assertThat(event("/", "x", Packet.NO_ACK, null, false, 12345678901L, 1.5))
			.isEqualTo("42[\"x\",null,false,12345678901,1.5]");
	}

	@Test
	void customNamespaceIsFollowedByAComma() {
		assertThat(event("/custom", "auth", Packet.NO_ACK, Map.of())).isEqualTo("42/custom,[\"auth\",{}]");
	}

	@Test
	void ackIdFollowsTheNamespace() {
		assertThat(event("/", "ask", 0, 1)).isEqualTo("420[\"ask\",1]");
		assertThat(event("/custom", "ask", 12, 1)).isEqualTo("42/custom,12[\"ask\",1]");
	}

	@Test
	void ackIsTheIdAndTheAnswerWithoutAnEventName() {
		assertThat(wire(keep(this.encoder.ack("/", 456, new Object[] { 1, "2", Map.of("3", List.of(false)) }))))
			.isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
		assertThat(wire(keep(this.encoder.ack("/custom", 7, new Object[0])))).isEqualTo("43/custom,7[]");
	}

	@Test
	void connectAnswersWithTheSocketIdOnly() {
		assertThat(wire(keep(this.encoder.connect("/", "abc")))).isEqualTo("40{\"sid\":\"abc\"}");
		assertThat(wire(keep(this.encoder.connect("/custom", "abc")))).isEqualTo("40/custom,{\"sid\":\"abc\"}");
	}

	@Test
	void connectIsWrittenAsTheMapperWritesIt() {
		// written straight into the frame, or by the generator: the same bytes
		PacketEncoder generated = new PacketEncoder(JsonMapper.shared(), PooledByteBufAllocator.DEFAULT, false);
		for (String pid : new String[] { null, "p-1", "q\"\u00e9\n" }) {
			for (String sid : new String[] { "abc", "a\\b\u0001", "\u00e9\ud83d\ude00" }) {
				assertThat(wire(keep(this.encoder.connect("/n", sid, pid))))
					.isEqualTo(wire(keep(generated.connect("/n", sid, pid))));
			}
		}
		assertThat(wire(keep(this.encoder.connect("/", "abc", "def"))))
			.isEqualTo("40{\"sid\":\"abc\",\"pid\":\"def\"}");
	}

	@Test
	void connectErrorCarriesTheMessageAndOmitsAbsentData() {
		assertThat(wire(keep(this.encoder.connectError("/random", "Invalid namespace", null))))
			.isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
	}

	@Test
	void connectErrorCarriesTheDataAsJson() {
		assertThat(wire(keep(this.encoder.connectError("/", "not authorized", Map.of("retry", false)))))
			.isEqualTo("44{\"message\":\"not authorized\",\"data\":{\"retry\":false}}");
	}

	@Test
	void disconnectHasNoPayload() {
		assertThat(wire(keep(this.encoder.disconnect("/")))).isEqualTo("41");
		assertThat(wire(keep(this.encoder.disconnect("/custom")))).isEqualTo("41/custom,");
	}

	@Test
	void byteArraysBecomeNumberedPlaceholdersAndABinaryEvent() {
		EncodedPacket packet = keep(this.encoder.event("/", "message-back",
				new Object[] { new byte[] { 1, 2, 3 }, new byte[] { 4, 5, 6 } }, Packet.NO_ACK));
		assertThat(wire(packet)).isEqualTo("452-[\"message-back\"," + PH0 + "," + PH1 + "]");
		assertThat(packet.attachmentCount()).isEqualTo(2);
		assertThat(attachment(packet, 0)).containsExactly(1, 2, 3);
		assertThat(attachment(packet, 1)).containsExactly(4, 5, 6);
	}

	@Test
	void binaryAckCarriesTheCountBeforeTheAckId() {
		EncodedPacket packet = keep(
				this.encoder.ack("/", 789, new Object[] { new byte[] { 1, 2, 3 }, new byte[] { 4, 5, 6 } }));
		assertThat(wire(packet)).isEqualTo("462-789[" + PH0 + "," + PH1 + "]");
		assertThat(attachment(packet, 1)).containsExactly(4, 5, 6);
	}

	@Test
	void binaryEventInANamespaceWithAnAckIdWritesCountNamespaceAndIdInOrder() {
		EncodedPacket packet = keep(this.encoder.event("/nsp", "x", new Object[] { new byte[] { 9 } }, 3));
		assertThat(wire(packet)).isEqualTo("451-/nsp,3[\"x\"," + PH0 + "]");
	}

	@Test
	void binaryNestedInRecordsListsAndMapsIsNumberedDepthFirst() {
		Map<String, Object> wrapper = new LinkedHashMap<>();
		wrapper.put("list", List.of("a", new byte[] { 5 }));
		wrapper.put("nested", Map.of("deep", new byte[] { 6 }));
		Upload upload = new Upload("u", new byte[] { 1 }, List.of(new byte[] { 2 }, new byte[] { 3 }),
				Map.of("k", new byte[] { 4 }));
		EncodedPacket packet = keep(
				this.encoder.event("/", "upload", new Object[] { new byte[] { 0 }, upload, wrapper }, Packet.NO_ACK));
		assertThat(wire(packet))
			.isEqualTo("457-[\"upload\"," + placeholder(0) + ",{\"name\":\"u\",\"data\":" + placeholder(1)
					+ ",\"parts\":[" + placeholder(2) + "," + placeholder(3) + "],\"extra\":{\"k\":" + placeholder(4)
					+ "}},{\"list\":[\"a\"," + placeholder(5) + "],\"nested\":{\"deep\":" + placeholder(6) + "}}]");
		for (int i = 0; i < 7; i++) {
			assertThat(attachment(packet, i)).containsExactly(i);
		}
	}

	@Test
	void binaryJsonNodesAndByteBuffersBecomeAttachmentsToo() {
		ObjectNode node = JsonMapper.shared().createObjectNode();
		node.put("file", new byte[] { 7, 8 });
		EncodedPacket packet = keep(
				this.encoder.event("/", "x", new Object[] { node, ByteBuffer.wrap(new byte[] { 9 }) }, Packet.NO_ACK));
		assertThat(wire(packet)).isEqualTo("452-[\"x\",{\"file\":" + PH0 + "}," + PH1 + "]");
		assertThat(attachment(packet, 0)).containsExactly(7, 8);
		assertThat(attachment(packet, 1)).containsExactly(9);
	}

	@Test
	void whatTheEncoderWritesTheDecoderReadsBack() {
		EncodedPacket packet = keep(this.encoder.event("/nsp", "x",
				new Object[] { 1, new byte[] { 1, 2 }, Map.of("b", new byte[] { 3 }) }, 5));
		PacketDecoder decoder = new PacketDecoder(JsonMapper.shared(), 10);
		assertThat(decoder.decode(packet.text())).isNull();
		decoder.decodeBinary(attachment(packet, 0));
		Packet decoded = decoder.decodeBinary(attachment(packet, 1));
		assertThat(decoded.type()).isEqualTo(PacketType.EVENT);
		assertThat(decoded.namespace()).isEqualTo("/nsp");
		assertThat(decoded.ackId()).isEqualTo(5);
		assertThat(decoded.data().get(1).intValue()).isEqualTo(1);
		assertThat(decoded.data().get(2).binaryValue()).containsExactly(1, 2);
		assertThat(decoded.data().get(3).get("b").binaryValue()).containsExactly(3);
	}

	@Test
	void releasingAPacketFreesAllItsFrames() {
		EncodedPacket packet = this.encoder.event("/", "x", new Object[] { new byte[] { 1 } }, Packet.NO_ACK);
		List<EngineFrame> frames = packet.frames();
		packet.release();
		assertThat(frames).allSatisfy((frame) -> assertThat(frame.refCnt()).isZero());
	}

	private static String placeholder(int num) {
		return "{\"_placeholder\":true,\"num\":" + num + "}";
	}

}
