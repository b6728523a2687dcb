package io.github.socketiospringboot.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes the Socket.IO v5 packets of one connection, validating them as the reference
 * parser does and putting binary attachments back in place of their placeholders. Not
 * thread-safe: one decoder per connection, fed in order.
 */
public final class PacketDecoder {

	/** Event names a client may not use. */
	public static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect", "disconnecting",
			"newListener", "removeListener");

	private final ObjectMapper mapper;

	private final int maxAttachments;

	private final JsonTreeReader trees;

	private @Nullable Packet pending;

	private int expectedAttachments;

	private @Nullable List<byte[]> attachments;

	/**
	 * Creates a decoder.
	 * @param mapper the mapper that parses the JSON payloads
	 * @param maxAttachments the most binary attachments a packet may announce
	 */
	public PacketDecoder(ObjectMapper mapper, int maxAttachments) {
		this(mapper, maxAttachments, new JsonTreeReader(mapper));
	}

	private PacketDecoder(ObjectMapper mapper, int maxAttachments, JsonTreeReader trees) {
		this.mapper = mapper;
		this.maxAttachments = maxAttachments;
		this.trees = trees;
	}

	/**
	 * Creates a decoder with this one's settings and none of its state, for another
	 * connection: what only reads its settings is shared.
	 * @return the new decoder
	 */
	public PacketDecoder copy() {
		return new PacketDecoder(this.mapper, this.maxAttachments, this.trees);
	}

	/**
	 * Tells whether the decoder waits for binary attachments.
	 * @return whether a binary packet is incomplete
	 */
	public boolean isAwaitingAttachments() {
		return this.pending != null;
	}

	/**
	 * Decodes a text message.
	 * @param text the message
	 * @return the packet, or {@code null} when it announced attachments still to come
	 * @throws SocketIOProtocolException when the message is not a valid packet
	 */
	public @Nullable Packet decode(String text) {
		if (this.pending != null) {
			throw new SocketIOProtocolException("got plaintext data when reconstructing a packet");
		}
		if (text.isEmpty()) {
			throw new SocketIOProtocolException("empty packet");
		}
		PacketType type = PacketType.fromCode(text.charAt(0));
		if (type == null) {
			throw new SocketIOProtocolException("unknown packet type " + text.charAt(0));
		}
		int length = text.length();
		int i = 1;
		int attachmentCount = 0;
		if (type.isBinary()) {
			int dash = text.indexOf('-', i);
			if (dash < 0 || dash == i || !isDigits(text, i, dash) || dash - i > 9) {
				throw new SocketIOProtocolException("illegal attachments");
			}
			attachmentCount = Integer.parseInt(text, i, dash, 10);
			if (attachmentCount > this.maxAttachments) {
				throw new SocketIOProtocolException("too many attachments");
			}
			i = dash + 1;
		}
		String namespace = "/";
		if (i < length && text.charAt(i) == '/') {
			int comma = text.indexOf(',', i);
			int end = (comma < 0) ? length : comma;
			namespace = text.substring(i, end);
			i = (comma < 0) ? length : comma + 1;
		}
		long ackId = Packet.NO_ACK;
		int idStart = i;
		while (i < length && isDigit(text.charAt(i))) {
			i++;
		}
		if (i > idStart) {
			if (i - idStart > 15) {
				throw new SocketIOProtocolException("invalid ack id");
			}
			ackId = Long.parseLong(text, idStart, i, 10);
		}
		JsonNode data = null;
		if (i < length) {
			data = this.trees.read(text, i);
			if (data == null) {
				try {
					data = this.mapper.readTree(text.substring(i));
				}
				catch (JacksonException ex) {
					throw new SocketIOProtocolException("invalid payload");
				}
			}
		}
		validate(type, data);
		if (type.isBinary()) {
			PacketType folded = (type == PacketType.BINARY_EVENT) ? PacketType.EVENT : PacketType.ACK;
			Packet header = new Packet(folded, namespace, ackId, data);
			if (attachmentCount == 0) {
				return header;
			}
			this.pending = header;
			this.expectedAttachments = attachmentCount;
			this.attachments = new ArrayList<>(attachmentCount);
			return null;
		}
		return new Packet(type, namespace, ackId, data);
	}

	/**
	 * Decodes a binary message: the next attachment of the pending packet.
	 * @param bytes the attachment
	 * @return the complete packet once its last attachment arrived, otherwise
	 * {@code null}
	 * @throws SocketIOProtocolException when no binary packet waits for attachments
	 */
	public @Nullable Packet decodeBinary(byte[] bytes) {
		Packet header = this.pending;
		List<byte[]> received = this.attachments;
		if (header == null || received == null) {
			throw new SocketIOProtocolException("got binary data when not reconstructing a packet");
		}
		received.add(bytes);
		if (received.size() < this.expectedAttachments) {
			return null;
		}
		this.pending = null;
		this.attachments = null;
		JsonNode data = header.data();
		JsonNode rebuilt = (data != null) ? reconstruct(data, received) : null;
		return new Packet(header.type(), header.namespace(), header.ackId(), rebuilt);
	}

	private static JsonNode reconstruct(JsonNode node, List<byte[]> buffers) {
		if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				array.set(i, reconstruct(array.get(i), buffers));
			}
			return array;
		}
		if (node instanceof ObjectNode object) {
			JsonNode marker = object.get("_placeholder");
			if (marker != null && marker.isBoolean() && marker.booleanValue()) {
				JsonNode num = object.get("num");
				if (num == null || !num.isIntegralNumber() || num.asLong() < 0 || num.asLong() >= buffers.size()) {
					throw new SocketIOProtocolException("illegal attachments");
				}
				return BinaryNode.valueOf(buffers.get(num.asInt()));
			}
			for (String name : List.copyOf(object.propertyNames())) {
				object.set(name, reconstruct(object.get(name), buffers));
			}
		}
		return node;
	}

	private static void validate(PacketType type, @Nullable JsonNode data) {
		boolean valid = switch (type) {
			case CONNECT -> data == null || data.isObject();
			case DISCONNECT -> data == null;
			case CONNECT_ERROR -> data != null && (data.isString() || data.isObject());
			case EVENT, BINARY_EVENT -> data != null && data.isArray() && isValidEventName(data.get(0));
			case ACK, BINARY_ACK -> data == null || data.isArray();
		};
		if (!valid) {
			throw new SocketIOProtocolException("invalid payload");
		}
	}

	private static boolean isValidEventName(@Nullable JsonNode name) {
		if (name == null) {
			return false;
		}
		return name.isNumber() || (name.isString() && !RESERVED_EVENTS.contains(name.stringValue()));
	}

	private static boolean isDigits(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!isDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
