package io.github.socketiospringboot.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.socketiospringboot.adapter.PersistedSession;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.adapter.cluster.MalformedMessageException;
import io.github.socketiospringboot.internal.cluster.ClusterAdapterFormat;
import io.github.socketiospringboot.internal.cluster.ClusterCodec;
import io.github.socketiospringboot.internal.cluster.Notepack;
import io.github.socketiospringboot.internal.cluster.Packets;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Redis forms of the Streams protocol: a message as the fields of a stream entry
 * ({@code uid nsp type data}, {@code data} as JSON text, or base64 of msgpack when it
 * holds binary values), and a persisted session as base64 of the msgpack map
 * <code>{sid, pid, rooms, data}</code>.
 */
final class StreamsFormat {

	/** The form of an entry id, which is all an offset may be. */
	static final Pattern OFFSET = Pattern.compile("[0-9]+-[0-9]+");

	/** The type of a broadcast, as a stream entry writes it. */
	static final String BROADCAST = "3";

	private static final JsonMapper json = JsonMapper.shared();

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private StreamsFormat() {
	}

	/**
	 * Returns a message as the fields of a stream entry, in the reference's order.
	 * @param message the message
	 * @return the fields
	 */
	static LinkedHashMap<String, String> fields(ClusterMessage message) {
		LinkedHashMap<String, String> fields = new LinkedHashMap<>();
		fields.put("uid", String.valueOf(message.uid()));
		fields.put("nsp", message.namespace());
		fields.put("type", Integer.toString(ClusterAdapterFormat.typeCode(message)));
		ObjectNode data = ClusterAdapterFormat.data(message);
		if (ClusterAdapterFormat.mayCarryBinary(message) && ClusterCodec.containsBinary(data)) {
			fields.put("data", Base64.getEncoder().encodeToString(ClusterCodec.msgpack(data)));
		}
		else {
			fields.put("data", new String(ClusterCodec.json(data), StandardCharsets.UTF_8));
		}
		return fields;
	}

	/**
	 * Reads the {@code data} field of an entry: JSON when it starts with <code>{</code>,
	 * else base64 of msgpack.
	 * @param data the field, or {@code null} when absent
	 * @return the data, a missing node when absent
	 * @throws MalformedMessageException if it is neither
	 */
	static JsonNode data(@Nullable String data) {
		if (data == null || data.isEmpty()) {
			return nodes.missingNode();
		}
		try {
			return data.startsWith("{") ? json.readTree(data) : ClusterCodec.decode(Base64.getDecoder().decode(data));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new MalformedMessageException("unreadable data: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Reads the message of a stream entry.
	 * @param fields the entry's fields
	 * @return the message, or {@code null} for one that asks nothing of a server
	 * @throws MalformedMessageException if it cannot be read
	 */
	static @Nullable ClusterMessage read(Map<String, String> fields) {
		String nsp = fields.get("nsp");
		String type = fields.get("type");
		if (nsp == null || type == null) {
			throw new MalformedMessageException("entry without nsp or type");
		}
		int code;
		try {
			code = Integer.parseInt(type.trim());
		}
		catch (NumberFormatException ex) {
			throw new MalformedMessageException("type " + type + " is not a number");
		}
		return ClusterAdapterFormat.read(nodes.numberNode(code), fields.get("uid"), nsp, data(fields.get("data")));
	}

	/**
	 * Returns a session as the reference stores it: base64 of the msgpack map
	 * <code>{sid, pid, rooms, data}</code>.
	 * @param session the session
	 * @return the value of its key
	 * @throws RuntimeException if its data cannot be written as msgpack
	 */
	static String session(PersistedSession session) {
		ObjectNode map = nodes.objectNode();
		map.put("sid", session.sid());
		map.put("pid", session.pid());
		map.set("rooms", Packets.array(session.rooms()));
		map.set("data", session.data());
		return Base64.getEncoder().encodeToString(Notepack.encode(map));
	}

	/**
	 * Reads a stored session.
	 * @param value the value of its key
	 * @return the session
	 * @throws MalformedMessageException if it cannot be read
	 */
	static PersistedSession session(String value) {
		JsonNode map;
		try {
			map = ClusterCodec.decode(Base64.getDecoder().decode(value));
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedMessageException("unreadable session: " + ex.getMessage(), ex);
		}
		String sid = Packets.text(map, "sid");
		String pid = Packets.text(map, "pid");
		if (sid == null || pid == null) {
			throw new MalformedMessageException("session without sid or pid");
		}
		JsonNode data = map.get("data");
		return new PersistedSession(sid, pid, Packets.names(map.path("rooms")),
				(data != null) ? data : nodes.nullNode());
	}

	/**
	 * Tells whether a broadcast reaches a socket in these rooms, as the reference's
	 * replay decides: no rooms or one of them, and none excepted.
	 * @param rooms the socket's rooms
	 * @param targets the broadcast's rooms
	 * @param except the broadcast's excepted rooms
	 * @return whether it does
	 */
	static boolean reaches(Set<String> rooms, Set<String> targets, Set<String> except) {
		boolean included = targets.isEmpty();
		for (String room : rooms) {
			if (except.contains(room)) {
				return false;
			}
			included = included || targets.contains(room);
		}
		return included;
	}

	/**
	 * Returns the id right after another, for ranges that start after it (exclusive
	 * ranges need Redis 6.2).
	 * @param id an entry id
	 * @return {@code <ms>-<seq + 1>}
	 */
	static String next(String id) {
		int dash = id.indexOf('-');
		return id.substring(0, dash + 1) + Long.toUnsignedString(Long.parseUnsignedLong(id.substring(dash + 1)) + 1);
	}

}
