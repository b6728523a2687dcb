package io.github.socketiospringboot.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payloads of the benchmarks, shaped like those of the load-test harness: its
 * broadcast {@code {"t":...,"seq":...,"pad":"xxx..."}} with a pad of 100 characters, its
 * echo of 100 characters, and a binary upload of 1 KiB.
 */
final class Payloads {

	/** The pad of the harness's messages: 100 characters. */
	static final String PAD = "x".repeat(100);

	/** The broadcast payload as JSON text. */
	static final String BROADCAST_JSON = "{\"t\":123456789,\"seq\":42,\"pad\":\"" + PAD + "\"}";

	/** The size of the binary attachment. */
	static final int ATTACHMENT_SIZE = 1024;

	private Payloads() {
	}

	/**
	 * The broadcast payload as a tree, as an event handler receives it from a client
	 * ({@code event.args().get(0)}).
	 */
	static JsonNode broadcastNode() {
		return JsonMapper.shared().readTree(BROADCAST_JSON);
	}

	/** The broadcast payload as a map, in the same property order. */
	static Map<String, Object> broadcastMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("t", 123456789L);
		map.put("seq", 42);
		map.put("pad", PAD);
		return map;
	}

	/** The broadcast payload as a record. */
	static Message broadcastRecord() {
		return new Message(123456789L, 42, PAD);
	}

	/** An upload: a sequence number and a binary attachment of 1 KiB. */
	static Map<String, Object> upload() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("seq", 42);
		map.put("data", attachment());
		return map;
	}

	/** An attachment of 1 KiB. */
	static byte[] attachment() {
		byte[] data = new byte[ATTACHMENT_SIZE];
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) i;
		}
		return data;
	}

}
