package io.github.socketiospringboot.internal.protocol;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fast tree reader either reads a payload exactly as the mapper does or leaves it to
 * the mapper: it never produces a different tree, and never accepts what the mapper
 * rejects.
 */
class JsonTreeReaderTests {

	private static final String MUTATIONS = "\",:[]{}-0e.\\ x";

	private final ObjectMapper mapper = JsonMapper.shared();

	private final JsonTreeReader reader = new JsonTreeReader(this.mapper);

	@ParameterizedTest
	@ValueSource(strings = { "[\"ok\"]", "[]", "{}", "[\"echo\",{\"t\":123456789012,\"seq\":7,\"pad\":\"xxxx\"}]",
			"[1,-2,0,-0,2147483647,-2147483648,2147483648,-2147483649,999999999999999999]",
			" [ true , false , null , \"\" ] ", "{\"a\":{\"b\":[[],[{}]]},\"c\":null}", "\"plain\"", "42", "true",
			"[\"caf\u00e9 \u2603 \ud83d\ude00\"]", "{\"dup\":1,\"dup\":2}", "[\"tab\u007f\"]" })
	void readsWhatItSupportsExactlyAsTheMapperDoes(String json) {
		JsonNode fast = this.reader.read(json, 0);
		assertThat(fast).isNotNull().isEqualTo(this.mapper.readTree(json));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1.5]", "[1e3]", "[\"a\\\"b\"]", "[\"\\u0041\"]", "[1234567890123456789]", "[01]", "[-]",
			"[1,]", "[,1]", "[1 2]", "{\"a\"}", "{\"a\":}", "{a:1}", "[tru]", "[nulll]", "[\"open", "[", "[1]x",
			"[\"ctl\u0001\"]", "", "   ", "[1]]", "{\"a\":1,}", "[NaN]", "[+1]", "/*c*/[1]" })
	void leavesEverythingElseToTheMapper(String json) {
		assertThat(this.reader.read(json, 0)).isNull();
	}

	@Test
	void readsFromAnOffset() {
		String text = "2/chat,17[\"msg\",{\"n\":1}]";
		assertThat(this.reader.read(text, 9)).isEqualTo(this.mapper.readTree("[\"msg\",{\"n\":1}]"));
	}

	@Test
	void leavesNumbersToTheMapperWhenItReadsIntegersAsLongsOrBigIntegers() {
		ObjectMapper longs = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();
		assertThat(new JsonTreeReader(longs).read("[1]", 0)).isNull();
		assertThat(new JsonTreeReader(longs).read("[\"a\"]", 0)).isEqualTo(longs.readTree("[\"a\"]"));
	}

	@Test
	void leavesObjectsToTheMapperWhenItRejectsRepeatedNames() {
		ObjectMapper strict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();
		assertThat(new JsonTreeReader(strict).read("{\"a\":1}", 0)).isNull();
	}

	@Test
	void leavesWhatComesNearTheMappersReadConstraintsToTheMapper() {
		StreamReadConstraints limits = StreamReadConstraints.builder()
			.maxStringLength(4)
			.maxNameLength(3)
			.maxNestingDepth(2)
			.maxNumberLength(3)
			.build();
		ObjectMapper strict = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build()).build();
		JsonTreeReader constrained = new JsonTreeReader(strict);
		for (String json : List.of("[\"abcdef\"]", "{\"name\":1}", "[[[1]]]", "[123456]")) {
			assertThat(constrained.read(json, 0)).as(json).isNull();
			assertThatExceptionOfType(JacksonException.class).as(json).isThrownBy(() -> strict.readTree(json));
		}
		assertThat(constrained.read("[\"ab\",12]", 0)).isEqualTo(strict.readTree("[\"ab\",12]"));
	}

	@Test
	void neverDisagreesWithTheMapperOnRandomTreesAndTheirMutations() {
		Random random = new Random(20261126L);
		int fastReads = 0;
		for (int round = 0; round < 3000; round++) {
			String json = this.mapper.writeValueAsString(randomTree(random, 0));
			if (random.nextBoolean()) {
				json = json.replace(",", " , ").replace(":", " :\n");
			}
			fastReads += (check(json) ? 1 : 0);
			check(mutate(json, random));
		}
		assertThat(fastReads).as("trees without escapes or fractions are read by the fast path").isGreaterThan(1000);
	}

	/**
	 * Asserts that the reader agrees with the mapper on the text.
	 * @return whether the fast path read it
	 */
	private boolean check(String json) {
		JsonNode expected;
		try {
			expected = this.mapper.readTree(json);
		}
		catch (JacksonException ex) {
			expected = null;
		}
		JsonNode fast = this.reader.read(json, 0);
		if (fast != null) {
			assertThat(expected).as(json).isNotNull();
			assertThat(fast).as(json).isEqualTo(expected);
		}
		return fast != null;
	}

	private static String mutate(String json, Random random) {
		if (json.isEmpty()) {
			return json;
		}
		int at = random.nextInt(json.length());
		return switch (random.nextInt(4)) {
			case 0 -> json.substring(0, at);
			case 1 -> json.substring(0, at) + json.substring(at + 1);
			case 2 -> json.substring(0, at) + MUTATIONS.charAt(random.nextInt(MUTATIONS.length())) + json.substring(at);
			default -> json + json.substring(at);
		};
	}

	private static JsonNode randomTree(Random random, int depth) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		int kind = random.nextInt((depth > 4) ? 6 : 8);
		return switch (kind) {
			case 0 -> nodes.stringNode(randomString(random));
			case 1 -> nodes.numberNode(random.nextInt());
			case 2 -> nodes.numberNode(random.nextLong() >> random.nextInt(64));
			case 3 -> nodes.numberNode(random.nextDouble() * 1000);
			case 4 -> nodes.booleanNode(random.nextBoolean());
			case 5 -> nodes.nullNode();
			case 6 -> {
				ArrayNode array = nodes.arrayNode();
				for (int i = random.nextInt(5); i > 0; i--) {
					array.add(randomTree(random, depth + 1));
				}
				yield array;
			}
			default -> {
				ObjectNode object = nodes.objectNode();
				for (int i = random.nextInt(5); i > 0; i--) {
					object.set(randomString(random), randomTree(random, depth + 1));
				}
				yield object;
			}
		};
	}

	private static String randomString(Random random) {
		String alphabet = "abcXYZ 019_-\u00e9\u2603\"\\/\n\t\u0001";
		StringBuilder text = new StringBuilder();
		for (int i = random.nextInt(8); i > 0; i--) {
			// mostly plain characters, sometimes one the fast path leaves to the mapper
			int limit = (random.nextInt(4) == 0) ? alphabet.length() : 14;
			text.append(alphabet.charAt(random.nextInt(limit)));
		}
		return text.toString();
	}

}
