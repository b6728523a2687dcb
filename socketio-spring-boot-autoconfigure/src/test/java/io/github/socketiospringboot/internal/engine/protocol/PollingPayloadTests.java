package io.github.socketiospringboot.internal.engine.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

class PollingPayloadTests {

	private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

	private final List<EngineFrame> frames = new ArrayList<>();

	@AfterEach
	void releaseFrames() {
		this.frames.forEach(EngineFrame::release);
	}

	@Test
	void separatorIsTheRecordSeparator() {
		assertThat(PollingPayload.SEPARATOR).isEqualTo((char) 0x1E);
	}

	@Test
	void payloadOfOnePacketDecodesToThatPacket() {
		assertThat(PollingPayload.decode("4hello"))
			.containsExactly(new InboundPacket(EnginePacketType.MESSAGE, "hello", null));
	}

	@Test
	void packetsAreSplitAtEachSeparatorInOrder() {
		assertThat(PollingPayload.decode("4test1\u001e4test2\u001e3"))
			.extracting(InboundPacket::type, InboundPacket::text)
			.containsExactly(tuple(EnginePacketType.MESSAGE, "test1"), tuple(EnginePacketType.MESSAGE, "test2"),
					tuple(EnginePacketType.PONG, ""));
	}

	@Test
	void textAndBinaryPacketsMayBeMixed() {
		List<InboundPacket> packets = PollingPayload.decode("4hello\u001ebAQIDBA==\u001e4bye");
		assertThat(packets).hasSize(3);
		assertThat(packets.get(0).text()).isEqualTo("hello");
		assertThat(packets.get(1).binary()).containsExactly(1, 2, 3, 4);
		assertThat(packets.get(2).text()).isEqualTo("bye");
	}

	@Test
	void anInvalidPacketAnywhereFailsTheWholePayload() {
		assertThatExceptionOfType(EngineProtocolException.class)
			.isThrownBy(() -> PollingPayload.decode("4fine\u001eabc"));
	}

	@Test
	void anEmptyPacketBetweenSeparatorsFailsThePayload() {
		assertThatExceptionOfType(EngineProtocolException.class)
			.isThrownBy(() -> PollingPayload.decode("4fine\u001e\u001e4fine"));
		assertThatExceptionOfType(EngineProtocolException.class).isThrownBy(() -> PollingPayload.decode("4fine\u001e"));
		assertThatExceptionOfType(EngineProtocolException.class).isThrownBy(() -> PollingPayload.decode(""));
	}

	@Test
	void oneTextFrameIsEncodedAsItself() {
		assertThat(encode(text("4hello"))).isEqualTo("4hello");
	}

	@Test
	void framesAreJoinedWithTheSeparatorAndBinaryIsBase64WithB() {
		assertThat(encode(text("4hello"), binary(1, 2, 3, 4), text("4bye")))
			.isEqualTo("4hello\u001ebAQIDBA==\u001e4bye");
	}

	@ParameterizedTest
	@CsvSource({ "1, bAQ==", "2, bAQI=", "3, bAQID", "0, b" })
	void binaryIsStandardBase64WithPadding(int length, String expected) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (i + 1);
		}
		assertThat(encode(binary(bytes))).isEqualTo(expected);
	}

	@Test
	void bytesThatNeedTheFullBase64AlphabetAreEncodedWithoutUrlSafeCharacters() {
		assertThat(encode(binary(0xfb, 0xff, 0xbf))).isEqualTo("b+/+/");
	}

	@Test
	void nonAsciiTextIsEncodedAsUtf8() {
		assertThat(encode(text("4h\u00e9llo"), text("4\u2713"))).isEqualTo("4h\u00e9llo\u001e4\u2713");
	}

	@Test
	void encodingReadsTheFramesWithoutReleasingOrMovingThem() {
		EngineFrame text = text("4hello");
		EngineFrame binary = binary(1, 2, 3);
		encode(text, binary);
		encode(text, binary);
		assertThat(text.refCnt()).isEqualTo(1);
		assertThat(binary.refCnt()).isEqualTo(1);
		assertThat(text.length()).isEqualTo(6);
		assertThat(binary.length()).isEqualTo(3);
	}

	@Test
	void encodedFramesDecodeToTheSamePackets() {
		String payload = encode(text("4one"), binary(0, 127, 128, 255), text("4two"));
		List<InboundPacket> packets = PollingPayload.decode(payload);
		assertThat(packets.get(0).text()).isEqualTo("one");
		assertThat(packets.get(1).binary()).containsExactly(0, 127, 128, 255);
		assertThat(packets.get(2).text()).isEqualTo("two");
	}

	private String encode(EngineFrame... frames) {
		ByteBuf payload = PollingPayload.encode(List.of(frames), this.allocator);
		try {
			return payload.toString(StandardCharsets.UTF_8);
		}
		finally {
			payload.release();
		}
	}

	private EngineFrame text(String packet) {
		EnginePacketType type = EnginePacketType.fromCode(packet.charAt(0));
		EngineFrame frame = EngineFrame.text(type, packet.substring(1), this.allocator);
		this.frames.add(frame);
		return frame;
	}

	private EngineFrame binary(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return binary(bytes);
	}

	private EngineFrame binary(byte[] bytes) {
		EngineFrame frame = EngineFrame.binary(bytes);
		this.frames.add(frame);
		return frame;
	}

}
