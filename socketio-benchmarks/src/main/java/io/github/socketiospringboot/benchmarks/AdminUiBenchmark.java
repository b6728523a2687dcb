package io.github.socketiospringboot.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.admin.AdminUi;
import io.github.socketiospringboot.admin.AdminUiOptions;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import org.jspecify.annotations.Nullable;
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
 * What the Admin UI costs per event: one event a client sends ({@code receive}) and one
 * event sent to a client ({@code emit}), on a server without the Admin UI ({@code off}),
 * with it in production mode (counters only) and in development mode, where each event
 * also goes to the one Admin UI socket connected (a feed entry with the event's arguments
 * and a timestamp, encoded and sent to the admin namespace). In-process connections as in
 * {@link BroadcastBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AdminUiBenchmark {

	private static final String EVENT = "42[\"msg\"," + Payloads.BROADCAST_JSON + "]";

	@Param({ "off", "production", "development" })
	public String mode;

	private SocketIOServer io;

	private @Nullable AdminUi adminUi;

	private InProcessConnection client;

	private InProcessConnection ui;

	private SocketIOSocket socket;

	private JsonNode data;

	@Setup
	public void setUp() {
		this.io = InProcessConnection.server();
		if (!this.mode.equals("off")) {
			this.adminUi = AdminUi.instrument(this.io,
					AdminUiOptions.defaults()
						.withoutAuthentication()
						.withMode(this.mode.equals("production") ? AdminUiOptions.Mode.PRODUCTION
								: AdminUiOptions.Mode.DEVELOPMENT)
						.withStatsInterval(Duration.ofHours(1)));
		}
		this.ui = InProcessConnection.open(EngineAccess.engine(this.io));
		this.ui.receive("40/admin,");
		this.client = InProcessConnection.open(EngineAccess.engine(this.io));
		this.client.receive("40");
		this.socket = this.io.sockets().sockets().values().iterator().next();
		this.data = Payloads.broadcastNode();
	}

	@TearDown
	public void tearDown() {
		if (this.adminUi != null) {
			this.adminUi.close();
		}
		this.io.close();
	}

	/**
	 * A client's {@code 42["msg",{...}]} through its session, the decoder and the socket
	 * (no handler).
	 */
	@Benchmark
	public void receive() {
		this.client.receive(EVENT);
	}

	/**
	 * {@code socket.emit("msg", data)}.
	 */
	@Benchmark
	public void emit() {
		this.socket.emit("msg", this.data);
	}

}
