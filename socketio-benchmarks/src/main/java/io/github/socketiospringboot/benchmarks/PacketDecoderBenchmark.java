package io.github.socketiospringboot.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.internal.engine.protocol.InboundPacket;
import io.github.socketiospringboot.internal.protocol.Packet;
import io.github.socketiospringboot.internal.protocol.PacketDecoder;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decoding the packets a client sends, as one connection's decoder does (the text after
 * the Engine.IO message type): the harness's {@code bcast} event, an {@code echo} event
 * that asks for an acknowledgement, an acknowledgement, and an event with a binary
 * attachment of 1 KiB. The step before it, the Engine.IO packet made from a WebSocket
 * text frame's bytes (decoded and checked as UTF-8), is measured on the echo's frame and
 * on a frame of the same size that is not ASCII.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketDecoderBenchmark {

	private PacketDecoder decoder;

	private String broadcastEvent;

	private String echoEvent;

	private String ack;

	private String binaryEvent;

	private byte[] attachment;

	private ByteBuf echoFrame;

	private ByteBuf nonAsciiFrame;

	@Setup
	public void setUp() {
		// one decoder per connection, with the server's defaults
		this.decoder = new PacketDecoder(JsonMapper.shared(), SocketIOOptions.DEFAULT_MAX_ATTACHMENTS);
		this.broadcastEvent = "2[\"bcast\"," + Payloads.BROADCAST_JSON + "]";
		this.echoEvent = "212345[\"echo\",\"" + Payloads.PAD + "\"]";
		this.ack = "312345[\"ok\"]";
		this.binaryEvent = "51-[\"upload\",{\"seq\":42,\"data\":{\"_placeholder\":true,\"num\":0}}]";
		this.attachment = Payloads.attachment();
		// as Netty's frame decoder hands them over: pooled direct buffers
		this.echoFrame = frame("4" + this.echoEvent);
		this.nonAsciiFrame = frame("42[\"chat\",\"" + "h\u00e9llo w\u00f6rld \u2713 \ud83d\ude00 ".repeat(4) + "\"]");
	}

	private static ByteBuf frame(String text) {
		ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer();
		frame.writeCharSequence(text, StandardCharsets.UTF_8);
		return frame;
	}

	@TearDown
	public void tearDown() {
		this.echoFrame.release();
		this.nonAsciiFrame.release();
	}

	/**
	 * {@code 2["bcast",{"t":123456789,"seq":42,"pad":"xxx..."}]}.
	 * @return the packet
	 */
	@Benchmark
	public Packet broadcastEvent() {
		return this.decoder.decode(this.broadcastEvent);
	}

	/**
	 * {@code 2<id>["echo","xxx..."]}.
	 * @return the packet
	 */
	@Benchmark
	public Packet eventWithAckId() {
		return this.decoder.decode(this.echoEvent);
	}

	/**
	 * {@code 3<id>["ok"]}.
	 * @return the packet
	 */
	@Benchmark
	public Packet ack() {
		return this.decoder.decode(this.ack);
	}

	/**
	 * The Engine.IO packet of the echo's WebSocket text frame,
	 * {@code 42<id>["echo","xxx..."]}: its text made from the frame's bytes.
	 * @return the packet
	 */
	@Benchmark
	public InboundPacket echoFrame() {
		return InboundPacket.decodeText(this.echoFrame);
	}

	/**
	 * The Engine.IO packet of a text frame of about the echo's size in accented Latin
	 * letters, a BMP symbol and an emoji, {@code 42["chat","héllo wörld ✓ 😀 ..."]}.
	 * @return the packet
	 */
	@Benchmark
	public InboundPacket nonAsciiFrame() {
		return InboundPacket.decodeText(this.nonAsciiFrame);
	}

	/**
	 * {@code 51-["upload",{"seq":42,"data":<placeholder>}]} followed by its attachment,
	 * put back in place of the placeholder.
	 * @return the packet
	 */
	@Benchmark
	public Packet binaryEvent() {
		if (this.decoder.decode(this.binaryEvent) != null) {
			throw new IllegalStateException("The binary event did not wait for its attachment");
		}
		return this.decoder.decodeBinary(this.attachment);
	}

}
