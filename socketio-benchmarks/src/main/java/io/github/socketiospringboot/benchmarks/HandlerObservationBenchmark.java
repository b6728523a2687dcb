package io.github.socketiospringboot.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.internal.annotation.SocketIOControllerRegistrar;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
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
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.support.GenericApplicationContext;

/**
 * One {@code @OnEvent} dispatch, from the client's packet to the acknowledgement written
 * back, on an in-process connection: with {@code observed} the registrar makes each
 * invocation an Observation timed by a Micrometer registry (what Actuator sets up),
 * without it none. The difference is the handler cost of the observations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HandlerObservationBenchmark {

	@Param({ "false", "true" })
	public boolean observed;

	private SocketIOServer io;

	private GenericApplicationContext context;

	private InProcessConnection connection;

	@Setup
	public void setUp() {
		this.io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared());
		this.context = new GenericApplicationContext();
		this.context.registerBean(EchoController.class);
		this.context.refresh();
		SocketIOControllerRegistrar registrar = new SocketIOControllerRegistrar(this.context, this.io, null, List.of());
		if (this.observed) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
			registrar.setObservationRegistry(registry);
		}
		registrar.afterSingletonsInstantiated();
		this.connection = InProcessConnection.open(EngineAccess.engine(this.io));
		this.connection.receive("40");
		if (this.io.sockets().sockets().size() != 1) {
			throw new IllegalStateException("The in-process client did not connect");
		}
	}

	@TearDown
	public void tearDown() {
		this.io.close();
		this.context.close();
	}

	@Benchmark
	public long dispatch() {
		this.connection.receive("421[\"echo\",\"x\"]");
		return this.connection.frames();
	}

	/**
	 * The controller: answers the acknowledgement with its argument.
	 */
	@SocketIOController
	public static class EchoController {

		/**
		 * Echoes.
		 * @param text the argument
		 * @return the answer
		 */
		@OnEvent("echo")
		public String echo(String text) {
			return text;
		}

	}

}
