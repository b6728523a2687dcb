package io.github.socketiospringboot.internal.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import io.github.socketiospringboot.adapter.cluster.Captures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NotepackTests {

	private static final HexFormat hex = HexFormat.of();

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	static Stream<Arguments> vectors() {
		List<Arguments> vectors = new ArrayList<>();
		for (JsonNode vector : Captures.read("msgpack-vectors.json").get("vectors")) {
			JsonNode notepack = vector.get("notepack.io@3.0.1");
			vectors.add(Arguments.of(vector.get("value").asString(), notepack.get("hex").asString(),
					notepack.get("decodes_back_as").asString()));
		}
		return vectors.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void everyNotepackVectorDecodesAndEncodesBackToTheSameBytes(String value, String bytes, String decodesBackAs) {
		JsonNode decoded = Notepack.decode(hex.parseHex(bytes), true);
		assertThat(hex.formatHex(Notepack.encode(decoded))).isEqualTo(bytes);
		assertThat(javaScriptRendering(decoded)).isEqualTo(decodesBackAs);
	}

	@Test
	void timestampsDecodeToTheIsoTextANodeServerSendsItsClients() {
		assertThat(Notepack.decode(hex.parseHex("d7ff1d5353006553f100")).stringValue())
			.isEqualTo("2023-11-14T22:13:20.123Z");
		assertThat(Notepack.decode(hex.parseHex("c70cff00000000ffffffffffffffff")).stringValue())
			.isEqualTo("1969-12-31T23:59:59.000Z");
	}

	@Test
	void instantsAndDatesEncodeAsNotepackTimestamps() {
		assertThat(hex.formatHex(Notepack.encode(nodes.pojoNode(Instant.ofEpochMilli(0))))).isEqualTo("d6ff00000000");
		assertThat(hex.formatHex(Notepack.encode(nodes.pojoNode(new java.util.Date(1700000000123L)))))
			.isEqualTo("d7ff1d5353006553f100");
		assertThat(hex.formatHex(Notepack.encode(nodes.pojoNode(Instant.ofEpochMilli(-1000)))))
			.isEqualTo("c70cff00000000ffffffffffffffff");
	}

	@Test
	void numbersAreWrittenAsJavaScriptNumbers() {
		assertThat(hex.formatHex(Notepack.encode(nodes.numberNode(2.0)))).isEqualTo("02");
		assertThat(hex.formatHex(Notepack.encode(nodes.numberNode(-0.0)))).isEqualTo("00");
		assertThat(hex.formatHex(Notepack.encode(nodes.numberNode(1.5f)))).isEqualTo("cb3ff8000000000000");
		assertThat(hex.formatHex(Notepack.encode(nodes.numberNode(new java.math.BigDecimal("0.1")))))
			.isEqualTo("cb3fb999999999999a");
		assertThat(hex.formatHex(Notepack.encode(nodes.numberNode(new java.math.BigInteger("18446744073709551615")))))
			.isEqualTo("cfffffffffffffffff");
		assertThat(Notepack.decode(hex.parseHex("cfffffffffffffffff")).bigIntegerValue())
			.isEqualTo(new java.math.BigInteger("18446744073709551615"));
		assertThat(Notepack.decode(hex.parseHex("ca3fc00000")).doubleValue()).isEqualTo(1.5);
	}

	@Test
	void javaObjectsConvertedByTheMapperEncodeAsNodeWouldWriteThem() {
		JsonNode tree = JsonMapper.shared()
			.valueToTree(List.of("hello", "world", 42, java.util.Map.of("bin", new byte[] { 1, 2, 3 })));
		assertThat(hex.formatHex(Notepack.encode(tree))).isEqualTo("94a568656c6c6fa5776f726c642a81a362696ec403010203");
	}

	@Test
	void legacyNotepack2FormsAreRead() {
		assertThat(Notepack.decode(hex.parseHex("d40000")).isNull()).isTrue();
		assertThat(Notepack.decode(hex.parseHex("81a161d40000"))).isEqualTo(nodes.objectNode());
		assertThat(Notepack.decode(hex.parseHex("d70000000000000003e8")).stringValue())
			.isEqualTo("1970-01-01T00:00:01.000Z");
		assertThat(Notepack.decode(hex.parseHex("c70300010203")).binaryValue()).containsExactly(1, 2, 3);
	}

	@Test
	void otherExtensionsDecodeAsTypeAndBytes() {
		JsonNode pair = Notepack.decode(hex.parseHex("d40542"));
		assertThat(pair.get(0).intValue()).isEqualTo(5);
		assertThat(pair.get(1).binaryValue()).containsExactly(0x42);
	}

	@Test
	void malformedBytesAreRefused() {
		assertThatExceptionOfType(MsgpackException.class).isThrownBy(() -> Notepack.decode(hex.parseHex("93a1")));
		assertThatExceptionOfType(MsgpackException.class).isThrownBy(() -> Notepack.decode(hex.parseHex("c1")));
		assertThatExceptionOfType(MsgpackException.class).isThrownBy(() -> Notepack.decode(hex.parseHex("0102")))
			.withMessageContaining("trailing");
		assertThatExceptionOfType(MsgpackException.class).isThrownBy(() -> Notepack.decode(new byte[0]));
		byte[] deep = new byte[10_000];
		java.util.Arrays.fill(deep, (byte) 0x91);
		assertThatExceptionOfType(MsgpackException.class).isThrownBy(() -> Notepack.decode(deep));
		// a timestamp beyond what a date can be
		assertThatExceptionOfType(MsgpackException.class)
			.isThrownBy(() -> Notepack.decode(hex.parseHex("c70cff000000007fffffffffffffff")));
	}

	@Test
	void aPayloadLongerThanTheMessageIsRefusedBeforeItIsAllocated() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		// a string, bytes and an extension each declaring 64 MiB in a few bytes
		for (String bytes : List.of("db03ffffff", "c603ffffff", "c903ffffff01")) {
			assertThatExceptionOfType(MsgpackException.class).as(bytes)
				.isThrownBy(() -> Notepack.decode(hex.parseHex(bytes)));
		}
		assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1024 * 1024);
	}

	static Stream<Captures.Message> capturedMsgpack() {
		return Captures.publishedMessages().filter(Captures.Message::isMsgpack);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("capturedMsgpack")
	void everyCapturedMsgpackPayloadDecodesAsCaptured(Captures.Message message) {
		JsonNode decoded = Notepack.decode(message.bytes(), true);
		assertThat(Captures.render(decoded)).isEqualTo(Captures.render(message.decoded()));
		if (message.fromNotepack()) {
			assertThat(hex.formatHex(Notepack.encode(decoded))).isEqualTo(hex.formatHex(message.bytes()));
		}
	}

	/** How the capture's {@code decodes_back_as} shows a JavaScript value. */
	private static String javaScriptRendering(JsonNode node) {
		if (node.isBinary()) {
			return "Buffer(" + hex.formatHex(node.binaryValue()) + ")";
		}
		if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
			return "Date(" + Notepack.toIsoString(instant) + ")";
		}
		if (node.isNumber() && !node.isIntegralNumber()) {
			double value = node.doubleValue();
			if (Double.isNaN(value)) {
				return "NaN";
			}
			if (Double.isInfinite(value)) {
				return (value > 0) ? "Infinity" : "-Infinity";
			}
		}
		if (node.isObject() || node.isArray()) {
			ObjectNode wrapper = nodes.objectNode();
			wrapper.set("v", node);
			String json = JsonMapper.shared().writeValueAsString(wrapper);
			return json.substring(5, json.length() - 1);
		}
		return JsonMapper.shared().writeValueAsString(node);
	}

}
