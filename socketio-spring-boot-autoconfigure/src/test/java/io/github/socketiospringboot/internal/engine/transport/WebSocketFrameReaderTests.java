package io.github.socketiospringboot.internal.engine.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineSession;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.test.RawConnection;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.TestEngineServer;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The buffers of a fragmented message that the {@link WebSocketFrameReader} holds while
 * it joins the fragments: released once the message is read, and when the connection is
 * lost in the middle of it. Observed through an allocator that records every buffer the
 * connection allocates (the socket's reads, the decoder's frames, the reader's joined
 * message).
 */
class WebSocketFrameReaderTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final RecordingEchoHandler handler = new RecordingEchoHandler();

	private static TestEngineServer server;

	@BeforeAll
	static void start() {
		server = TestEngineServer.start(TestEngineServer.QUIET_SUITE_OPTIONS, CorsOptions.disabled(), handler);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void theFragmentsOfAMessageAreReleasedOnceItIsRead() {
		try (RawConnection connection = RawConnection.webSocket(server.port(),
				"/engine.io/?EIO=4&transport=websocket")) {
			Recording allocator = record(sid(connection.readText()));
			connection.writeFrame(false, 0, RawConnection.TEXT, "4he".getBytes());
			connection.writeFrame(false, 0, RawConnection.CONTINUATION, "ll".getBytes());
			connection.writeFrame(true, 0, RawConnection.CONTINUATION, "o".getBytes());
			assertThat(connection.readText()).isEqualTo("4hello");
			assertThat(allocator.composites).as("the joined message").hasSize(1);
			await().atMost(WAIT).untilAsserted(() -> assertThat(allocator.unreleased()).isEmpty());
		}
	}

	@Test
	void theFragmentsJoinedSoFarAreReleasedWhenTheConnectionIsLost() {
		RawConnection connection = RawConnection.webSocket(server.port(), "/engine.io/?EIO=4&transport=websocket");
		String sid = sid(connection.readText());
		Recording allocator = record(sid);
		connection.writeFrame(false, 0, RawConnection.TEXT, "4he".getBytes());
		connection.writeFrame(false, 0, RawConnection.CONTINUATION, "ll".getBytes());
		await().atMost(WAIT).until(() -> !allocator.composites.isEmpty());
		connection.reset();
		assertThat(handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
		await().atMost(WAIT).untilAsserted(() -> assertThat(allocator.unreleased()).isEmpty());
	}

	private static String sid(String open) {
		assertThat(open).startsWith("0");
		return JsonMapper.shared().readTree(open.substring(1)).get("sid").asString();
	}

	/**
	 * Makes the connection of a session allocate from a recording allocator from now on.
	 */
	private static Recording record(String sid) {
		EngineSession session = server.engine().find(sid);
		assertThat(session).isNotNull();
		Channel channel = ((WebSocketTransport) session.currentTransport()).channel();
		Recording allocator = new Recording();
		try {
			channel.eventLoop().submit(() -> channel.config().setAllocator(allocator)).get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return allocator;
	}

	/**
	 * Allocates unpooled buffers and remembers them.
	 */
	private static final class Recording extends AbstractByteBufAllocator {

		final Queue<ByteBuf> buffers = new ConcurrentLinkedQueue<>();

		final Queue<CompositeByteBuf> composites = new ConcurrentLinkedQueue<>();

		Recording() {
			super(true);
		}

		@Override
		public boolean isDirectBufferPooled() {
			return false;
		}

		@Override
		protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
			ByteBuf buffer = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
			this.buffers.add(buffer);
			return buffer;
		}

		@Override
		protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
			ByteBuf buffer = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
			this.buffers.add(buffer);
			return buffer;
		}

		@Override
		public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
			CompositeByteBuf buffer = super.compositeDirectBuffer(maxNumComponents);
			this.composites.add(buffer);
			return buffer;
		}

		@Override
		public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
			CompositeByteBuf buffer = super.compositeHeapBuffer(maxNumComponents);
			this.composites.add(buffer);
			return buffer;
		}

		List<ByteBuf> unreleased() {
			List<ByteBuf> all = new ArrayList<>(this.buffers);
			all.addAll(this.composites);
			return all.stream().filter((buffer) -> buffer.refCnt() > 0).toList();
		}

	}

}
