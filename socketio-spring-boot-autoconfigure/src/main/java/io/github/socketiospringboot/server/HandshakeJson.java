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
		for (Map.Entry<String, JsonNode> header : headersNode.properties()) {
			JsonNode value = header.getValue();
			if (value.isArray()) {
				value.forEach((item) -> headers.add(header.getKey(), item.asString()));
			}
			else {
				headers.add(header.getKey(), value.asString());
			}
		}
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		for (Map.Entry<String, JsonNode> parameter : json.path("query").properties()) {
			query.put(parameter.getKey(), List.of(parameter.getValue().asString()));
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

	private static Instant time(JsonNode json) {
		JsonNode issued = json.get("issued");
		if (issued != null && issued.isNumber()) {
			return Instant.ofEpochMilli(issued.asLong());
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
