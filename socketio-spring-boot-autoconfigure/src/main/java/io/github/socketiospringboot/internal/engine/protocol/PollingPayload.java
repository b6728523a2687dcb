package io.github.socketiospringboot.internal.engine.protocol;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The HTTP long-polling payload of Engine.IO v4: packets joined by the record separator
 * {@code 0x1E}, binary messages written as {@code b} followed by standard base64.
 */
public final class PollingPayload {

	/** The record separator that joins the packets of a payload. */
	public static final char SEPARATOR = '\u001e';

	private PollingPayload() {
	}

	/**
	 * Decodes the body of a polling POST.
	 * @param payload the body, decoded as UTF-8
	 * @return the packets in order
	 * @throws EngineProtocolException when any packet is invalid
	 */
	public static List<InboundPacket> decode(String payload) {
		List<InboundPacket> packets = new ArrayList<>(2);
		int start = 0;
		int length = payload.length();
		while (true) {
			int end = payload.indexOf(SEPARATOR, start);
			if (end < 0) {
				end = length;
			}
			packets.add(InboundPacket.decodeText(payload.substring(start, end)));
			if (end == length) {
				return packets;
			}
			start = end + 1;
		}
	}

	/**
	 * Encodes frames into the body of a polling response.
	 * @param frames the frames in order; they are read, not released
	 * @param allocator where the payload is allocated
	 * @return the payload, owned by the caller
	 */
	public static ByteBuf encode(List<EngineFrame> frames, ByteBufAllocator allocator) {
		int size = frames.size();
		if (size == 1 && !frames.get(0).isBinary()) {
			return frames.get(0).content().retainedDuplicate();
		}
		int capacity = 0;
		for (EngineFrame frame : frames) {
			capacity += frame.isBinary() ? 1 + 4 * ((frame.length() + 2) / 3) : frame.length();
			capacity++;
		}
		ByteBuf out = allocator.buffer(capacity);
		Base64.Encoder base64 = Base64.getEncoder();
		for (int i = 0; i < size; i++) {
			if (i > 0) {
				out.writeByte(SEPARATOR);
			}
			EngineFrame frame = frames.get(i);
			ByteBuf content = frame.content();
			if (frame.isBinary()) {
				out.writeByte('b');
				byte[] bytes = new byte[content.readableBytes()];
				content.getBytes(content.readerIndex(), bytes);
				out.writeBytes(base64.encode(bytes));
			}
			else {
				out.writeBytes(content, content.readerIndex(), content.readableBytes());
			}
		}
		return out;
	}

}
