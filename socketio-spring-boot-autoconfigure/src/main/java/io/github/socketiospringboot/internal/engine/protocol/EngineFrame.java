package io.github.socketiospringboot.internal.engine.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCounted;
import org.jspecify.annotations.Nullable;

/**
 * One Engine.IO packet encoded once for sending, shared by every session it is sent to.
 *
 * <p>
 * A text frame holds the packet as it travels in a WebSocket text frame and inside a
 * polling payload: the type digit followed by the UTF-8 data (for example
 * {@code 4hello}). A binary frame holds the raw bytes of a binary message, which travel
 * as a WebSocket binary frame or as {@code b<base64>} in a polling payload. Frames are
 * reference counted: whoever creates one owns one reference, and every session that
 * queues it takes one of its own.
 */
public final class EngineFrame implements ReferenceCounted {

	/** The ping packet {@code 2}. */
	public static final EngineFrame PING = constant("2");

	/** The probe answer {@code 3probe}. */
	public static final EngineFrame PONG_PROBE = constant("3probe");

	/** The noop packet {@code 6}. */
	public static final EngineFrame NOOP = constant("6");

	/** The close packet {@code 1}. */
	public static final EngineFrame CLOSE = constant("1");

	/**
	 * Room a frame's buffer may keep in front of the packet for the WebSocket frame
	 * header: two bytes up to 125 bytes of payload, four up to 65,535, ten beyond.
	 */
	public static final int WEBSOCKET_HEADROOM = 10;

	private final ByteBuf content;

	private final boolean binary;

	/** Where the WebSocket frame starts in the buffer, or -1 without one. */
	private final int wireStart;

	private EngineFrame(ByteBuf content, boolean binary) {
		this(content, binary, -1);
	}

	private EngineFrame(ByteBuf content, boolean binary, int wireStart) {
		this.content = content;
		this.binary = binary;
		this.wireStart = wireStart;
	}

	/**
	 * Wraps an encoded packet whose buffer keeps {@link #WEBSOCKET_HEADROOM} bytes free
	 * in front of it (its reader index), and writes the WebSocket frame header there:
	 * every WebSocket connection then writes the same bytes, with no per-connection
	 * framing.
	 * @param content the packet, its reader index at least {@link #WEBSOCKET_HEADROOM}
	 * @param binary whether it is a binary frame
	 * @return the frame, owning the buffer
	 */
	public static EngineFrame withWebSocketHeader(ByteBuf content, boolean binary) {
		int start = content.readerIndex();
		int length = content.readableBytes();
		int header = (length <= 125) ? 2 : (length <= 0xFFFF) ? 4 : 10;
		if (start < header) {
			return new EngineFrame(content, binary);
		}
		int at = start - header;
		// FIN, and the opcode of a text (1) or binary (2) frame; no mask from a server
		content.setByte(at, binary ? 0x82 : 0x81);
		if (header == 2) {
			content.setByte(at + 1, length);
		}
		else if (header == 4) {
			content.setByte(at + 1, 126);
			content.setShort(at + 2, length);
		}
		else {
			content.setByte(at + 1, 127);
			content.setLong(at + 2, length);
		}
		return new EngineFrame(content, binary, at);
	}

	/**
	 * Returns the whole WebSocket frame (header and payload) as a view that shares this
	 * frame's reference count, when the frame was made with its header.
	 * @return a new view of the frame's wire bytes, or {@code null}
	 */
	public @Nullable ByteBuf webSocketWire() {
		if (this.wireStart < 0) {
			return null;
		}
		return this.content.duplicate().readerIndex(this.wireStart);
	}

	private static EngineFrame constant(String packet) {
		ByteBuf buf = Unpooled
			.unreleasableBuffer(Unpooled.unmodifiableBuffer(Unpooled.copiedBuffer(packet, StandardCharsets.US_ASCII)));
		return new EngineFrame(buf, false);
	}

	/**
	 * Encodes a text packet.
	 * @param type the packet type
	 * @param data the text that follows the type digit
	 * @param allocator where the bytes are allocated
	 * @return a frame the caller owns one reference of
	 */
	public static EngineFrame text(EnginePacketType type, CharSequence data, ByteBufAllocator allocator) {
		ByteBuf buf = allocator.buffer(WEBSOCKET_HEADROOM + 1 + ByteBufUtil.utf8MaxBytes(data));
		buf.setIndex(WEBSOCKET_HEADROOM, WEBSOCKET_HEADROOM);
		buf.writeByte(type.code());
		ByteBufUtil.writeUtf8(buf, data);
		return withWebSocketHeader(buf, false);
	}

	/**
	 * Encodes a text message packet ({@code 4} followed by the data).
	 * @param data the message text
	 * @param allocator where the bytes are allocated
	 * @return a frame the caller owns one reference of
	 */
	public static EngineFrame message(CharSequence data, ByteBufAllocator allocator) {
		return text(EnginePacketType.MESSAGE, data, allocator);
	}

	/**
	 * Wraps an already encoded text packet (type digit and UTF-8 data) without copying
	 * it.
	 * @param encoded the encoded packet; the frame takes over the caller's reference
	 * @return the frame
	 */
	public static EngineFrame wrapText(ByteBuf encoded) {
		return new EngineFrame(encoded, false);
	}

	/**
	 * Wraps the bytes of a binary message without copying them.
	 * @param bytes the message bytes; the frame takes over the caller's reference
	 * @return the frame
	 */
	public static EngineFrame wrapBinary(ByteBuf bytes) {
		return new EngineFrame(bytes, true);
	}

	/**
	 * Copies the bytes of a binary message into a new frame.
	 * @param bytes the message bytes
	 * @return a frame the caller owns one reference of
	 */
	public static EngineFrame binary(byte[] bytes) {
		return new EngineFrame(Unpooled.wrappedBuffer(bytes), true);
	}

	/**
	 * Tells whether this frame is a binary message.
	 * @return {@code true} for a binary message, {@code false} for a text packet
	 */
	public boolean isBinary() {
		return this.binary;
	}

	/**
	 * Returns the encoded bytes. The frame's reference count is the count of these bytes;
	 * callers that write them use {@link ByteBuf#duplicate()} or
	 * {@link ByteBuf#retainedDuplicate()} so that the shared indexes stay untouched.
	 * @return the encoded bytes
	 */
	public ByteBuf content() {
		return this.content;
	}

	/**
	 * Returns the number of bytes this frame takes in a WebSocket frame.
	 * @return the encoded length
	 */
	public int length() {
		return this.content.readableBytes();
	}

	@Override
	public int refCnt() {
		return this.content.refCnt();
	}

	@Override
	public EngineFrame retain() {
		this.content.retain();
		return this;
	}

	@Override
	public EngineFrame retain(int increment) {
		this.content.retain(increment);
		return this;
	}

	@Override
	public EngineFrame touch() {
		this.content.touch();
		return this;
	}

	@Override
	public EngineFrame touch(Object hint) {
		this.content.touch(hint);
		return this;
	}

	@Override
	public boolean release() {
		return this.content.release();
	}

	@Override
	public boolean release(int decrement) {
		return this.content.release(decrement);
	}

	@Override
	public String toString() {
		return this.binary ? "EngineFrame[binary, " + length() + " bytes]" : "EngineFrame["
				+ this.content.toString(this.content.readerIndex(), length(), StandardCharsets.UTF_8) + "]";
	}

}
