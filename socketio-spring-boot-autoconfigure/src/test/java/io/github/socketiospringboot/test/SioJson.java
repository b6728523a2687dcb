package io.github.socketiospringboot.test;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * The JSON that {@code sio-client.mjs} exchanges with the tests, binary data included: a
 * binary value at any depth travels as {@code {"$binary": "<base64>"}} (see
 * {@code encodeValue} and {@code decodeValue} in {@code lib/harness.mjs}), and is a
 * binary JSON node on the Java side.
 */
public final class SioJson {

	private static final JsonMapper json = JsonMapper.shared();

	private SioJson() {
	}

	/**
	 * Builds a binary argument the client sends as another JavaScript type than
	 * {@code Buffer}.
	 * @param bytes the bytes
	 * @param as {@code Buffer}, {@code Uint8Array} or {@code ArrayBuffer}
	 * @return the argument
	 */
	public static Map<String, String> binary(byte[] bytes, String as) {
		return Map.of("$binary", Base64.getEncoder().encodeToString(bytes), "$as", as);
	}

	/**
	 * Converts values to the JSON of a command: each binary value becomes a
	 * {@code $binary} object.
	 * @param values the values
	 * @return the JSON array
	 */
	public static JsonNode encode(Object... values) {
		return encodeNode(tree(Arrays.asList(values)));
	}

	/**
	 * Converts a value to JSON with each binary value ({@code byte[]} at any depth) as a
	 * binary node: the form in which the values a client received compare equal to what
	 * was sent.
	 * @param value the value
	 * @return the JSON
	 */
	public static JsonNode tree(@Nullable Object value) {
		return binaryAsBinaryNodes(json.valueToTree(value));
	}

	private static JsonNode encodeNode(JsonNode node) {
		if (node.isBinary()) {
			ObjectNode marker = JsonNodeFactory.instance.objectNode();
			marker.put("$binary", Base64.getEncoder().encodeToString(node.binaryValue()));
			return marker;
		}
		if (node.isArray()) {
			ArrayNode array = JsonNodeFactory.instance.arrayNode();
			node.values().forEach((item) -> array.add(encodeNode(item)));
			return array;
		}
		if (node.isObject()) {
			ObjectNode object = JsonNodeFactory.instance.objectNode();
			node.properties().forEach((entry) -> object.set(entry.getKey(), encodeNode(entry.getValue())));
			return object;
		}
		return node;
	}

	private static JsonNode binaryAsBinaryNodes(JsonNode node) {
		if (node instanceof POJONode pojo && pojo.getPojo() instanceof byte[] bytes) {
			return JsonNodeFactory.instance.binaryNode(bytes);
		}
		if (node instanceof POJONode pojo && !(pojo.getPojo() instanceof JsonNode)) {
			return binaryAsBinaryNodes(json.valueToTree(pojo.getPojo()));
		}
		if (node instanceof POJONode pojo) {
			return binaryAsBinaryNodes((JsonNode) pojo.getPojo());
		}
		if (node.isArray()) {
			ArrayNode array = JsonNodeFactory.instance.arrayNode();
			node.values().forEach((item) -> array.add(binaryAsBinaryNodes(item)));
			return array;
		}
		if (node.isObject()) {
			ObjectNode object = JsonNodeFactory.instance.objectNode();
			node.properties().forEach((entry) -> object.set(entry.getKey(), binaryAsBinaryNodes(entry.getValue())));
			return object;
		}
		return node;
	}

	/**
	 * Converts the JSON of a report back: each {@code $binary} object becomes a binary
	 * node.
	 * @param node the JSON
	 * @return the value
	 */
	public static JsonNode decode(JsonNode node) {
		if (node.isObject() && node.path("$binary").isString()) {
			return JsonNodeFactory.instance.binaryNode(Base64.getDecoder().decode(node.get("$binary").asString()));
		}
		if (node.isArray()) {
			ArrayNode array = JsonNodeFactory.instance.arrayNode();
			node.values().forEach((item) -> array.add(decode(item)));
			return array;
		}
		if (node.isObject()) {
			ObjectNode object = JsonNodeFactory.instance.objectNode();
			node.properties().forEach((entry) -> object.set(entry.getKey(), decode(entry.getValue())));
			return object;
		}
		return node;
	}

}
