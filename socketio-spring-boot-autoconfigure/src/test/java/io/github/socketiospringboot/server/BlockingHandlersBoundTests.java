package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.internal.annotation.SocketIOControllerRegistrar;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The events waiting for a socket's blocking handlers are bounded: a client that sends
 * faster than they run is disconnected past the limit, and the events that waited already
 * still run.
 */
class BlockingHandlersBoundTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void aSocketWithMoreEventsWaitingForItsBlockingHandlersThanTheLimitIsDisconnected() throws Exception {
		SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared());
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.refresh();
			SocketIOControllerRegistrar registrar = new SocketIOControllerRegistrar(context, io, null);
			registrar.setMaxPendingBlockingEvents(2);
			SlowHandlers handlers = new SlowHandlers();
			registrar.registerHandler(io.sockets(), handlers);
			ScriptedConnection connection = ScriptedConnection.open(io);
			connection.client().onMessage("0");
			SocketIOSocket socket = io.sockets().sockets().values().iterator().next();

			// the first runs (and waits), the second waits for it: the third is one too
			// many
			connection.client().onMessage("2[\"work\",1]");
			assertThat(handlers.started.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			connection.client().onMessage("2[\"work\",2]");
			assertThat(connection.sent).doesNotContain("41");
			connection.client().onMessage("2[\"work\",3]");

			assertThat(connection.sent).contains("41");
			assertThat(socket.connected()).isFalse();
			handlers.release.countDown();
			await().atMost(TIMEOUT).until(() -> handlers.done.getCount() == 0);
		}
		finally {
			io.close();
		}
	}

	static final class SlowHandlers {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		/** The two events that waited. */
		final CountDownLatch done = new CountDownLatch(2);

		@OnEvent(value = "work", blocking = true)
		void work(int n) throws InterruptedException {
			this.started.countDown();
			this.release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			this.done.countDown();
		}

	}

}
