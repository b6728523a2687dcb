package io.github.socketiospringboot.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.internal.engine.EngineAccess;
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
 * One broadcast to a small room among many connected sockets, the chat-like traffic of
 * the harness's {@code rooms} presets: {@code clients} sockets of the main namespace,
 * socket {@code i} in room {@code r<i % rooms>} with rooms of {@link #ROOM_SIZE}, and the
 * broadcasts going to the rooms in turn. {@code emit} is
 * {@code io.to("r<k>").emit("msg", data)} from the benchmark's thread: the operator, the
 * encoding, the room's members in the in-memory adapter and each member's Engine.IO
 * session, down to an in-process transport that stands for a WebSocket and releases the
 * frames. {@code relay} is the harness's whole request: a publisher in no room sends
 * {@code 42["toroom",{"room":"r<k>","data":DATA}]}, and its handler, the bench server's,
 * does {@code io.to(room).emit("msg", data)}; the packet's decoding and the handler's
 * dispatch come on top.
 *
 * <p>
 * The score is broadcasts per second, each reaching {@link #ROOM_SIZE} sockets; the
 * in-process transport has no event loop, so every recipient is written to on the calling
 * thread (no hand-over to another loop).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoomBroadcastBenchmark {

	/** The members of a room, as in the harness's presets. */
	static final int ROOM_SIZE = 10;

	/** The connected sockets: 1,000 (100 rooms) or 10,000 (1,000 rooms). */
	@Param({ "1000", "10000" })
	public int clients;

	private SocketIOServer io;

	private List<InProcessConnection> members;

	private InProcessConnection publisher;

	private String[] rooms;

	/** The publisher's {@code toroom} packet for each room. */
	private String[] requests;

	private JsonNode data;

	private int next;

	@Setup
	public void setUp() {
		this.io = InProcessConnection.server();
		int roomCount = this.clients / ROOM_SIZE;
		this.rooms = new String[roomCount];
		this.requests = new String[roomCount];
		for (int k = 0; k < roomCount; k++) {
			this.rooms[k] = "r" + k;
			this.requests[k] = "42[\"toroom\",{\"room\":\"r" + k + "\",\"data\":{\"t\":123456789,\"seq\":42,\"r\":" + k
					+ ",\"pad\":\"" + Payloads.PAD + "\"}}]";
		}
		int[] connected = new int[1];
		// the bench server's handler, and the harness's joins: socket i in room r<i %
		// rooms>
		this.io.onConnection((socket) -> {
			int index = connected[0]++;
			if (index < this.clients) {
				socket.join(this.rooms[index % roomCount]);
			}
			socket.on("toroom", (event) -> {
				JsonNode request = event.args().get(0);
				this.io.to(request.get("room").asString()).emit("msg", request.get("data"));
			});
		});
		this.members = new ArrayList<>(this.clients);
		for (int i = 0; i < this.clients; i++) {
			InProcessConnection connection = InProcessConnection.open(EngineAccess.engine(this.io));
			connection.receive("40");
			this.members.add(connection);
		}
		this.publisher = InProcessConnection.open(EngineAccess.engine(this.io));
		this.publisher.receive("40");
		int sockets = this.io.fetchSockets().block(Duration.ofSeconds(10)).size();
		if (sockets != this.clients + 1) {
			throw new IllegalStateException(sockets + " sockets connected, expected " + (this.clients + 1));
		}
		for (int k = 0; k < roomCount; k++) {
			int size = this.io.in(this.rooms[k]).fetchSockets().block(Duration.ofSeconds(10)).size();
			if (size != ROOM_SIZE) {
				throw new IllegalStateException("Room " + this.rooms[k] + " has " + size + " members");
			}
		}
		// what the harness's bench server relays: the tree a client sent
		this.data = Payloads.broadcastNode();
	}

	@TearDown
	public void tearDown() {
		int roomCount = this.rooms.length;
		long min = Long.MAX_VALUE;
		long max = 0;
		for (int i = 0; i < this.clients; i++) {
			long frames = this.members.get(i).frames();
			// the members of a room received the same broadcasts
			if (frames != this.members.get(i % roomCount).frames()) {
				throw new IllegalStateException(
						"The members of room " + this.rooms[i % roomCount] + " received different frame counts");
			}
			min = Math.min(min, frames);
			max = Math.max(max, frames);
		}
		long publisherFrames = this.publisher.frames();
		this.io.close();
		// the handshake, the connect answer, then one frame per broadcast to the room:
		// the
		// rooms in turn, so one room got at most one more than another
		if (max - min > 1 || min < 3) {
			throw new IllegalStateException("Members received between " + min + " and " + max + " frames");
		}
		// the publisher is in no room
		if (publisherFrames != 2) {
			throw new IllegalStateException("The publisher received " + publisherFrames + " frames");
		}
	}

	private int nextRoom() {
		int k = this.next;
		this.next = (k + 1 == this.rooms.length) ? 0 : k + 1;
		return k;
	}

	/**
	 * {@code io.to("r<k>").emit("msg", data)}, the rooms in turn.
	 */
	@Benchmark
	public void emit() {
		this.io.to(this.rooms[nextRoom()]).emit("msg", this.data);
	}

	/**
	 * The publisher's {@code 42["toroom",{"room":"r<k>","data":DATA}]}, relayed by its
	 * handler to the room, the rooms in turn.
	 */
	@Benchmark
	public void relay() {
		this.publisher.receive(this.requests[nextRoom()]);
	}

}
