package io.github.socketiospringboot.internal.engine.protocol;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InboundPacketTests {

	@ParameterizedTest
	@CsvSource({ "0, OPEN", "1, CLOSE", "2, PING", "3, PONG", "4, MESSAGE", "5, UPGRADE", "6, NOOP" })
	void everyTypeDigitDecodesToItsType(char digit, EnginePacketType type) {
		InboundPacket packet = InboundPacket.decodeText(String.valueOf(digit));
		assertThat(packet.type()).isEqualTo(type);
		assertThat(packet.text()).isEmpty();
		assertThat(packet.isBinary()).isFalse();
		assertThat(packet.binary()).isNull();
	}

	@Test
	void textAfterTheTypeDigitIsThePayload() {
		assertThat(InboundPacket.decodeText("4hello"))
			.isEqualTo(new InboundPacket(EnginePacketType.MESSAGE, "hello", null));
		assertThat(InboundPacket.decodeText("2probe"))
			.isEqualTo(new InboundPacket(EnginePacketType.PING, "probe", null));
	}

	@Test
	void textKeepsNonAsciiCharacters() {
		assertThat(InboundPacket.decodeText("4h\u00e9llo \u2713 \ud83d\ude00").text())
			.isEqualTo("h\u00e9llo \u2713 \ud83d\ude00");
	}

	@Test
	void bFollowedByBase64IsABinaryMessage() {
		InboundPacket packet = InboundPacket.decodeText("bAQIDBA==");
		assertThat(packet.type()).isEqualTo(EnginePacketType.MESSAGE);
		assertThat(packet.isBinary()).isTrue();
		assertThat(packet.binary()).containsExactly(1, 2, 3, 4);
		assertThat(packet.text()).isNull();
	}

	@Test
	void bAloneIsAnEmptyBinaryMessage() {
		InboundPacket packet = InboundPacket.decodeText("b");
		assertThat(packet.isBinary()).isTrue();
		assertThat(packet.binary()).isEmpty();
	}

	@Test
	void base64WithoutItsPaddingIsAccepted() {
		assertThat(InboundPacket.decodeText("bAQI").binary()).containsExactly(1, 2);
	}

	@Test
	void binaryMessageFactoryMakesAMessagePacket() {
		InboundPacket packet = InboundPacket.binaryMessage(new byte[] { 9 });
		assertThat(packet.type()).isEqualTo(EnginePacketType.MESSAGE);
		assertThat(packet.binary()).containsExactly(9);
	}

	@Test
	void emptyTextIsNotAPacket() {
		assertThatExceptionOfType(EngineProtocolException.class).isThrownBy(() -> InboundPacket.decodeText(""))
			.withMessage("empty packet");
	}

	@ParameterizedTest
	@ValueSource(strings = { "7", "9hello", "abc", "/", " 4", "B" })
	void unknownTypeIsNotAPacket(String encoded) {
		assertThatExceptionOfType(EngineProtocolException.class).isThrownBy(() -> InboundPacket.decodeText(encoded))
			.withMessageStartingWith("unknown packet type");
	}

	@ParameterizedTest
	@ValueSource(strings = { "b!!!", "bA", "bAQ=D", "bAQ===" })
	void invalidBase64IsNotAPacket(String encoded) {
		assertThatExceptionOfType(EngineProtocolException.class).isThrownBy(() -> InboundPacket.decodeText(encoded))
			.withMessage("invalid base64 in binary packet");
	}

	@ParameterizedTest
	@ValueSource(strings = { "4hello", "2", "3probe", "40", "4\u00e9\u2603", "bAQID", "\u00e9", "9", "" })
	void decodesFrameBytesAsItDecodesTheirText(String text) {
		ByteBuf bytes = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
		try {
			InboundPacket fromText;
			try {
				fromText = InboundPacket.decodeText(text);
			}
			catch (EngineProtocolException ex) {
				assertThatExceptionOfType(EngineProtocolException.class)
					.isThrownBy(() -> InboundPacket.decodeText(bytes))
					.withMessage(ex.getMessage());
				return;
			}
			InboundPacket fromBytes = InboundPacket.decodeText(bytes);
			assertThat(fromBytes.type()).isEqualTo(fromText.type());
			assertThat(fromBytes.text()).isEqualTo(fromText.text());
			assertThat(fromBytes.binary()).isEqualTo(fromText.binary());
			assertThat(bytes.readerIndex()).isZero();
		}
		finally {
			bytes.release();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "34fffe41", "34c0af", "34eda080", "34f4908080", "34e282", "e282", "62ff" })
	void frameBytesThatAreNotUtf8AreRefused(String hex) {
		// a stray byte, an overlong form, a surrogate, a code point past U+10FFFF, a
		// character cut short (after a type digit, alone, and after "b")
		ByteBuf bytes = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
		try {
			assertThatExceptionOfType(InvalidUtf8Exception.class).isThrownBy(() -> InboundPacket.decodeText(bytes))
				.withMessage("Invalid WebSocket frame: invalid UTF-8 sequence");
		}
		finally {
			bytes.release();
		}
	}

	@Test
	void replacementCharacterSentAsItselfIsValidUtf8() {
		ByteBuf bytes = Unpooled.copiedBuffer("4a\ufffdb", StandardCharsets.UTF_8);
		try {
			assertThat(InboundPacket.decodeText(bytes).text()).isEqualTo("a\ufffdb");
		}
		finally {
			bytes.release();
		}
	}

	@Test
	void invalidUtf8InAFrameOfAnUnknownTypeIsReportedAsInvalidUtf8() {
		// like the reference, whose WebSocket library checks the text before the packet
		ByteBuf bytes = Unpooled.wrappedBuffer(new byte[] { '9', (byte) 0xff });
		try {
			assertThatExceptionOfType(InvalidUtf8Exception.class).isThrownBy(() -> InboundPacket.decodeText(bytes));
		}
		finally {
			bytes.release();
		}
	}

}
