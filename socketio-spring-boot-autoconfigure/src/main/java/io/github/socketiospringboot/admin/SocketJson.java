package io.github.socketiospringboot.admin;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import io.github.socketiospringboot.broadcast.Handshake;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;

/**
 * A socket as the UI reads it (the reference's {@code SerializedSocket}): id, client id
 * and transport (kept in the socket's data under {@code _admin}, so that they travel with
 * {@code fetchSockets()} across a cluster), namespace, data, handshake and rooms.
 */
final class SocketJson {

	/** The key of the UI's own part of a socket's data, as in the reference. */
	static final String ADMIN_DATA = "_admin";

	private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter JS_DATE = DateTimeFormatter
		.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private SocketJson() {
	}

	/**
	 * Returns a time as JavaScript's {@code Date} reaches JSON.
	 * @param instant the time
	 * @return the ISO-8601 text with milliseconds
	 */
	static String timestamp(Instant instant) {
		return ISO.format(instant);
	}

	static ObjectNode socket(RemoteSocket socket, String namespace, ObjectMapper mapper) {
		ObjectNode json = mapper.createObjectNode();
		json.put("id", socket.id());
		Map<String, Object> data = socket.data();
		Object admin = data.get(ADMIN_DATA);
		if (admin instanceof Map<?, ?> adminData) {
			putText(json, "clientId", adminData.get("clientId"));
			putText(json, "transport", adminData.get("transport"));
		}
		json.put("nsp", namespace);
		json.set("data", data(data, mapper));
		json.set("handshake", handshake(socket.handshake(), mapper));
		ArrayNode rooms = json.putArray("rooms");
		socket.rooms().forEach(rooms::add);
		return json;
	}

	private static void putText(ObjectNode json, String name, @Nullable Object value) {
		if (value != null) {
			json.put(name, value.toString());
		}
	}

	/**
	 * Returns a socket's data without the UI's own part; a value the mapper cannot write
	 * is shown as its {@code toString()}.
	 */
	static ObjectNode data(Map<String, Object> data, ObjectMapper mapper) {
		ObjectNode json = mapper.createObjectNode();
		data.forEach((key, value) -> {
			if (ADMIN_DATA.equals(key)) {
				return;
			}
			JsonNode node;
			try {
				node = mapper.valueToTree(value);
			}
			catch (RuntimeException ex) {
				node = json.stringNode(String.valueOf(value));
			}
			json.set(key, node);
		});
		return json;
	}

	private static ObjectNode handshake(Handshake handshake, ObjectMapper mapper) {
		ObjectNode json = mapper.createObjectNode();
		HttpHeaders headers = handshake.headers();
		json.put("address", address(handshake));
		ObjectNode headersJson = json.putObject("headers");
		headers.forEach((name, values) -> headersJson.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
		ObjectNode query = json.putObject("query");
		handshake.query().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
		json.put("issued", handshake.time().toEpochMilli());
		json.put("secure", handshake.secure());
		json.put("time", JS_DATE.format(handshake.time()));
		json.put("url", handshake.url());
		json.put("xdomain", handshake.crossDomain());
		return json;
	}

	private static String address(Handshake handshake) {
		HttpHeaders headers = handshake.headers();
		String forwarded = headers.getFirst("cf-connecting-ip");
		if (forwarded == null) {
			forwarded = headers.getFirst("x-forwarded-for");
		}
		if (forwarded != null) {
			return forwarded;
		}
		InetSocketAddress address = handshake.address();
		return (address != null) ? address.getHostString() : "";
	}

}
