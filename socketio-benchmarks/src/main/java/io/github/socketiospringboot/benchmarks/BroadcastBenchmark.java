package io.github.socketiospringboot.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.protocol.Packet;
import io.github.socketiospringboot.server.SocketIOServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * One broadcast to every socket of the main namespace, from {@code io.emit("msg", data)}
 * through the in-memory adapter to each socket's Engine.IO session, whose in-process
 * transport releases the frames: the encoding once, the adapter's walk over the sockets
 * and each session's send. With acknowledgements, {@code io.timeout(5s).emitWithAck("q")}
 * completes when every client has answered; the answers go through the session, the
 * decoder and the socket's acknowledgement callback as they would from a WebSocket.
 *
 * <p>
 * The score is broadcasts per second; divided into one second and by {@code clients}, it
 * gives the cost per recipient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BroadcastBenchmark {

	private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

	@Param({ "1000", "10000" })
	public int clients;

	private SocketIOServer io;

	private List<InProcessConnection> connections;

	private JsonNode data;

	private long cachedAckId = Packet.NO_ACK;

	private String cachedAnswer = "";

	@Setup
	public void setUp() {
		this.io = InProcessConnection.server();
		this.connections = new ArrayList<>(this.clients);
		for (int i = 0; i < this.clients; i++) {
			InProcessConnection connection = InProcessConnection.open(EngineAccess.engine(this.io));
			connection.receive("40");
			this.connections.add(connection);
		}
		int connected = this.io.fetchSockets().block(Duration.ofSeconds(10)).size();
		if (connected != this.clients) {
			throw new IllegalStateException(connected + " sockets connected, expected " + this.clients);
		}
		// what the harness's bench server relays: the tree a client sent
		this.data = Payloads.broadcastNode();
	}

	@TearDown
	public void tearDown() {
		long min = Long.MAX_VALUE;
		long max = 0;
		for (InProcessConnection connection : this.connections) {
			min = Math.min(min, connection.frames());
			max = Math.max(max, connection.frames());
		}
		this.io.close();
		// every client received every broadcast: the handshake, the connect answer, then
		// one frame per broadcast
		if (min != max || min < 3) {
			throw new IllegalStateException("Clients received between " + min + " and " + max + " frames");
		}
	}

	/**
	 * {@code io.emit("msg", data)}.
	 */
	@Benchmark
	public void emit() {
		this.io.emit("msg", this.data);
	}

	/**
	 * {@code io.timeout(5s).emitWithAck("q")}, every client answering {@code ["ok"]}.
	 * @return the number of answers
	 */
	@Benchmark
	public int emitWithAck() {
		CompletableFuture<List<Ack>> answers = this.io.timeout(ACK_TIMEOUT).emitWithAck("q").toFuture();
		for (InProcessConnection connection : this.connections) {
			long id = connection.takePendingAck();
			if (id != Packet.NO_ACK) {
				connection.receive(answer(id));
			}
		}
		List<Ack> acks = answers.getNow(null);
		if (acks == null || acks.size() != this.clients) {
			throw new IllegalStateException(
					"Expected " + this.clients + " answers, got " + ((acks != null) ? acks.size() : "none yet"));
		}
		return acks.size();
	}

	/**
	 * The client's answer {@code 43<id>["ok"]}, built once per id: building it is the
	 * client's work, not the server's.
	 */
	private String answer(long id) {
		if (id != this.cachedAckId) {
			this.cachedAckId = id;
			this.cachedAnswer = "43" + id + "[\"ok\"]";
		}
		return this.cachedAnswer;
	}

}
