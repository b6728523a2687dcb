package io.github.socketiospringboot.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.protocol.Packet;
import io.github.socketiospringboot.protocol.PacketDecoder;
import io.github.socketiospringboot.server.SocketIOOptions;
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
 * Decoding the packets a client sends, as one connection's decoder does (the text after
 * the Engine.IO message type): the harness's {@code bcast} event, an {@code echo} event
 * that asks for an acknowledgement, an acknowledgement, and an event with a binary
 * attachment of 1 KiB.
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

	@Setup
	public void setUp() {
		// one decoder per connection, with the server's defaults
		this.decoder = new PacketDecoder(JsonMapper.shared(), SocketIOOptions.DEFAULT_MAX_ATTACHMENTS);
		this.broadcastEvent = "2[\"bcast\"," + Payloads.BROADCAST_JSON + "]";
		this.echoEvent = "212345[\"echo\",\"" + Payloads.PAD + "\"]";
		this.ack = "312345[\"ok\"]";
		this.binaryEvent = "51-[\"upload\",{\"seq\":42,\"data\":{\"_placeholder\":true,\"num\":0}}]";
		this.attachment = Payloads.attachment();
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
