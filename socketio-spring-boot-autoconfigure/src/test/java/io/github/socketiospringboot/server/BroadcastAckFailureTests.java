package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.observe.SocketIOObserver;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broadcast with acknowledgements that fails before its timeout (its adapter cannot
 * count the servers, as a cluster adapter whose bus is gone) ends there: the answers are
 * no longer awaited and the observer counts an incomplete collection at once, not a
 * timed-out one when the timeout would have passed.
 */
class BroadcastAckFailureTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void aBroadcastWhoseServerCountFailsEndsAtOnceForTheObserverToo() {
		IllegalStateException busGone = new IllegalStateException("the bus is gone");
		SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared(),
				(namespace) -> new InMemoryAdapter(namespace) {

					@Override
					public Mono<Integer> serverCount() {
						return Mono.error(busGone);
					}

				});
		Queue<String> collections = new ConcurrentLinkedQueue<>();
		io.addObserver(new SocketIOObserver() {

			@Override
			public void onAckCollection(Namespace namespace, Duration duration, boolean complete, int missing) {
				collections.add(complete + "/" + missing);
			}

		});
		try {
			ScriptedConnection connection = ScriptedConnection.open(io);
			connection.client().onMessage("0");

			CompletableFuture<List<Ack>> answers = io.timeout(Duration.ofMinutes(1)).emitWithAck("question").toFuture();

			assertThat(answers).failsWithin(TIMEOUT).withThrowableOfType(ExecutionException.class).withCause(busGone);
			// the one client did not answer
			assertThat(collections).containsExactly("false/1");
		}
		finally {
			io.close();
		}
	}

}
