package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.socketiospringboot.adapter.BroadcastFlags;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.protocol.PacketEncoder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts every cluster message is made of, as the Node adapters write them: the
 * Socket.IO packet of a broadcast, its options ({@code rooms}, {@code except},
 * {@code flags}), and the event of a server-side emit.
 */
public final class Packets {

	/** The Socket.IO packet type of an event. */
	public static final int EVENT = 2;

	/** The Socket.IO packet type of an event with binary attachments. */
	public static final int BINARY_EVENT = 5;

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private Packets() {
	}

	/**
	 * Returns an event and its arguments as the array {@code [event, arg1, ...]}, the
	 * arguments converted by the application's mapper (byte arrays become binary nodes;
	 * trees are taken as they are, so a {@code POJONode} holding an {@code Instant}
	 * travels as a msgpack timestamp).
	 * @param event the event name
	 * @param args the arguments
	 * @param mapper the mapper
	 * @return the array
	 */
	public static ArrayNode eventData(String event, @Nullable Object[] args, ObjectMapper mapper) {
		ArrayNode data = nodes.arrayNode(args.length + 1);
		data.add(event);
		for (Object arg : args) {
			if (arg == null) {
				data.add(nodes.nullNode());
			}
			else {
				data.add((arg instanceof JsonNode node) ? node : mapper.<JsonNode>valueToTree(arg));
			}
		}
		return data;
	}

	/**
	 * Returns the packet of a broadcast: <code>{type: 2, data: [...], nsp}</code>,
	 * without {@code nsp} when {@code namespace} is {@code null}.
	 * @param message the broadcast
	 * @param mapper the mapper that converts its arguments
	 * @param namespace the namespace to write in the packet, or {@code null}
	 * @return the packet
	 */
	public static ObjectNode packet(BroadcastMessage message, ObjectMapper mapper, @Nullable String namespace) {
		ObjectNode packet = nodes.objectNode();
		packet.put("type", EVENT);
		packet.set("data", eventData(message.event(), message.args(), mapper));
		if (namespace != null) {
			packet.put("nsp", namespace);
		}
		return packet;
	}

	/**
	 * Returns broadcast options as <code>{rooms, except, flags}</code>; the flags hold
	 * {@code volatile}, {@code compress} (only when off) and {@code timeout} when set,
	 * never {@code local}.
	 * @param options the options
	 * @param timeout the acknowledgement timeout to write, or {@code null}
	 * @param withFlags whether to write the flags at all
	 * @return the options
	 */
	public static ObjectNode options(BroadcastOptions options, @Nullable Duration timeout, boolean withFlags) {
		ObjectNode opts = nodes.objectNode();
		ArrayNode rooms = opts.putArray("rooms");
		options.rooms().forEach(rooms::add);
		ArrayNode except = opts.putArray("except");
		options.except().forEach(except::add);
		if (withFlags) {
			ObjectNode flags = opts.putObject("flags");
			if (options.flags().isVolatile()) {
				flags.put("volatile", true);
			}
			if (!options.flags().compress()) {
				flags.put("compress", false);
			}
			if (timeout != null) {
				flags.put("timeout", timeout.toMillis());
			}
		}
		return opts;
	}

	/**
	 * Reads broadcast options; missing parts mean no room, no exception, no flag.
	 * @param opts the options as received
	 * @return the options
	 */
	public static BroadcastOptions readOptions(JsonNode opts) {
		JsonNode flags = opts.path("flags");
		BroadcastFlags parsed = BroadcastFlags.DEFAULT;
		if (flags.path("volatile").asBoolean(false)) {
			parsed = parsed.withVolatile();
		}
		JsonNode compress = flags.path("compress");
		if (compress.isBoolean() && !compress.booleanValue()) {
			parsed = parsed.withCompress(false);
		}
		return new BroadcastOptions(names(opts.path("rooms")), names(opts.path("except")), parsed);
	}

	/**
	 * Reads the acknowledgement timeout of broadcast options.
	 * @param opts the options as received
	 * @return the timeout, or {@code null}
	 */
	public static @Nullable Duration timeout(JsonNode opts) {
		JsonNode timeout = opts.path("flags").path("timeout");
		return timeout.isNumber() ? Duration.ofMillis(Math.max(0, timeout.asLong())) : null;
	}

	/**
	 * Reads an array of room names; numbers (a Node application may join numeric rooms)
	 * become their text.
	 * @param array the array
	 * @return the names, in order
	 */
	public static Set<String> names(JsonNode array) {
		if (!array.isArray() || array.isEmpty()) {
			return Set.of();
		}
		Set<String> names = new LinkedHashSet<>();
		for (JsonNode name : array) {
			if (name.isString()) {
				names.add(name.stringValue());
			}
			else if (name.isValueNode() && !name.isNull()) {
				names.add(name.asString());
			}
		}
		return names;
	}

	/**
	 * Turns a received packet <code>{type, data: [event, ...args], nsp?}</code> into a
	 * message to deliver to this server's sockets.
	 * @param packet the packet
	 * @param namespace the namespace
	 * @param encoder the encoder of this server
	 * @return the message, or {@code null} if the packet is no event
	 */
	public static @Nullable BroadcastMessage readMessage(JsonNode packet, String namespace, PacketEncoder encoder) {
		int type = packet.path("type").asInt(EVENT);
		JsonNode data = packet.path("data");
		if ((type != EVENT && type != BINARY_EVENT) || !data.isArray() || data.isEmpty() || !data.get(0).isString()) {
			return null;
		}
		Object[] args = new Object[data.size() - 1];
		for (int i = 1; i < data.size(); i++) {
			args[i - 1] = data.get(i);
		}
		return new BroadcastMessage(namespace, data.get(0).stringValue(), args, encoder);
	}

	/**
	 * Reads a text field.
	 * @param node the object
	 * @param field the field name
	 * @return its text, or {@code null} when absent or not text
	 */
	public static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

}
