package io.github.socketiospringboot.internal.engine.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EngineFrameTests {

	private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

	@Test
	void textFrameHoldsTheTypeDigitAndTheUtf8Data() {
		EngineFrame frame = EngineFrame.text(EnginePacketType.OPEN, "{\"sid\":\"\u00e9\"}", this.allocator);
		try {
			assertThat(frame.isBinary()).isFalse();
			assertThat(frame.content().toString(StandardCharsets.UTF_8)).isEqualTo("0{\"sid\":\"\u00e9\"}");
			assertThat(frame.length()).isEqualTo(frame.content().readableBytes()).isEqualTo(13);
			assertThat(frame).hasToString("EngineFrame[0{\"sid\":\"\u00e9\"}]");
		}
		finally {
			frame.release();
		}
	}

	@Test
	void messageFrameStartsWithFour() {
		EngineFrame frame = EngineFrame.message("hello", this.allocator);
		try {
			assertThat(frame.content().toString(StandardCharsets.UTF_8)).isEqualTo("4hello");
		}
		finally {
			frame.release();
		}
	}

	@Test
	void binaryFrameHoldsTheRawBytes() {
		EngineFrame frame = EngineFrame.binary(new byte[] { 1, 2, 3 });
		try {
			assertThat(frame.isBinary()).isTrue();
			assertThat(frame.length()).isEqualTo(3);
			assertThat(frame).hasToString("EngineFrame[binary, 3 bytes]");
		}
		finally {
			frame.release();
		}
	}

	@Test
	void eachRetainNeedsOneRelease() {
		EngineFrame frame = EngineFrame.message("shared", this.allocator);
		assertThat(frame.refCnt()).isEqualTo(1);
		assertThat(frame.retain()).isSameAs(frame);
		frame.retain(2);
		assertThat(frame.refCnt()).isEqualTo(4);
		assertThat(frame.release()).isFalse();
		assertThat(frame.release(2)).isFalse();
		assertThat(frame.refCnt()).isEqualTo(1);
		assertThat(frame.release()).isTrue();
		assertThat(frame.refCnt()).isZero();
		assertThat(frame.content().refCnt()).isZero();
		assertThatExceptionOfType(IllegalReferenceCountException.class).isThrownBy(frame::release);
	}

	@Test
	void wrappingTakesOverTheCallersReference() {
		ByteBuf text = this.allocator.buffer().writeBytes("4hi".getBytes(StandardCharsets.US_ASCII));
		EngineFrame textFrame = EngineFrame.wrapText(text);
		assertThat(textFrame.content()).isSameAs(text);
		assertThat(textFrame.release()).isTrue();
		assertThat(text.refCnt()).isZero();
		ByteBuf bytes = this.allocator.buffer().writeBytes(new byte[] { 7, 8 });
		EngineFrame binaryFrame = EngineFrame.wrapBinary(bytes);
		assertThat(binaryFrame.isBinary()).isTrue();
		assertThat(binaryFrame.release()).isTrue();
		assertThat(bytes.refCnt()).isZero();
	}

	@Test
	void constantFramesSurviveAnyNumberOfReleases() {
		for (EngineFrame constant : new EngineFrame[] { EngineFrame.PING, EngineFrame.PONG_PROBE, EngineFrame.NOOP,
				EngineFrame.CLOSE }) {
			for (int i = 0; i < 3; i++) {
				constant.retain();
				constant.release();
				constant.release();
			}
			assertThat(constant.refCnt()).isPositive();
		}
		assertThat(EngineFrame.PING.content().toString(StandardCharsets.US_ASCII)).isEqualTo("2");
		assertThat(EngineFrame.PONG_PROBE.content().toString(StandardCharsets.US_ASCII)).isEqualTo("3probe");
		assertThat(EngineFrame.NOOP.content().toString(StandardCharsets.US_ASCII)).isEqualTo("6");
		assertThat(EngineFrame.CLOSE.content().toString(StandardCharsets.US_ASCII)).isEqualTo("1");
	}

	@Test
	void constantFramesCannotBeModified() {
		assertThat(EngineFrame.PING.content().isReadOnly()).isTrue();
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> EngineFrame.PING.content().setByte(0, '3'));
		assertThat(EngineFrame.PING.content().toString(StandardCharsets.US_ASCII)).isEqualTo("2");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 124, 125, 126, 65535, 65536, 200000 })
	void aFrameMadeWithHeadroomCarriesTheWebSocketFrameEveryConnectionWrites(int size) {
		String data = "x".repeat(size);
		EngineFrame frame = EngineFrame.message(data, this.allocator);
		EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
		try {
			ByteBuf wire = frame.retain().webSocketWire();
			assertThat(wire).isNotNull();
			assertThat(client.writeInbound(wire)).isTrue();
			TextWebSocketFrame received = client.readInbound();
			try {
				assertThat(received.isFinalFragment()).isTrue();
				assertThat(received.rsv()).isZero();
				assertThat(received.text()).isEqualTo("4" + data);
			}
			finally {
				received.release();
			}
			assertThat(frame.content().toString(StandardCharsets.UTF_8)).isEqualTo("4" + data);
		}
		finally {
			client.finishAndReleaseAll();
			frame.release();
		}
		assertThat(frame.refCnt()).isZero();
	}

	@Test
	void aBinaryFrameWithHeadroomIsABinaryWebSocketFrame() {
		ByteBuf bytes = this.allocator.buffer(EngineFrame.WEBSOCKET_HEADROOM + 3);
		bytes.setIndex(EngineFrame.WEBSOCKET_HEADROOM, EngineFrame.WEBSOCKET_HEADROOM)
			.writeBytes(new byte[] { 1, 2, 3 });
		EngineFrame frame = EngineFrame.withWebSocketHeader(bytes, true);
		EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
		try {
			assertThat(client.writeInbound(frame.retain().webSocketWire())).isTrue();
			BinaryWebSocketFrame received = client.readInbound();
			try {
				assertThat(ByteBufUtil.getBytes(received.content())).containsExactly(1, 2, 3);
			}
			finally {
				received.release();
			}
		}
		finally {
			client.finishAndReleaseAll();
			frame.release();
		}
	}

	@Test
	void aFrameWithoutHeadroomHasNoWebSocketWire() {
		EngineFrame frame = EngineFrame.wrapText(this.allocator.buffer().writeByte('4'));
		try {
			assertThat(frame.webSocketWire()).isNull();
		}
		finally {
			frame.release();
		}
	}

}
