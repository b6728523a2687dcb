package io.github.socketiospringboot.engine.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;

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

}
