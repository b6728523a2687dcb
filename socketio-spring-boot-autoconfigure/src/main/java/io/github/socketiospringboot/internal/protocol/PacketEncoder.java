package io.github.socketiospringboot.internal.protocol;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.github.socketiospringboot.internal.engine.protocol.EnginePacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.Base64Variant;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.JsonGeneratorDelegate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes Socket.IO v5 packets once into Engine.IO frames, writing compact JSON with the
 * application's mapper. Every binary value met while serializing (byte arrays,
 * {@code ByteBuffer}s, binary JSON nodes, at any depth) becomes a placeholder numbered
 * depth-first and travels as a separate binary attachment. Thread-safe.
 */
public final class PacketEncoder {

	private static final byte[] SID_PROPERTY = "{\"sid\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] PID_PROPERTY = ",\"pid\":".getBytes(StandardCharsets.US_ASCII);

	private final ObjectMapper mapper;

	private final ByteBufAllocator allocator;

	/**
	 * Whether plain arguments skip the Jackson generator (see {@link PlainJsonWriter}).
	 */
	private final boolean plainJson;

	/**
	 * Creates an encoder.
	 * @param mapper the mapper that serializes the arguments
	 * @param allocator where the frames are allocated
	 */
	public PacketEncoder(ObjectMapper mapper, ByteBufAllocator allocator) {
		this(mapper, allocator, true);
	}

	PacketEncoder(ObjectMapper mapper, ByteBufAllocator allocator, boolean plainJson) {
		this.mapper = mapper;
		this.allocator = allocator;
		this.plainJson = plainJson && writesPlainJsonAsTheMapperDoes();
	}

	/**
	 * Tells whether the mapper writes a sample of every kind the plain writer handles
	 * (escapes, non-ASCII text, numbers, booleans, nulls, nested trees with unsorted and
	 * null properties) with the same bytes: a mapper configured otherwise (indentation,
	 * other escapes, sorted properties, numbers as strings...) keeps the generator.
	 */
	private boolean writesPlainJsonAsTheMapperDoes() {
		ObjectNode tree = this.mapper.createObjectNode();
		tree.put("b", 1).putNull("a").putArray("c").add(false).add("x").add(-9007199254740993L);
		tree.putObject("d").put("\u00e9\n", (short) 3);
		Object[] sample = { "/\u0001\u001f\u007f\u00e9\n\t\b\f\r\"\\\u2028\ud83d\ude00<>&'", 7, -9007199254740993L,
				true, false, null, tree, tree.path("c") };
		EncodedPacket generated = encode(PacketType.ACK, "/", 1, (gen) -> {
			gen.writeStartArray();
			writeArgs(gen, sample);
			gen.writeEndArray();
		});
		EncodedPacket plain = encodePlain(PacketType.ACK, "/", 1, null, sample);
		try {
			return plain != null && plain.frames().get(0).content().equals(generated.frames().get(0).content());
		}
		finally {
			generated.release();
			if (plain != null) {
				plain.release();
			}
		}
	}

	/**
	 * Tells whether plain arguments are written without the mapper's generator.
	 * @return whether the plain writer is in use
	 */
	boolean writesPlainJson() {
		return this.plainJson;
	}

	/**
	 * Returns the mapper used for arguments.
	 * @return the mapper
	 */
	public ObjectMapper mapper() {
		return this.mapper;
	}

	/**
	 * Encodes an event.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param args the arguments, serialized by the mapper
	 * @param ackId the acknowledgement id, or {@link Packet#NO_ACK}
	 * @return the encoded packet, owned by the caller
	 */
	public EncodedPacket event(String namespace, String event, @Nullable Object[] args, long ackId) {
		EncodedPacket plain = this.plainJson ? encodePlain(PacketType.EVENT, namespace, ackId, event, args) : null;
		if (plain != null) {
			return plain;
		}
		return encode(PacketType.EVENT, namespace, ackId, (gen) -> {
			gen.writeStartArray();
			gen.writeString(event);
			writeArgs(gen, args);
			gen.writeEndArray();
		});
	}

	/**
	 * Encodes an acknowledgement.
	 * @param namespace the namespace
	 * @param ackId the id of the acknowledged event
	 * @param args the answer's arguments
	 * @return the encoded packet, owned by the caller
	 */
	public EncodedPacket ack(String namespace, long ackId, @Nullable Object[] args) {
		EncodedPacket plain = this.plainJson ? encodePlain(PacketType.ACK, namespace, ackId, null, args) : null;
		if (plain != null) {
			return plain;
		}
		return encode(PacketType.ACK, namespace, ackId, (gen) -> {
			gen.writeStartArray();
			writeArgs(gen, args);
			gen.writeEndArray();
		});
	}

	/**
	 * Encodes the answer to a successful connection: {@code {"sid":"..."}}.
	 * @param namespace the namespace
	 * @param socketId the new socket's id
	 * @return the encoded packet, owned by the caller
	 */
	public EncodedPacket connect(String namespace, String socketId) {
		return connect(namespace, socketId, null);
	}

	/**
	 * Encodes the answer to a successful connection with connection state recovery:
	 * {@code {"sid":"...","pid":"..."}}.
	 * @param namespace the namespace
	 * @param socketId the socket's id
	 * @param pid the private session id the client sends back to be restored, or
	 * {@code null} to leave it out
	 * @return the encoded packet, owned by the caller
	 */
	public EncodedPacket connect(String namespace, String socketId, @Nullable String pid) {
		if (this.plainJson) {
			// ids are plain strings: written straight into the frame, as the mapper
			// would
			ByteBuf text = this.allocator.buffer(EngineFrame.WEBSOCKET_HEADROOM + 32 + namespace.length()
					+ socketId.length() + ((pid != null) ? pid.length() + 8 : 0));
			text.setIndex(EngineFrame.WEBSOCKET_HEADROOM, EngineFrame.WEBSOCKET_HEADROOM);
			writeHeader(text, PacketType.CONNECT, 0, namespace, Packet.NO_ACK);
			text.writeBytes(SID_PROPERTY);
			boolean plain = PlainJsonWriter.writeString(text, socketId);
			if (plain && pid != null) {
				text.writeBytes(PID_PROPERTY);
				plain = PlainJsonWriter.writeString(text, pid);
			}
			if (plain) {
				text.writeByte('}');
				return new EncodedPacket(new EngineFrame[] { EngineFrame.withWebSocketHeader(text, false) });
			}
			text.release();
		}
		return encode(PacketType.CONNECT, namespace, Packet.NO_ACK, (gen) -> {
			gen.writeStartObject();
			gen.writeStringProperty("sid", socketId);
			if (pid != null) {
				gen.writeStringProperty("pid", pid);
			}
			gen.writeEndObject();
		});
	}

	/**
	 * Encodes a refused connection: {@code {"message":"...","data":...}}.
	 * @param namespace the namespace
	 * @param message the reason
	 * @param data details for the client, omitted when {@code null}
	 * @return the encoded packet, owned by the caller
	 */
	public EncodedPacket connectError(String namespace, String message, @Nullable Object data) {
		return encode(PacketType.CONNECT_ERROR, namespace, Packet.NO_ACK, (gen) -> {
			gen.writeStartObject();
			gen.writeStringProperty("message", message);
			if (data != null) {
				gen.writeName("data");
				this.mapper.writeValue(gen, data);
			}
			gen.writeEndObject();
		});
	}

	/**
	 * Encodes a disconnection from a namespace.
	 * @param namespace the namespace
	 * @return the encoded packet, owned by the caller
	 */
	public EncodedPacket disconnect(String namespace) {
		return encode(PacketType.DISCONNECT, namespace, Packet.NO_ACK, null);
	}

	private void writeArgs(JsonGenerator gen, @Nullable Object[] args) {
		for (Object arg : args) {
			if (arg == null) {
				gen.writeNull();
			}
			else if (arg instanceof String text) {
				gen.writeString(text);
			}
			else if (arg instanceof Integer number) {
				gen.writeNumber(number);
			}
			else if (arg instanceof Long number) {
				gen.writeNumber(number);
			}
			else if (arg instanceof Boolean bool) {
				gen.writeBoolean(bool);
			}
			else {
				this.mapper.writeValue(gen, arg);
			}
		}
	}

	/**
	 * Encodes an event or acknowledgement whose arguments are all plain, with no
	 * attachment, straight into the frame.
	 * @return the packet, or {@code null} when an argument needs the mapper
	 */
	private @Nullable EncodedPacket encodePlain(PacketType type, String namespace, long ackId, @Nullable String event,
			@Nullable Object[] args) {
		ByteBuf text = this.allocator.buffer(EngineFrame.WEBSOCKET_HEADROOM + 32 + namespace.length()
				+ ((event != null) ? event.length() : 0) + PlainJsonWriter.estimateSize(args));
		text.setIndex(EngineFrame.WEBSOCKET_HEADROOM, EngineFrame.WEBSOCKET_HEADROOM);
		writeHeader(text, type, 0, namespace, ackId);
		text.writeByte('[');
		boolean plain = (event == null || PlainJsonWriter.writeString(text, event))
				&& PlainJsonWriter.writeElements(text, event == null, args);
		if (!plain) {
			text.release();
			return null;
		}
		text.writeByte(']');
		return new EncodedPacket(new EngineFrame[] { EngineFrame.withWebSocketHeader(text, false) });
	}

	private static void writeHeader(ByteBuf text, PacketType wireType, int attachmentCount, String namespace,
			long ackId) {
		text.writeByte(EnginePacketType.MESSAGE.code());
		text.writeByte(wireType.code());
		if (attachmentCount > 0) {
			ByteBufUtil.writeAscii(text, Integer.toString(attachmentCount));
			text.writeByte('-');
		}
		if (!"/".equals(namespace)) {
			text.writeCharSequence(namespace, java.nio.charset.StandardCharsets.UTF_8);
			text.writeByte(',');
		}
		if (ackId >= 0) {
			PlainJsonWriter.writeLong(text, ackId);
		}
	}

	private EncodedPacket encode(PacketType type, String namespace, long ackId, @Nullable PayloadWriter payload) {
		List<byte[]> attachments = null;
		ByteBuf json = null;
		if (payload != null) {
			json = this.allocator.buffer(128);
			try (OutputStream out = new ByteBufOutputStream(json);
					JsonGenerator base = this.mapper.createGenerator(out);
					PlaceholderGenerator gen = new PlaceholderGenerator(base)) {
				payload.write(gen);
				attachments = gen.attachments;
			}
			catch (java.io.IOException | RuntimeException ex) {
				json.release();
				throw (ex instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException("Cannot encode packet", ex);
			}
		}
		int attachmentCount = (attachments != null) ? attachments.size() : 0;
		PacketType wireType = type;
		if (attachmentCount > 0) {
			wireType = (type == PacketType.EVENT) ? PacketType.BINARY_EVENT : PacketType.BINARY_ACK;
		}
		ByteBuf text = this.allocator.buffer(
				EngineFrame.WEBSOCKET_HEADROOM + 24 + namespace.length() + ((json != null) ? json.readableBytes() : 0));
		text.setIndex(EngineFrame.WEBSOCKET_HEADROOM, EngineFrame.WEBSOCKET_HEADROOM);
		writeHeader(text, wireType, attachmentCount, namespace, ackId);
		if (json != null) {
			text.writeBytes(json);
			json.release();
		}
		EngineFrame[] frames = new EngineFrame[1 + attachmentCount];
		frames[0] = EngineFrame.withWebSocketHeader(text, false);
		for (int i = 0; i < attachmentCount; i++) {
			frames[i + 1] = EngineFrame.wrapBinary(Unpooled.wrappedBuffer(attachments.get(i)));
		}
		return new EncodedPacket(frames);
	}

	@FunctionalInterface
	private interface PayloadWriter {

		void write(JsonGenerator gen);

	}

	/**
	 * Replaces every binary value with a placeholder and keeps the bytes as attachments.
	 */
	private static final class PlaceholderGenerator extends JsonGeneratorDelegate {

		final List<byte[]> attachments = new ArrayList<>(0);

		PlaceholderGenerator(JsonGenerator delegate) {
			super(delegate, false);
		}

		@Override
		public JsonGenerator writeBinary(Base64Variant variant, byte[] data, int offset, int length) {
			byte[] copy = (offset == 0 && length == data.length) ? data
					: java.util.Arrays.copyOfRange(data, offset, offset + length);
			writePlaceholder(copy);
			return this;
		}

		@Override
		public int writeBinary(Base64Variant variant, java.io.InputStream data, int length) {
			try {
				byte[] bytes = (length < 0) ? data.readAllBytes() : data.readNBytes(length);
				writePlaceholder(bytes);
				return bytes.length;
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException("Cannot read binary argument", ex);
			}
		}

		private void writePlaceholder(byte[] bytes) {
			int num = this.attachments.size();
			this.attachments.add(bytes);
			JsonGenerator gen = delegate();
			gen.writeStartObject();
			gen.writeBooleanProperty("_placeholder", true);
			gen.writeNumberProperty("num", num);
			gen.writeEndObject();
		}

	}

}
