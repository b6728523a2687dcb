package io.github.socketiospringboot.internal.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the small JSON payloads most packets carry (arrays and objects of plain strings,
 * integers, booleans and nulls) straight into the mapper's tree nodes, without setting up
 * a Jackson parser per packet. It gives up, returning {@code null}, on anything it does
 * not read exactly as the mapper would (escapes, fractions and exponents, very large
 * numbers, deep nesting, malformed input, anything near the mapper's read constraints):
 * the caller then hands the text to the mapper, which also produces the errors. The trees
 * it does produce are equal to the mapper's.
 */
final class JsonTreeReader {

	private static final int MAX_DEPTH = 32;

	private static final int MAX_DIGITS = 18;

	private final JsonNodeFactory factory;

	private final boolean integers;

	private final boolean objects;

	private final int maxDepth;

	private final int maxDigits;

	private final int maxString;

	private final int maxName;

	private final long maxDocument;

	private final boolean enabled;

	JsonTreeReader(ObjectMapper mapper) {
		StreamReadConstraints limits = mapper.tokenStreamFactory().streamReadConstraints();
		// one short of each limit, so that the mapper, not this reader, meets its edges
		this.maxDepth = Math.min(MAX_DEPTH, limits.getMaxNestingDepth() - 1);
		this.maxDigits = Math.min(MAX_DIGITS, limits.getMaxNumberLength() - 1);
		this.maxString = limits.getMaxStringLength() - 1;
		this.maxName = limits.getMaxNameLength() - 1;
		this.maxDocument = limits.getMaxDocumentLength() - 1;
		// a token budget is the mapper's to count
		this.enabled = limits.getMaxTokenCount() <= 0;
		this.factory = mapper.getNodeFactory();
		this.integers = !mapper.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
				&& !mapper.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS);
		this.objects = mapper.isEnabled(JsonNodeFeature.READ_NULL_PROPERTIES)
				&& !mapper.isEnabled(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
	}

	/**
	 * Reads the JSON value that spans {@code text} from {@code start} to its end.
	 * @param text the text
	 * @param start where the value starts
	 * @return the tree, or {@code null} when the mapper must read it
	 */
	@Nullable JsonNode read(String text, int start) {
		if (!this.enabled || (this.maxDocument >= 0 && text.length() - start > this.maxDocument)) {
			return null;
		}
		Cursor cursor = new Cursor(text, start);
		JsonNode value = cursor.value(0);
		if (value == null) {
			return null;
		}
		cursor.skipWhitespace();
		return (cursor.pos == text.length()) ? value : null;
	}

	private final class Cursor {

		private final String text;

		private final int end;

		private int pos;

		Cursor(String text, int start) {
			this.text = text;
			this.end = text.length();
			this.pos = start;
		}

		void skipWhitespace() {
			while (this.pos < this.end) {
				char c = this.text.charAt(this.pos);
				if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
					return;
				}
				this.pos++;
			}
		}

		@Nullable JsonNode value(int depth) {
			skipWhitespace();
			if (this.pos >= this.end) {
				return null;
			}
			char c = this.text.charAt(this.pos);
			switch (c) {
				case '[':
					return (depth < JsonTreeReader.this.maxDepth) ? array(depth + 1) : null;
				case '{':
					return (depth < JsonTreeReader.this.maxDepth && JsonTreeReader.this.objects) ? object(depth + 1)
							: null;
				case '"':
					String string = string(JsonTreeReader.this.maxString);
					return (string != null) ? JsonTreeReader.this.factory.stringNode(string) : null;
				case 't':
					return literal("true") ? JsonTreeReader.this.factory.booleanNode(true) : null;
				case 'f':
					return literal("false") ? JsonTreeReader.this.factory.booleanNode(false) : null;
				case 'n':
					return literal("null") ? JsonTreeReader.this.factory.nullNode() : null;
				default:
					return (c == '-' || (c >= '0' && c <= '9')) ? number() : null;
			}
		}

		private @Nullable JsonNode array(int depth) {
			this.pos++;
			ArrayNode array = JsonTreeReader.this.factory.arrayNode();
			skipWhitespace();
			if (this.pos < this.end && this.text.charAt(this.pos) == ']') {
				this.pos++;
				return array;
			}
			while (true) {
				JsonNode element = value(depth);
				if (element == null) {
					return null;
				}
				array.add(element);
				skipWhitespace();
				if (this.pos >= this.end) {
					return null;
				}
				char c = this.text.charAt(this.pos++);
				if (c == ']') {
					return array;
				}
				if (c != ',') {
					return null;
				}
			}
		}

		private @Nullable JsonNode object(int depth) {
			this.pos++;
			ObjectNode object = JsonTreeReader.this.factory.objectNode();
			skipWhitespace();
			if (this.pos < this.end && this.text.charAt(this.pos) == '}') {
				this.pos++;
				return object;
			}
			while (true) {
				skipWhitespace();
				if (this.pos >= this.end || this.text.charAt(this.pos) != '"') {
					return null;
				}
				String name = string(JsonTreeReader.this.maxName);
				if (name == null) {
					return null;
				}
				skipWhitespace();
				if (this.pos >= this.end || this.text.charAt(this.pos) != ':') {
					return null;
				}
				this.pos++;
				JsonNode value = value(depth);
				if (value == null) {
					return null;
				}
				// a repeated name keeps its last value, as the mapper does by default
				object.set(name, value);
				skipWhitespace();
				if (this.pos >= this.end) {
					return null;
				}
				char c = this.text.charAt(this.pos++);
				if (c == '}') {
					return object;
				}
				if (c != ',') {
					return null;
				}
			}
		}

		/**
		 * Reads a string without escapes, the cursor on its opening quote.
		 */
		private @Nullable String string(int maxLength) {
			// the closing quote by the JDK's vectorized search, then one pass over the
			// span for what only the mapper decodes (escapes) or refuses (control
			// characters)
			String source = this.text;
			int start = this.pos + 1;
			int close = source.indexOf('"', start);
			if (close < 0 || close - start > maxLength) {
				return null;
			}
			for (int i = start; i < close; i++) {
				char c = source.charAt(i);
				if (c == '\\' || c < 0x20) {
					return null;
				}
			}
			this.pos = close + 1;
			return source.substring(start, close);
		}

		private boolean literal(String word) {
			if (this.text.startsWith(word, this.pos)) {
				this.pos += word.length();
				return true;
			}
			return false;
		}

		/**
		 * Reads an integer of at most 18 digits; anything else is left to the mapper.
		 */
		private @Nullable JsonNode number() {
			if (!JsonTreeReader.this.integers) {
				return null;
			}
			boolean negative = this.text.charAt(this.pos) == '-';
			if (negative) {
				this.pos++;
			}
			int start = this.pos;
			long value = 0;
			while (this.pos < this.end) {
				char c = this.text.charAt(this.pos);
				if (c < '0' || c > '9') {
					break;
				}
				value = value * 10 + (c - '0');
				this.pos++;
			}
			int digits = this.pos - start;
			if (digits == 0 || digits > JsonTreeReader.this.maxDigits
					|| (digits > 1 && this.text.charAt(start) == '0')) {
				return null;
			}
			if (this.pos < this.end) {
				char next = this.text.charAt(this.pos);
				if (next == '.' || next == 'e' || next == 'E') {
					return null;
				}
			}
			if (negative) {
				value = -value;
			}
			return (value == (int) value) ? JsonTreeReader.this.factory.numberNode((int) value)
					: JsonTreeReader.this.factory.numberNode(value);
		}

	}

}
