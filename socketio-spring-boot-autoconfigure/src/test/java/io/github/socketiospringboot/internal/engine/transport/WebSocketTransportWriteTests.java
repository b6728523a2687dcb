package io.github.socketiospringboot.internal.engine.transport;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.WriteBufferLimits;
import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What reaches the socket when the WebSocket transport writes: a frame carrying its own
 * header goes out as those bytes, past the frame encoder, unless an extension encodes
 * frames on the connection.
 */
class WebSocketTransportWriteTests {

	// the limits a server with the default options gives its connections
	private static final WriteBufferLimits DEFAULT_LIMITS = EngineAccess.options(SocketIOOptions.defaults())
		.writeBuffer();

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private final Queue<Class<?>> passedEncoder = new ConcurrentLinkedQueue<>();

	@AfterEach
	void stop() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void aFrameWithItsHeaderLeavesAsItsOwnBytesPastTheFrameEncoder() throws Exception {
		Channel channel = connect(null);
		// between the encoder and the transport's own handler: what enters the codec
		Queue<Class<?>> enteredCodec = new ConcurrentLinkedQueue<>();
		channel.pipeline().addAfter("wsencoder", "codecSide", recorder(enteredCodec));
		WebSocketTransport transport = new WebSocketTransport(channel, DEFAULT_LIMITS);
		EngineFrame frame = EngineFrame.message("hello", ByteBufAllocator.DEFAULT);

		transport.write(frame);

		await().atMost(Duration.ofSeconds(5)).until(() -> receivedBytes().length == 8);
		byte[] bytes = receivedBytes();
		// FIN + text opcode, unmasked length 6, then "4hello"
		assertThat(bytes[0] & 0xff).isEqualTo(0x81);
		assertThat(bytes[1]).isEqualTo((byte) 6);
		assertThat(new String(bytes, 2, 6, StandardCharsets.US_ASCII)).isEqualTo("4hello");
		// the frame's own buffer went out without entering the codec
		assertThat(enteredCodec).isEmpty();
		assertThat(this.passedEncoder).hasSize(1).allMatch(ByteBuf.class::isAssignableFrom);
		await().atMost(Duration.ofSeconds(5)).until(() -> frame.content().refCnt() == 0);
	}

	@Test
	void withAnExtensionEncoderFramesGoThroughTheCodec() throws Exception {
		ChannelHandler deflate = new PerMessageDeflateServerExtensionHandshaker()
			.handshakeExtension(new WebSocketExtensionData("permessage-deflate", Map.of()))
			.newExtensionEncoder();
		Channel channel = connect(deflate);
		WebSocketTransport transport = new WebSocketTransport(channel, DEFAULT_LIMITS);

		transport.write(EngineFrame.message("hello", ByteBufAllocator.DEFAULT));

		await().atMost(Duration.ofSeconds(5)).until(() -> receivedBytes().length >= 2);
		// compressed by the extension, then framed by the encoder: RSV1 set, which the
		// pre-framed bytes never carry
		assertThat(receivedBytes()[0] & 0x40).isEqualTo(0x40);
	}

	@Test
	void aConnectionWrittenToWhileAnotherIsFlushedIsFlushedToo() throws Exception {
		Channel a = connect(null);
		Channel b = connect(null);
		WebSocketTransport transportA = new WebSocketTransport(a, DEFAULT_LIMITS);
		WebSocketTransport transportB = new WebSocketTransport(b, DEFAULT_LIMITS);
		AtomicBoolean once = new AtomicBoolean();
		// as a failed write closes its connection, whose close handlers write to another
		a.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {

			@Override
			public void flush(ChannelHandlerContext ctx) {
				if (once.compareAndSet(false, true)) {
					transportB.write(EngineFrame.message("b", ByteBufAllocator.DEFAULT));
				}
				ctx.flush();
			}

		});

		a.eventLoop().execute(() -> transportA.write(EngineFrame.message("a", ByteBufAllocator.DEFAULT)));

		// both frames: 2 bytes of header and 2 of payload each
		await().atMost(Duration.ofSeconds(5)).until(() -> receivedBytes().length == 8);
		// and B is flushed again later, not left marked dirty for good
		transportB.write(EngineFrame.message("c", ByteBufAllocator.DEFAULT));
		await().atMost(Duration.ofSeconds(5)).until(() -> receivedBytes().length == 12);
	}

	@Test
	void aConnectionWhoseClientStoppedReadingIsClosedWhenItsCloseFrameCannotLeave() throws Exception {
		// a client that reads nothing: what the server writes piles up
		Channel channel = connect(null, false);
		WebSocketTransport transport = new WebSocketTransport(channel,
				new WriteBufferLimits(64 * 1024, Duration.ofMillis(300), 1024L * 1024 * 1024));
		String payload = "x".repeat(512 * 1024);
		for (int i = 0; i < 2000 && channel.isWritable(); i++) {
			transport.write(EngineFrame.message(payload, ByteBufAllocator.DEFAULT));
			await().atMost(Duration.ofSeconds(5)).until(() -> !channel.isActive() || drained(channel));
		}
		assertThat(channel.isWritable()).isFalse();

		// the server closes the session: its close frame waits behind what was not read
		transport.close(EngineCloseReason.FORCED_CLOSE, List.of());

		assertThat(channel.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
	}

	/** Whether the loop has written what was handed to it. */
	private static boolean drained(Channel channel) {
		CountDownLatch done = new CountDownLatch(1);
		channel.eventLoop().execute(done::countDown);
		try {
			return done.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private byte[] receivedBytes() {
		synchronized (this.received) {
			return this.received.toByteArray();
		}
	}

	private Channel connect(ChannelHandler extensionEncoder) throws InterruptedException {
		return connect(extensionEncoder, true);
	}

	private Channel connect(ChannelHandler extensionEncoder, boolean peerReads) throws InterruptedException {
		// made here, off the event loop, where loading their classes may read jars
		ChannelHandler encoder = new WebSocket08FrameEncoder(false);
		ChannelHandler recorder = recorder(this.passedEncoder);
		Channel server = new ServerBootstrap().group(this.group)
			.channel(NioServerSocketChannel.class)
			.childOption(ChannelOption.AUTO_READ, peerReads)
			.childOption(ChannelOption.SO_RCVBUF, 4096)
			.childHandler(new ChannelInboundHandlerAdapter() {

				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					ByteBuf buf = (ByteBuf) msg;
					byte[] bytes = new byte[buf.readableBytes()];
					buf.readBytes(bytes);
					buf.release();
					synchronized (WebSocketTransportWriteTests.this.received) {
						WebSocketTransportWriteTests.this.received.writeBytes(bytes);
					}
				}

			})
			.bind(new InetSocketAddress("127.0.0.1", 0))
			.sync()
			.channel();
		return new Bootstrap().group(this.group).channel(NioSocketChannel.class).handler(new ChannelInitializer<>() {

			@Override
			protected void initChannel(Channel ch) {
				ch.pipeline().addLast("recorder", recorder);
				ch.pipeline().addLast("wsencoder", encoder);
				if (extensionEncoder != null) {
					ch.pipeline().addLast("wsextensionencoder", extensionEncoder);
				}
			}

		}).connect(server.localAddress()).sync().channel();
	}

	private static ChannelHandler recorder(Queue<Class<?>> into) {
		return new ChannelOutboundHandlerAdapter() {

			@Override
			public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
				into.add(msg.getClass());
				ctx.write(msg, promise);
			}

		};
	}

}
