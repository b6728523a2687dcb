package io.github.socketiospringboot.engine.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * One decoded Engine.IO packet received from a client.
 *
 * <p>
 * A binary message carries its bytes in {@link #binary()} and has no text; every other
 * packet carries the text that followed its type digit (possibly empty) in
 * {@link #text()}.
 *
 * @param type the packet type
 * @param text the text after the type digit, or {@code null} for a binary message
 * @param binary the bytes of a binary message, or {@code null} for a text packet
 */
public record InboundPacket(EnginePacketType type, @Nullable String text, byte @Nullable [] binary) {

	/**
	 * Tells whether this is a binary message.
	 * @return {@code true} for a binary message
	 */
	public boolean isBinary() {
		return this.binary != null;
	}

	/**
	 * Decodes one text packet, as received in a WebSocket text frame or as one element of
	 * a polling payload. A packet starting with {@code b} is a base64-encoded binary
	 * message.
	 * @param encoded the packet text
	 * @return the packet
	 * @throws EngineProtocolException when the text is not a packet
	 */
	public static InboundPacket decodeText(String encoded) {
		if (encoded.isEmpty()) {
			throw new EngineProtocolException("empty packet");
		}
		char first = encoded.charAt(0);
		if (first == 'b') {
			try {
				return binaryMessage(Base64.getDecoder().decode(withoutLineBreaks(encoded.substring(1))));
			}
			catch (IllegalArgumentException ex) {
				throw new EngineProtocolException("invalid base64 in binary packet");
			}
		}
		EnginePacketType type = EnginePacketType.fromCode(first);
		if (type == null) {
			throw new EngineProtocolException("unknown packet type '" + first + "'");
		}
		return new InboundPacket(type, encoded.substring(1), null);
	}

	/**
	 * Decodes one text packet from the UTF-8 bytes of a WebSocket text frame, making one
	 * string of the text after the type digit.
	 * @param utf8 the frame's bytes, left unread
	 * @return the packet
	 * @throws EngineProtocolException when the text is not a packet
	 */
	public static InboundPacket decodeText(ByteBuf utf8) {
		int length = utf8.readableBytes();
		byte first = (length > 0) ? utf8.getByte(utf8.readerIndex()) : 0;
		if (length == 0 || first == 'b' || first < 0) {
			return decodeText(utf8.toString(StandardCharsets.UTF_8));
		}
		EnginePacketType type = EnginePacketType.fromCode((char) first);
		if (type == null) {
			throw new EngineProtocolException("unknown packet type '" + (char) first + "'");
		}
		return new InboundPacket(type, utf8.toString(utf8.readerIndex() + 1, length - 1, StandardCharsets.UTF_8), null);
	}

	/**
	 * Removes line breaks from base64 text: the official Java client ends its base64 with
	 * one (Android's {@code Base64.DEFAULT}), and the reference server ignores them.
	 */
	private static String withoutLineBreaks(String base64) {
		return (base64.indexOf('\n') < 0 && base64.indexOf('\r') < 0) ? base64
				: base64.replace("\n", "").replace("\r", "");
	}

	/**
	 * Creates a binary message packet.
	 * @param bytes the message bytes
	 * @return the packet
	 */
	public static InboundPacket binaryMessage(byte[] bytes) {
		return new InboundPacket(EnginePacketType.MESSAGE, null, bytes);
	}

}
