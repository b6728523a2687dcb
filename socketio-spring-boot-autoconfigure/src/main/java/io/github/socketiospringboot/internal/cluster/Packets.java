package io.github.socketiospringboot.internal.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.socketiospringboot.adapter.BroadcastFlags;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.adapter.SocketDetails;
import io.github.socketiospringboot.adapter.cluster.MalformedMessageException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts every cluster message is made of, as the Node adapters write them: the
 * Socket.IO packet of a broadcast, its options ({@code rooms}, {@code except},
 * {@code flags}), room lists, and the sockets of a fetchSockets answer.
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
	 * Returns the packet of a broadcast: <code>{type: 2, data: [...], nsp}</code>,
	 * without {@code nsp} when {@code namespace} is {@code null}.
	 * @param data the event name followed by its arguments
	 * @param namespace the namespace to write in the packet, or {@code null}
	 * @return the packet
	 */
	public static ObjectNode packet(ArrayNode data, @Nullable String namespace) {
		ObjectNode packet = nodes.objectNode();
		packet.put("type", EVENT);
		packet.set("data", data);
		if (namespace != null) {
			packet.put("nsp", namespace);
		}
		return packet;
	}

	/**
	 * Reads the event of a received packet <code>{type, data: [event, ...args]}</code>.
	 * @param packet the packet
	 * @return {@code data}
	 * @throws MalformedMessageException if the packet is no event
	 */
	public static ArrayNode eventData(JsonNode packet) {
		int type = packet.path("type").asInt(EVENT);
		JsonNode data = packet.path("data");
		if ((type != EVENT && type != BINARY_EVENT) || !data.isArray() || data.isEmpty() || !data.get(0).isString()) {
			throw new MalformedMessageException("not an event packet");
		}
		return (ArrayNode) data;
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
		if (!timeout.isNumber()) {
			return null;
		}
		// any number the other server sent (Infinity, 1e19 or a uint64 included), within
		// what a timer takes; the adapters bound it further
		double millis = timeout.asDouble(0);
		if (Double.isNaN(millis)) {
			return null;
		}
		return Duration.ofMillis((long) Math.min(Math.max(0, millis), Integer.MAX_VALUE));
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
	 * Reads a text field.
	 * @param node the object
	 * @param field the field name
	 * @return its text, or {@code null} when absent or not text
	 */
	public static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	/**
	 * Returns room names (or socket ids) as a JSON array.
	 * @param names the names
	 * @return the array
	 */
	public static ArrayNode array(Collection<String> names) {
		ArrayNode array = nodes.arrayNode(names.size());
		names.forEach(array::add);
		return array;
	}

	/**
	 * Returns sockets as a fetchSockets answer lists them: each
	 * <code>{id, handshake, rooms, data}</code>.
	 * @param sockets the sockets
	 * @return the array
	 */
	public static ArrayNode sockets(List<SocketDetails> sockets) {
		ArrayNode array = nodes.arrayNode(sockets.size());
		for (SocketDetails details : sockets) {
			ObjectNode socket = array.addObject();
			socket.put("id", details.id());
			socket.set("handshake", details.handshake());
			socket.set("rooms", array(details.rooms()));
			socket.set("data", details.data());
		}
		return array;
	}

	/**
	 * Reads the sockets of a fetchSockets answer; entries without an id are skipped.
	 * @param sockets the array
	 * @param serverId the id of the server that answered
	 * @return the sockets
	 */
	public static List<SocketDetails> readSockets(JsonNode sockets, String serverId) {
		List<SocketDetails> found = new ArrayList<>();
		for (JsonNode socket : sockets) {
			String id = text(socket, "id");
			if (id != null) {
				found.add(new SocketDetails(id, names(socket.path("rooms")), socket.get("handshake"),
						socket.get("data"), null, serverId));
			}
		}
		return found;
	}

	/**
	 * Reads the event of a server-side emit, {@code [event, ...args]}.
	 * @param event the event as received
	 * @return the event
	 * @throws MalformedMessageException if it is no event
	 */
	public static ArrayNode serverSideEmitData(JsonNode event) {
		if (!event.isArray() || event.isEmpty()) {
			throw new MalformedMessageException("server-side emit without event");
		}
		return (ArrayNode) event;
	}

	/**
	 * Returns a value, or a null node for none.
	 * @param value the value
	 * @return a node
	 */
	public static JsonNode orNull(@Nullable JsonNode value) {
		return (value != null) ? value : nodes.nullNode();
	}

}
