package io.github.socketiospringboot.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.socketiospringboot.broadcast.Handshake;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Converts handshakes to and from the JSON shape the reference server's
 * {@code fetchSockets()} answers carry between servers.
 */
final class HandshakeJson {

	/**
	 * JavaScript's {@code Date.toString()} in UTC, as Node servers write {@code time}.
	 */
	private static final DateTimeFormatter JS_DATE = DateTimeFormatter
		.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private HandshakeJson() {
	}

	static ObjectNode toJson(Handshake handshake, ObjectMapper mapper) {
		ObjectNode json = mapper.createObjectNode();
		ObjectNode headers = json.putObject("headers");
		handshake.headers()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
		json.put("time", JS_DATE.format(handshake.time()));
		InetSocketAddress address = handshake.address();
		json.put("address", (address != null) ? hostOf(address) : "");
		json.put("xdomain", handshake.crossDomain());
		json.put("secure", handshake.secure());
		json.put("issued", handshake.time().toEpochMilli());
		json.put("url", handshake.url());
		ObjectNode query = json.putObject("query");
		handshake.query().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
		json.set("auth", handshake.auth());
		return json;
	}

	static Handshake fromJson(@Nullable JsonNode json, ObjectMapper mapper) {
		if (json == null || !json.isObject()) {
			json = mapper.createObjectNode();
		}
		HttpHeaders headers = new HttpHeaders();
		JsonNode headersNode = json.path("headers");
		// what another server sent, read leniently: a value that is not text is skipped,
		// an array gives one value per item (engine.io up to 6.6.4 parsed a repeated
		// query
		// parameter into an array)
		for (Map.Entry<String, JsonNode> header : headersNode.properties()) {
			values(header.getValue()).forEach((value) -> headers.add(header.getKey(), value));
		}
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		for (Map.Entry<String, JsonNode> parameter : json.path("query").properties()) {
			List<String> values = values(parameter.getValue());
			if (!values.isEmpty()) {
				query.put(parameter.getKey(), values);
			}
		}
		String address = json.path("address").asString("");
		Instant time = time(json);
		JsonNode auth = json.get("auth");
		return Handshake.of(HttpHeaders.readOnlyHttpHeaders(headers), query,
				(auth != null) ? auth : mapper.createObjectNode(),
				address.isEmpty() ? null : InetSocketAddress.createUnresolved(address, 0), time,
				json.path("url").asString(""), json.path("secure").asBoolean(false),
				json.path("xdomain").asBoolean(false), null);
	}

	private static List<String> values(JsonNode value) {
		if (value.isArray()) {
			List<String> values = new java.util.ArrayList<>(value.size());
			value.forEach((item) -> {
				if (item.isValueNode() && !item.isNull()) {
					values.add(item.asString(""));
				}
			});
			return values;
		}
		return (value.isValueNode() && !value.isNull()) ? List.of(value.asString("")) : List.of();
	}

	private static Instant time(JsonNode json) {
		JsonNode issued = json.get("issued");
		if (issued != null && issued.isNumber() && issued.canConvertToLong()) {
			try {
				return Instant.ofEpochMilli(issued.asLong());
			}
			catch (java.time.DateTimeException ex) {
				return Instant.EPOCH;
			}
		}
		try {
			return Instant.from(JS_DATE.parse(json.path("time").asString("")));
		}
		catch (DateTimeParseException ex) {
			return Instant.EPOCH;
		}
	}

	private static String hostOf(InetSocketAddress address) {
		return (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
	}

}
