package io.github.socketiospringboot.internal.engine.protocol;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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

	private static final char REPLACEMENT = '\uFFFD';

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
	 * string of the text after the type digit. The bytes must be valid UTF-8, as RFC 6455
	 * requires of a text message: the check rides on the decoding itself, so text made of
	 * ASCII or Latin-1 characters costs nothing more (see {@link #utf8}).
	 * @param utf8 the frame's bytes, left unread
	 * @return the packet
	 * @throws InvalidUtf8Exception when the bytes are not valid UTF-8
	 * @throws EngineProtocolException when the text is not a packet
	 */
	public static InboundPacket decodeText(ByteBuf utf8) {
		int length = utf8.readableBytes();
		byte first = (length > 0) ? utf8.getByte(utf8.readerIndex()) : 0;
		if (length == 0 || first == 'b' || first < 0) {
			return decodeText(utf8(utf8, utf8.readerIndex(), length));
		}
		EnginePacketType type = EnginePacketType.fromCode((char) first);
		String text = utf8(utf8, utf8.readerIndex() + 1, length - 1);
		if (type == null) {
			throw new EngineProtocolException("unknown packet type '" + (char) first + "'");
		}
		return new InboundPacket(type, text, null);
	}

	/**
	 * Decodes UTF-8 bytes strictly. The JDK's decoder puts U+FFFD in place of every
	 * malformed sequence; such a string cannot be stored as Latin-1, so a string that is
	 * (the common case: ASCII) is known valid at once, without looking at it again. Only
	 * a string holding U+FFFD has its bytes checked, by a decoder that reports errors,
	 * since a client may also send that character itself.
	 */
	private static String utf8(ByteBuf bytes, int index, int length) {
		String text = bytes.toString(index, length, StandardCharsets.UTF_8);
		if (text.indexOf(REPLACEMENT) >= 0 && !isValidUtf8(bytes, index, length)) {
			throw new InvalidUtf8Exception();
		}
		return text;
	}

	private static boolean isValidUtf8(ByteBuf bytes, int index, int length) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(bytes.nioBuffer(index, length));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
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
