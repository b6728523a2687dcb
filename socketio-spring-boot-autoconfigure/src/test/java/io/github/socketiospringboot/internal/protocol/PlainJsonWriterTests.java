package io.github.socketiospringboot.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packets encoded by the plain writer are byte for byte those the mapper's generator
 * writes; whatever the plain writer refuses goes to the generator.
 */
class PlainJsonWriterTests {

	private final ObjectMapper mapper = JsonMapper.shared();

	private final ByteBufAllocator allocator = new UnpooledByteBufAllocator(false);

	private final PacketEncoder fast = new PacketEncoder(this.mapper, this.allocator);

	private final PacketEncoder generator = new PacketEncoder(this.mapper, this.allocator, false);

	@Test
	void theApplicationsDefaultMapperGetsThePlainWriter() {
		assertThat(this.fast.writesPlainJson()).isTrue();
		assertThat(this.generator.writesPlainJson()).isFalse();
	}

	@Test
	void aMapperThatWritesOtherwiseKeepsTheGenerator() {
		assertThat(new PacketEncoder(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build(),
				this.allocator)
			.writesPlainJson()).isFalse();
		assertThat(new PacketEncoder(JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build(),
				this.allocator)
			.writesPlainJson()).isFalse();
		assertThat(new PacketEncoder(JsonMapper.builder().disable(JsonNodeFeature.WRITE_NULL_PROPERTIES).build(),
				this.allocator)
			.writesPlainJson()).isFalse();
	}

	@Test
	void writesEveryPacketExactlyAsTheGeneratorDoes() {
		Random random = new Random(20261126L);
		for (int round = 0; round < 3000; round++) {
			Object[] args = new Object[random.nextInt(4)];
			for (int i = 0; i < args.length; i++) {
				args[i] = randomArg(random, 0);
			}
			String namespace = random.nextBoolean() ? "/" : "/chat";
			long ackId = random.nextBoolean() ? Packet.NO_ACK : random.nextInt(100000);
			assertSame(this.fast.event(namespace, "ev\u00e9nt", args, ackId),
					this.generator.event(namespace, "ev\u00e9nt", args, ackId));
			assertSame(this.fast.ack(namespace, Math.max(ackId, 0), args),
					this.generator.ack(namespace, Math.max(ackId, 0), args));
		}
	}

	@Test
	void writesStringsThatLookPlainExactlyAsTheGeneratorDoes() {
		// ASCII strings take the bulk copy; a malformed surrogate becomes "?" in the
		// JDK's UTF-8 bytes and must not pass for one, nor may a string too long to copy
		List<String> strings = List.of("", "x".repeat(100), "?", "why? because", "\u007f", "a\ud800b", "?\udc00?",
				"caf\u00e9", "tab\there", "say \"hi\"", "back\\slash", "y".repeat(4096) + "?", "z".repeat(5000));
		for (String text : strings) {
			Object[] args = { text, JsonNodeFactory.instance.stringNode(text) };
			assertSame(this.fast.ack("/", 7, args), this.generator.ack("/", 7, args));
			assertSame(this.fast.event("/", text, new Object[0], Packet.NO_ACK),
					this.generator.event("/", text, new Object[0], Packet.NO_ACK));
		}
	}

	@Test
	void writesIntegersExactlyAsTheGeneratorDoes() {
		List<Long> values = new ArrayList<>(
				List.of(0L, 9L, 10L, 99L, 100L, -1L, -9L, -10L, -100L, 123456789L, (long) Integer.MAX_VALUE,
						(long) Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
		for (long power = 1; power <= 1_000_000_000_000_000_000L; power *= 10) {
			values.addAll(List.of(power, power - 1, power + 1, -power, -power + 1, -power - 1));
		}
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		for (long value : values) {
			Object[] args = { value, nodes.numberNode(value), nodes.arrayNode().add(value) };
			assertSame(this.fast.event("/", "n", args, Packet.NO_ACK),
					this.generator.event("/", "n", args, Packet.NO_ACK));
			if (value >= 0) {
				assertSame(this.fast.event("/chat", "n", args, value), this.generator.event("/chat", "n", args, value));
				assertSame(this.fast.ack("/", value, args), this.generator.ack("/", value, args));
			}
		}
		for (long ackId : List.of(0L, 7L, 10L, 1234567890123L, Long.MAX_VALUE)) {
			EncodedPacket ack = this.generator.ack("/", ackId, new Object[0]);
			try {
				assertThat(ack.text()).isEqualTo("3" + ackId + "[]");
			}
			finally {
				ack.release();
			}
		}
	}

	@Test
	void leavesBinaryArgumentsToTheGeneratorsAttachments() {
		EncodedPacket packet = this.fast.event("/", "file", new Object[] { "name", new byte[] { 1, 2 } }, 3);
		try {
			assertThat(packet.attachmentCount()).isEqualTo(1);
			assertThat(packet.text()).isEqualTo("51-3[\"file\",\"name\",{\"_placeholder\":true,\"num\":0}]");
		}
		finally {
			packet.release();
		}
	}

	private static void assertSame(EncodedPacket fast, EncodedPacket generated) {
		try {
			assertThat(fast.frames()).hasSameSizeAs(generated.frames());
			for (int i = 0; i < fast.frames().size(); i++) {
				assertThat(ByteBufUtil.getBytes(fast.frames().get(i).content())).as(generated.toString())
					.isEqualTo(ByteBufUtil.getBytes(generated.frames().get(i).content()));
			}
		}
		finally {
			fast.release();
			generated.release();
		}
	}

	private static Object randomArg(Random random, int depth) {
		return switch (random.nextInt(12)) {
			case 0 -> null;
			case 1 -> randomString(random);
			case 2 -> random.nextInt();
			case 3 -> random.nextLong();
			case 4 -> random.nextBoolean();
			case 5 -> (short) random.nextInt();
			case 6 -> random.nextDouble();
			case 7 -> Map.of("k", randomString(random));
			case 8 -> new byte[] { (byte) random.nextInt() };
			default -> randomNode(random, depth);
		};
	}

	private static JsonNode randomNode(Random random, int depth) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		int kind = random.nextInt((depth > 3) ? 7 : 9);
		return switch (kind) {
			case 0 -> nodes.stringNode(randomString(random));
			case 1 -> nodes.numberNode(random.nextInt());
			case 2 -> nodes.numberNode(random.nextLong());
			case 3 -> nodes.numberNode((short) random.nextInt());
			case 4 -> nodes.booleanNode(random.nextBoolean());
			case 5 -> nodes.nullNode();
			case 6 ->
				random.nextInt(8) == 0 ? nodes.numberNode(random.nextDouble()) : nodes.binaryNode(new byte[] { 1 });
			case 7 -> {
				ArrayNode array = nodes.arrayNode();
				for (int i = random.nextInt(4); i > 0; i--) {
					array.add(randomNode(random, depth + 1));
				}
				yield array;
			}
			default -> {
				ObjectNode object = nodes.objectNode();
				for (int i = random.nextInt(4); i > 0; i--) {
					object.set(randomString(random), randomNode(random, depth + 1));
				}
				yield object;
			}
		};
	}

	private static String randomString(Random random) {
		List<String> pieces = new ArrayList<>(List.of("a", "Z", "0", " ", "/", "<", "&", "'", "\"", "\\", "\n", "\t",
				"\b", "\f", "\r", "\u0000", "\u0001", "\u001f", "\u007f", "\u0080", "\u00e9", "\u07ff", "\u0800",
				"\u2028", "\uffff", "\ud83d\ude00", "\ud800", "\udc00"));
		StringBuilder text = new StringBuilder();
		for (int i = random.nextInt(10); i > 0; i--) {
			text.append(pieces.get(random.nextInt(pieces.size())));
		}
		return text.toString();
	}

}
