package io.github.socketiospringboot.internal.cluster;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import io.github.socketiospringboot.adapter.cluster.MalformedMessageException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * Reads and writes the payloads of the cluster protocols: JSON as Node's
 * {@code JSON.stringify} writes it, or notepack msgpack; readers tell them apart by the
 * first byte, {@code {}} for JSON.
 */
public final class ClusterCodec {

	private static final JsonMapper json = JsonMapper.shared();

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private ClusterCodec() {
	}

	/**
	 * Decodes a payload, JSON when it starts with <code>{</code>, msgpack otherwise.
	 * @param payload the bytes
	 * @return the tree
	 * @throws MalformedMessageException if the payload is neither
	 */
	public static JsonNode decode(byte[] payload) {
		if (payload.length == 0) {
			throw new MalformedMessageException("empty payload");
		}
		try {
			return (payload[0] == '{') ? json.readTree(payload) : Notepack.decode(payload);
		}
		catch (JacksonException | MsgpackException ex) {
			throw new MalformedMessageException(ex.getMessage(), ex);
		}
	}

	/**
	 * Encodes a tree as msgpack.
	 * @param value the tree
	 * @return the bytes
	 */
	public static byte[] msgpack(JsonNode value) {
		return Notepack.encode(value);
	}

	/**
	 * Encodes a tree as the JSON text Node would write for the same value: binary becomes
	 * <code>{"type":"Buffer","data":[...]}</code>, dates their ISO text, NaN and
	 * infinities {@code null}.
	 * @param value the tree
	 * @return the UTF-8 bytes
	 */
	public static byte[] json(JsonNode value) {
		return json.writeValueAsBytes(needsConversion(value) ? toJsonValue(value) : value);
	}

	/**
	 * Tells whether a tree holds binary values at any depth.
	 * @param value the tree
	 * @return whether it does
	 */
	public static boolean containsBinary(JsonNode value) {
		if (value.isBinary() || (value instanceof POJONode pojo && pojo.getPojo() instanceof byte[])) {
			return true;
		}
		if (value.isContainer()) {
			for (JsonNode item : value.values()) {
				if (containsBinary(item)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean needsConversion(JsonNode value) {
		if (value.isBinary() || value.isPojo()) {
			return true;
		}
		if (value.isNumber() && !value.isIntegralNumber() && !Double.isFinite(value.doubleValue())) {
			return true;
		}
		if (value.isContainer()) {
			for (JsonNode item : value.values()) {
				if (needsConversion(item)) {
					return true;
				}
			}
		}
		return false;
	}

	private static JsonNode toJsonValue(JsonNode value) {
		if (value.isBinary()) {
			return buffer(value.binaryValue());
		}
		if (value instanceof POJONode pojo) {
			Object content = pojo.getPojo();
			if (content instanceof Instant instant) {
				return nodes.stringNode(Notepack.toIsoString(instant));
			}
			if (content instanceof Date date) {
				return nodes.stringNode(Notepack.toIsoString(date.toInstant()));
			}
			if (content instanceof byte[] bytes) {
				return buffer(bytes);
			}
			return (content != null) ? nodes.stringNode(content.toString()) : nodes.nullNode();
		}
		if (value.isNumber() && !value.isIntegralNumber() && !Double.isFinite(value.doubleValue())) {
			return nodes.nullNode();
		}
		if (value.isArray()) {
			ArrayNode array = nodes.arrayNode(value.size());
			value.values().forEach((item) -> array.add(toJsonValue(item)));
			return array;
		}
		if (value.isObject()) {
			ObjectNode object = nodes.objectNode();
			for (Map.Entry<String, JsonNode> property : value.properties()) {
				object.set(property.getKey(), toJsonValue(property.getValue()));
			}
			return object;
		}
		return value;
	}

	private static ObjectNode buffer(byte[] bytes) {
		ObjectNode buffer = nodes.objectNode();
		buffer.put("type", "Buffer");
		ArrayNode data = buffer.putArray("data");
		for (byte b : bytes) {
			data.add(b & 0xff);
		}
		return buffer;
	}

}
