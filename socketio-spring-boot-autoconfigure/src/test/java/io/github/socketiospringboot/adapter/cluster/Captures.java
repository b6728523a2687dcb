package io.github.socketiospringboot.adapter.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.socketiospringboot.internal.cluster.Notepack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * The traffic captured between real Node servers (copied from the shared docs into the
 * test resources under {@code captures/}), for byte-exact tests.
 */
public final class Captures {

	/** The capture files holding Redis pub/sub traffic. */
	public static final List<String> PUBSUB_FILES = List.of("classic-pubsub.json",
			"classic-pubsub-specific-response.json", "emitter.json", "sharded.json",
			"interop-classic-foreign-node.json", "interop-sharded-foreign-node.json");

	private static final JsonMapper mapper = JsonMapper.shared();

	private Captures() {
	}

	/**
	 * Reads a capture file.
	 * @param name the file name
	 * @return its content
	 */
	public static JsonNode read(String name) {
		try (InputStream in = Captures.class.getResourceAsStream("/captures/" + name)) {
			if (in == null) {
				throw new IllegalStateException("No capture " + name);
			}
			return mapper.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Returns one message of a capture file.
	 * @param file the file name
	 * @param seq the message's sequence number
	 * @return the message
	 */
	public static Message message(String file, int seq) {
		for (JsonNode message : read(file).get("messages")) {
			if (message.get("seq").asInt() == seq) {
				return new Message(file, message);
			}
		}
		throw new IllegalArgumentException("No message " + seq + " in " + file);
	}

	/**
	 * Returns the published messages (PUBLISH or SPUBLISH) of every pub/sub capture.
	 * @return the messages
	 */
	public static Stream<Message> publishedMessages() {
		List<Message> all = new ArrayList<>();
		for (String file : PUBSUB_FILES) {
			for (JsonNode message : read(file).get("messages")) {
				if (message.has("hex")) {
					all.add(new Message(file, message));
				}
			}
		}
		return all.stream();
	}

	/**
	 * Renders a decoded tree as the captures do: binary as {@code {"$bin": hex}},
	 * timestamps as {@code {"$timestamp": iso}}; numbers are normalised through JSON
	 * text.
	 * @param node the tree
	 * @return the rendering
	 */
	public static JsonNode render(JsonNode node) {
		return mapper.readTree(mapper.writeValueAsString(renderTree(node)));
	}

	private static JsonNode renderTree(JsonNode node) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		if (node.isBinary()) {
			ObjectNode bin = nodes.objectNode();
			bin.put("$bin", HexFormat.of().formatHex(node.binaryValue()));
			return bin;
		}
		if (node instanceof POJONode pojo && pojo.getPojo() instanceof java.time.Instant instant) {
			ObjectNode timestamp = nodes.objectNode();
			timestamp.put("$timestamp", Notepack.toIsoString(instant));
			return timestamp;
		}
		if (node.isArray()) {
			var array = nodes.arrayNode();
			node.values().forEach((item) -> array.add(renderTree(item)));
			return array;
		}
		if (node.isObject()) {
			ObjectNode object = nodes.objectNode();
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				object.set(property.getKey(), renderTree(property.getValue()));
			}
			return object;
		}
		return node;
	}

	/**
	 * One captured Redis command.
	 *
	 * @param file the capture file
	 * @param json the message as captured
	 */
	public record Message(String file, JsonNode json) {

		/**
		 * Returns the sequence number.
		 * @return the number
		 */
		public int seq() {
			return this.json.get("seq").asInt();
		}

		/**
		 * Returns the channel of a PUBLISH or SPUBLISH.
		 * @return the channel
		 */
		public String channel() {
			return this.json.get("channel").asString();
		}

		/**
		 * Returns the exact payload.
		 * @return the bytes
		 */
		public byte[] bytes() {
			return HexFormat.of().parseHex(this.json.get("hex").asString());
		}

		/**
		 * Tells whether the payload is msgpack.
		 * @return whether it is
		 */
		public boolean isMsgpack() {
			return "msgpack".equals(this.json.get("encoding").asString());
		}

		/**
		 * Tells whether notepack (a real Node adapter or emitter) wrote the payload,
		 * rather than the interop tests' foreign encoder.
		 * @return whether the bytes are reproducible
		 */
		public boolean fromNotepack() {
			return !this.file.startsWith("interop-") || !this.json.path("from").asString("").contains("J");
		}

		/**
		 * Returns the payload as the capture decoded it.
		 * @return the decoded payload
		 */
		public JsonNode decoded() {
			return this.json.get("decoded");
		}

		@Override
		public String toString() {
			return this.file + "#" + seq() + " " + this.json.path("step").asString();
		}

	}

}
