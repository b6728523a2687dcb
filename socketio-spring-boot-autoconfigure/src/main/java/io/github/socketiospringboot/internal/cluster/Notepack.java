package io.github.socketiospringboot.internal.cluster;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;

import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * Converts JSON trees to and from MessagePack the way notepack.io 3 (the codec of the
 * official Node Redis adapter and emitter) writes and reads JavaScript values: integers
 * in their smallest form, every other number as float64, strings as str, binary nodes as
 * bin, maps with string keys, and timestamps (extension type -1) for dates.
 *
 * <p>
 * Decoding accepts every standard form (float32 included), and notepack 2's legacy
 * extensions. Timestamps decode to the ISO-8601 text a Node server would send its clients
 * ({@code 2023-11-14T22:13:20.123Z}), or, when asked, to {@link POJONode}s holding an
 * {@link Instant}, which encode back to the same timestamp. Thread-safe.
 */
public final class Notepack {

	/**
	 * The deepest nesting read or written: below the 500 levels that Jackson's writers
	 * take, so that what is read here can be written to clients again.
	 */
	private static final int MAX_DEPTH = 490;

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private static final double TWO_POW_63 = 0x1p63;

	private static final double TWO_POW_64 = 0x1p64;

	private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

	private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/** What notepack 2 wrote for {@code undefined}: dropped from maps, nil in arrays. */
	private static final JsonNode UNDEFINED = nodes.missingNode();

	private Notepack() {
	}

	/**
	 * Encodes a tree.
	 * @param value the value
	 * @return its MessagePack bytes
	 * @throws MsgpackException if the tree holds a value MessagePack cannot carry
	 */
	public static byte[] encode(JsonNode value) {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			write(packer, value, 0);
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new MsgpackException("Cannot encode " + value.getNodeType(), ex);
		}
	}

	/**
	 * Decodes one value, with timestamps as ISO-8601 text.
	 * @param bytes the bytes, holding exactly one value
	 * @return the tree
	 * @throws MsgpackException if the bytes are not one well-formed value
	 */
	public static JsonNode decode(byte[] bytes) {
		return decode(bytes, false);
	}

	/**
	 * Decodes one value.
	 * @param bytes the bytes, holding exactly one value
	 * @param keepTimestamps whether timestamps become {@link POJONode}s holding an
	 * {@link Instant} rather than ISO-8601 text
	 * @return the tree
	 * @throws MsgpackException if the bytes are not one well-formed value
	 */
	public static JsonNode decode(byte[] bytes, boolean keepTimestamps) {
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
			JsonNode value = read(unpacker, bytes.length, keepTimestamps, 0);
			if (unpacker.hasNext()) {
				throw new MsgpackException((bytes.length - unpacker.getTotalReadBytes()) + " trailing bytes");
			}
			return value.isMissingNode() ? nodes.nullNode() : value;
		}
		catch (IOException | org.msgpack.core.MessagePackException | IllegalArgumentException | ArithmeticException
				| java.time.DateTimeException ex) {
			throw new MsgpackException("Malformed MessagePack: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Renders an instant as JavaScript's {@code Date.toISOString()} does.
	 * @param instant the instant
	 * @return the text, with milliseconds and {@code Z}
	 */
	public static String toIsoString(Instant instant) {
		return ISO.format(instant);
	}

	// ---- writing

	private static void write(MessagePacker packer, JsonNode value, int depth) throws IOException {
		if (depth > MAX_DEPTH) {
			throw new MsgpackException("Nested deeper than " + MAX_DEPTH);
		}
		switch (value.getNodeType()) {
			case NULL, MISSING -> packer.packNil();
			case BOOLEAN -> packer.packBoolean(value.booleanValue());
			case NUMBER -> writeNumber(packer, value);
			case STRING -> writeString(packer, value.stringValue());
			case BINARY -> {
				byte[] bytes = value.binaryValue();
				packer.packBinaryHeader(bytes.length);
				packer.writePayload(bytes);
			}
			case ARRAY -> {
				packer.packArrayHeader(value.size());
				for (JsonNode item : value.values()) {
					write(packer, item, depth + 1);
				}
			}
			case OBJECT -> {
				int count = 0;
				for (Map.Entry<String, JsonNode> property : value.properties()) {
					if (!property.getValue().isMissingNode()) {
						count++;
					}
				}
				packer.packMapHeader(count);
				for (Map.Entry<String, JsonNode> property : value.properties()) {
					if (!property.getValue().isMissingNode()) {
						writeString(packer, property.getKey());
						write(packer, property.getValue(), depth + 1);
					}
				}
			}
			case POJO -> writePojo(packer, ((POJONode) value).getPojo());
		}
	}

	private static void writePojo(MessagePacker packer, @org.jspecify.annotations.Nullable Object pojo)
			throws IOException {
		if (pojo == null) {
			packer.packNil();
		}
		else if (pojo instanceof Instant instant) {
			packer.packTimestamp(instant);
		}
		else if (pojo instanceof Date date) {
			packer.packTimestamp(date.toInstant());
		}
		else if (pojo instanceof byte[] bytes) {
			packer.packBinaryHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else {
			writeString(packer, pojo.toString());
		}
	}

	private static void writeString(MessagePacker packer, String text) throws IOException {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		packer.packRawStringHeader(utf8.length);
		packer.writePayload(utf8);
	}

	private static void writeNumber(MessagePacker packer, JsonNode value) throws IOException {
		switch (value.numberType()) {
			case INT, LONG -> packer.packLong(value.longValue());
			case BIG_INTEGER -> writeBigInteger(packer, value.bigIntegerValue());
			case BIG_DECIMAL -> {
				BigDecimal decimal = value.decimalValue();
				if (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0) {
					writeBigInteger(packer, decimal.toBigInteger());
				}
				else {
					packer.packDouble(decimal.doubleValue());
				}
			}
			default -> writeDouble(packer, value.doubleValue());
		}
	}

	private static void writeBigInteger(MessagePacker packer, BigInteger number) throws IOException {
		if (number.bitLength() < 64) {
			packer.packLong(number.longValue());
		}
		else if (number.signum() > 0 && number.compareTo(MAX_UINT64) <= 0) {
			packer.packBigInteger(number);
		}
		else {
			packer.packDouble(number.doubleValue());
		}
	}

	/**
	 * A JavaScript number: an integer when it has no fraction (so {@code -0} is
	 * {@code 0}), else float64.
	 */
	private static void writeDouble(MessagePacker packer, double number) throws IOException {
		if (Double.isFinite(number) && number == Math.rint(number)) {
			if (number >= -TWO_POW_63 && number < TWO_POW_63) {
				packer.packLong((long) number);
				return;
			}
			if (number >= TWO_POW_63 && number < TWO_POW_64) {
				packer.packBigInteger(new BigDecimal(number).toBigInteger());
				return;
			}
		}
		packer.packDouble(number);
	}

	// ---- reading

	private static JsonNode read(MessageUnpacker unpacker, long total, boolean keepTimestamps, int depth)
			throws IOException {
		if (depth > MAX_DEPTH) {
			throw new MsgpackException("Nested deeper than " + MAX_DEPTH);
		}
		MessageFormat format = unpacker.getNextFormat();
		switch (format.getValueType()) {
			case NIL -> {
				unpacker.unpackNil();
				return nodes.nullNode();
			}
			case BOOLEAN -> {
				return nodes.booleanNode(unpacker.unpackBoolean());
			}
			case INTEGER -> {
				if (format == MessageFormat.UINT64) {
					BigInteger number = unpacker.unpackBigInteger();
					return (number.bitLength() < 64) ? nodes.numberNode(number.longValue()) : nodes.numberNode(number);
				}
				long number = unpacker.unpackLong();
				return (number == (int) number) ? nodes.numberNode((int) number) : nodes.numberNode(number);
			}
			case FLOAT -> {
				return nodes.numberNode(unpacker.unpackDouble());
			}
			case STRING -> {
				int length = unpacker.unpackRawStringHeader();
				return nodes.stringNode(new String(payload(unpacker, total, length), StandardCharsets.UTF_8));
			}
			case BINARY -> {
				int length = unpacker.unpackBinaryHeader();
				return nodes.binaryNode(payload(unpacker, total, length));
			}
			case ARRAY -> {
				int size = unpacker.unpackArrayHeader();
				ArrayNode array = nodes.arrayNode(Math.min(size, 1024));
				for (int i = 0; i < size; i++) {
					JsonNode item = read(unpacker, total, keepTimestamps, depth + 1);
					array.add(item.isMissingNode() ? nodes.nullNode() : item);
				}
				return array;
			}
			case MAP -> {
				int size = unpacker.unpackMapHeader();
				ObjectNode object = nodes.objectNode();
				for (int i = 0; i < size; i++) {
					JsonNode key = read(unpacker, total, keepTimestamps, depth + 1);
					JsonNode item = read(unpacker, total, keepTimestamps, depth + 1);
					if (!item.isMissingNode()) {
						object.set(key.isString() ? key.stringValue() : key.toString(), item);
					}
				}
				return object;
			}
			case EXTENSION -> {
				return readExtension(unpacker, total, keepTimestamps);
			}
			default -> throw new MsgpackException("Unexpected MessagePack format " + format);
		}
	}

	/**
	 * Reads a payload whose length the header declares, refusing one longer than what is
	 * left of the message: the bytes are not allocated before they are known to exist (a
	 * few bytes declaring 64 MiB would have been).
	 */
	private static byte[] payload(MessageUnpacker unpacker, long total, int length) throws IOException {
		if (length < 0 || length > total - unpacker.getTotalReadBytes()) {
			throw new MsgpackException("a payload of " + Integer.toUnsignedString(length) + " bytes in "
					+ (total - unpacker.getTotalReadBytes()) + " remaining bytes");
		}
		return unpacker.readPayload(length);
	}

	private static JsonNode readExtension(MessageUnpacker unpacker, long total, boolean keepTimestamps)
			throws IOException {
		ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
		if (header.isTimestampType()) {
			return timestamp(unpacker.unpackTimestamp(header), keepTimestamps);
		}
		byte[] payload = payload(unpacker, total, header.getLength());
		if (header.getType() == 0) {
			// notepack 2: undefined, a date in milliseconds, or an ArrayBuffer
			if (payload.length == 1 && payload[0] == 0) {
				return UNDEFINED;
			}
			if (payload.length == 8) {
				long millis = java.nio.ByteBuffer.wrap(payload).getLong();
				return timestamp(Instant.ofEpochMilli(millis), keepTimestamps);
			}
			return nodes.binaryNode(payload);
		}
		ArrayNode pair = nodes.arrayNode(2);
		pair.add(header.getType());
		pair.add(nodes.binaryNode(payload));
		return pair;
	}

	private static JsonNode timestamp(Instant instant, boolean keep) {
		return keep ? nodes.pojoNode(instant) : nodes.stringNode(toIsoString(instant));
	}

}
