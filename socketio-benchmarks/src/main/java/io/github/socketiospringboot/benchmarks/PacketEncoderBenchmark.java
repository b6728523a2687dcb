package io.github.socketiospringboot.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.github.socketiospringboot.internal.protocol.EncodedPacket;
import io.github.socketiospringboot.internal.protocol.Packet;
import io.github.socketiospringboot.internal.protocol.PacketEncoder;
import io.netty.buffer.ByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encoding one Socket.IO packet into its Engine.IO frames, as a broadcast or an
 * acknowledgement does once per packet: the harness's broadcast event from a JSON tree
 * (what a handler relays), a map and a record, an acknowledgement, and an event with a
 * binary attachment. Each encoded packet is released at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketEncoderBenchmark {

	private PacketEncoder encoder;

	private Object[] treeArgs;

	private Object[] mapArgs;

	private Object[] recordArgs;

	private Object[] ackArgs;

	private Object[] binaryArgs;

	private long ackId;

	@Setup
	public void setUp() {
		// the server's own encoder settings: the shared mapper, Netty's default allocator
		this.encoder = new PacketEncoder(JsonMapper.shared(), ByteBufAllocator.DEFAULT);
		this.treeArgs = new Object[] { Payloads.broadcastNode() };
		this.mapArgs = new Object[] { Payloads.broadcastMap() };
		this.recordArgs = new Object[] { Payloads.broadcastRecord() };
		this.ackArgs = new Object[] { Payloads.PAD };
		this.binaryArgs = new Object[] { Payloads.upload() };
		this.ackId = 12345;
	}

	/**
	 * {@code 42["msg",{"t":123456789,"seq":42,"pad":"xxx..."}]} from a JSON tree.
	 * @return the encoded length
	 */
	@Benchmark
	public int eventFromJsonNode() {
		return lengthAndRelease(this.encoder.event("/", "msg", this.treeArgs, Packet.NO_ACK));
	}

	/**
	 * The same event from a map.
	 * @return the encoded length
	 */
	@Benchmark
	public int eventFromMap() {
		return lengthAndRelease(this.encoder.event("/", "msg", this.mapArgs, Packet.NO_ACK));
	}

	/**
	 * The same event from a record.
	 * @return the encoded length
	 */
	@Benchmark
	public int eventFromRecord() {
		return lengthAndRelease(this.encoder.event("/", "msg", this.recordArgs, Packet.NO_ACK));
	}

	/**
	 * {@code 43<id>["xxx..."]}: the answer to the harness's echo.
	 * @return the encoded length
	 */
	@Benchmark
	public int ack() {
		return lengthAndRelease(this.encoder.ack("/", this.ackId, this.ackArgs));
	}

	/**
	 * {@code 451-["upload",{"seq":42,"data":{"_placeholder":true,"num":0}}]} and its
	 * attachment of 1 KiB.
	 * @return the encoded length of the packet and its attachment
	 */
	@Benchmark
	public int binaryEvent() {
		return lengthAndRelease(this.encoder.event("/", "upload", this.binaryArgs, Packet.NO_ACK));
	}

	private static int lengthAndRelease(EncodedPacket packet) {
		try {
			int length = 0;
			for (EngineFrame frame : packet.frames()) {
				length += frame.length();
			}
			return length;
		}
		finally {
			packet.release();
		}
	}

}
