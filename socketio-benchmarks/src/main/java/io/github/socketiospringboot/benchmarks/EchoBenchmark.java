package io.github.socketiospringboot.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.server.SocketIOServer;
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

/**
 * One event with an acknowledgement, answered by a listener with its argument, as the
 * harness's {@code echo} scenario sends it ({@code 42<id>["echo","<100 bytes>"]}): the
 * Engine.IO session, the decoder, the listener's dispatch, the acknowledgement's encoding
 * and its write on an in-process connection. The score is events per second; its inverse
 * is the server's own cost of one echo, without the network and the kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EchoBenchmark {

	/** Ids cycle through this many requests, each built once. */
	private static final int IDS = 1024;

	private SocketIOServer io;

	private InProcessConnection connection;

	private final String[] requests = new String[IDS];

	private long sent;

	@Setup
	public void setUp() {
		this.io = InProcessConnection.server();
		// what the harness's bench server does
		this.io.onConnection((socket) -> socket.on("echo", (event) -> event.ack(event.args().get(0))));
		this.connection = InProcessConnection.open(EngineAccess.engine(this.io));
		this.connection.receive("40");
		if (this.io.sockets().sockets().size() != 1) {
			throw new IllegalStateException("The in-process client did not connect");
		}
		String pad = "x".repeat(100);
		for (int i = 0; i < IDS; i++) {
			this.requests[i] = "42" + i + "[\"echo\",\"" + pad + "\"]";
		}
	}

	@TearDown
	public void tearDown() {
		long frames = this.connection.frames();
		this.io.close();
		// the handshake, the connect answer, then one acknowledgement per event
		if (frames != this.sent + 2) {
			throw new IllegalStateException(frames + " frames written for " + this.sent + " events");
		}
	}

	/**
	 * {@code 42<id>["echo","xx..."]} in, {@code 43<id>["xx..."]} out.
	 * @return the frames written so far
	 */
	@Benchmark
	public long echo() {
		this.connection.receive(this.requests[(int) (this.sent++ & (IDS - 1))]);
		return this.connection.frames();
	}

}
