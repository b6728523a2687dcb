package io.github.socketiospringboot.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.ShortNode;
import tools.jackson.databind.node.StringNode;

/**
 * Writes the plain arguments most packets carry ({@code null}, strings, booleans,
 * integers, and trees of those) as compact JSON straight into a frame's buffer, without a
 * Jackson generator per packet. It refuses, returning {@code false}, anything else
 * (POJOs, maps, fractions, binary data, malformed strings, deep nesting): the encoder
 * then uses the mapper. The encoder turns it on only after checking that the mapper
 * writes a sample of every supported kind with the same bytes.
 */
final class PlainJsonWriter {

	private static final int MAX_DEPTH = 32;

	/** The digits of {@link Long#MAX_VALUE}. */
	private static final int MAX_LONG_DIGITS = 19;

	/**
	 * The longest string written through a copy of its bytes; longer ones are written in
	 * runs straight into the buffer, without a copy as large as themselves.
	 */
	private static final int MAX_COPIED = 4096;

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NULL = { 'n', 'u', 'l', 'l' };

	private static final byte[] TRUE = { 't', 'r', 'u', 'e' };

	private static final byte[] FALSE = { 'f', 'a', 'l', 's', 'e' };

	private PlainJsonWriter() {
	}

	/**
	 * Writes values as the elements of a JSON array, the opening bracket already written.
	 * @param out the buffer
	 * @param first whether no element precedes them
	 * @param values the values
	 * @return {@code false} when a value is not plain; the buffer then holds a partial
	 * write
	 */
	static boolean writeElements(ByteBuf out, boolean first, @Nullable Object[] values) {
		boolean comma = !first;
		for (Object value : values) {
			if (comma) {
				out.writeByte(',');
			}
			comma = true;
			if (!writeValue(out, value)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Estimates the bytes the values take, so that a frame's buffer rarely has to grow
	 * while they are written: strings count their length, anything else a little.
	 * @param values the values
	 * @return the estimate
	 */
	static int estimateSize(@Nullable Object[] values) {
		int size = 0;
		for (Object value : values) {
			if (value instanceof String text) {
				size += text.length() + 3;
			}
			else if (value instanceof StringNode node) {
				size += node.stringValue().length() + 3;
			}
			else {
				size += 24;
			}
		}
		return size;
	}

	private static boolean writeValue(ByteBuf out, @Nullable Object value) {
		if (value == null) {
			out.writeBytes(NULL);
			return true;
		}
		if (value instanceof String text) {
			return writeString(out, text);
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short) {
			writeLong(out, ((Number) value).longValue());
			return true;
		}
		if (value instanceof Boolean bool) {
			out.writeBytes(bool ? TRUE : FALSE);
			return true;
		}
		if (value instanceof JsonNode node) {
			return writeNode(out, node, 0);
		}
		return false;
	}

	private static boolean writeNode(ByteBuf out, JsonNode node, int depth) {
		if (node instanceof StringNode) {
			return writeString(out, node.asString());
		}
		if (node instanceof IntNode || node instanceof LongNode || node instanceof ShortNode) {
			writeLong(out, node.longValue());
			return true;
		}
		if (node instanceof BooleanNode) {
			out.writeBytes(node.booleanValue() ? TRUE : FALSE);
			return true;
		}
		if (node instanceof NullNode) {
			out.writeBytes(NULL);
			return true;
		}
		if (depth >= MAX_DEPTH) {
			return false;
		}
		if (node instanceof ArrayNode array) {
			out.writeByte('[');
			for (int i = 0, n = array.size(); i < n; i++) {
				if (i > 0) {
					out.writeByte(',');
				}
				if (!writeNode(out, array.get(i), depth + 1)) {
					return false;
				}
			}
			out.writeByte(']');
			return true;
		}
		if (node instanceof ObjectNode object) {
			out.writeByte('{');
			boolean comma = false;
			for (Map.Entry<String, JsonNode> property : object.properties()) {
				if (comma) {
					out.writeByte(',');
				}
				comma = true;
				if (!writeString(out, property.getKey())) {
					return false;
				}
				out.writeByte(':');
				if (!writeNode(out, property.getValue(), depth + 1)) {
					return false;
				}
			}
			out.writeByte('}');
			return true;
		}
		return false;
	}

	/**
	 * Writes an integer in decimal, as {@link Long#toString(long)} does, straight into
	 * the buffer.
	 * @param out the buffer
	 * @param value the integer
	 */
	static void writeLong(ByteBuf out, long value) {
		if (value >= 0 && value < 10) {
			out.writeByte('0' + (int) value);
			return;
		}
		if (value == Long.MIN_VALUE) {
			// the one value whose magnitude is no long
			ByteBufUtil.writeAscii(out, Long.toString(value));
			return;
		}
		long magnitude = Math.abs(value);
		int digits = 1;
		for (long bound = 10; digits < MAX_LONG_DIGITS && magnitude >= bound; bound *= 10) {
			digits++;
		}
		int length = (value < 0) ? digits + 1 : digits;
		out.ensureWritable(length);
		int end = out.writerIndex() + length;
		int index = end;
		do {
			out.setByte(--index, (int) ('0' + magnitude % 10));
			magnitude /= 10;
		}
		while (magnitude != 0);
		if (value < 0) {
			out.setByte(--index, '-');
		}
		out.writerIndex(end);
	}

	/**
	 * Writes a JSON string in UTF-8 with the escapes Jackson writes by default: the
	 * quote, the backslash, {@code \b \t \n \f \r}, other control characters as
	 * {@code \\u00XX}; everything else as it is. A lone surrogate is refused.
	 */
	static boolean writeString(ByteBuf out, String text) {
		int n = text.length();
		if (n <= MAX_COPIED) {
			// the common case, a string of ASCII characters none of which JSON escapes:
			// its JSON form is its bytes between quotes. The JDK encodes an ASCII string
			// with a bulk copy; one pass over the bytes confirms the case (a byte of a
			// multi-byte character is negative, so below the space) and the buffer takes
			// them in one call.
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			if (isVerbatim(bytes, text)) {
				out.ensureWritable(bytes.length + 2);
				out.writeByte('"');
				out.writeBytes(bytes);
				out.writeByte('"');
				return true;
			}
		}
		out.ensureWritable(n + 2);
		out.writeByte('"');
		// runs without escapes go to the buffer in one call each (Netty's UTF-8 writer),
		// not a byte at a time
		int run = 0;
		int runBytes = 0;
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				if (c >= 0x20 && c != '"' && c != '\\') {
					runBytes++;
					continue;
				}
				writeRun(out, text, run, i, runBytes);
				writeEscape(out, c);
				run = i + 1;
				runBytes = 0;
			}
			else if (c < 0x800) {
				runBytes += 2;
			}
			else if (Character.isSurrogate(c)) {
				if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
				runBytes += 4;
			}
			else {
				runBytes += 3;
			}
		}
		writeRun(out, text, run, n, runBytes);
		out.writeByte('"');
		return true;
	}

	/**
	 * Tells whether the UTF-8 bytes of a string are its JSON form as they are: all ASCII,
	 * none a control character, a quote or a backslash, and none the {@code ?} the JDK
	 * puts in place of a malformed surrogate (the slow path refuses those).
	 */
	private static boolean isVerbatim(byte[] bytes, String text) {
		if (bytes.length != text.length()) {
			return false;
		}
		for (int i = 0; i < bytes.length; i++) {
			byte b = bytes[i];
			if (b < 0x20 || b == '"' || b == '\\' || (b == '?' && text.charAt(i) != '?')) {
				return false;
			}
		}
		return true;
	}

	private static void writeRun(ByteBuf out, String text, int start, int end, int bytes) {
		if (end > start) {
			ByteBufUtil.reserveAndWriteUtf8(out, text, start, end, bytes);
		}
	}

	private static void writeEscape(ByteBuf out, char c) {
		out.writeByte('\\');
		switch (c) {
			case '"' -> out.writeByte('"');
			case '\\' -> out.writeByte('\\');
			case '\b' -> out.writeByte('b');
			case '\t' -> out.writeByte('t');
			case '\n' -> out.writeByte('n');
			case '\f' -> out.writeByte('f');
			case '\r' -> out.writeByte('r');
			default -> {
				out.writeByte('u');
				out.writeByte('0');
				out.writeByte('0');
				out.writeByte(HEX[c >> 4]);
				out.writeByte(HEX[c & 0xF]);
			}
		}
	}

}
