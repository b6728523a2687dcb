package io.github.socketiospringboot.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineRequest;
import io.github.socketiospringboot.internal.engine.EngineServer;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.internal.engine.EngineSocketListener;
import io.github.socketiospringboot.internal.engine.transport.WebSocketTransport;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;
import reactor.netty.http.websocket.WebsocketInbound;

import org.springframework.http.HttpHeaders;

/**
 * One WebSocket connection's frame path on its event loop: the bytes of the echo's masked
 * text frame, {@code 42<id>["echo","<100 x>"]}, go through Netty's frame decoder and the
 * WebSocket transport to the Engine.IO session and its listener, which either only counts
 * the message ({@code answer=false}) or sends it back ({@code answer=true}), through the
 * transport's writer and the loop's flush.
 *
 * <p>
 * The channel is an in-memory one on a real event loop, its pipeline the one Reactor
 * Netty leaves behind a WebSocket upgrade (frame encoder, frame decoder, and a stand-in
 * for its reactive bridge at the end) behind a handler that stands for the socket and
 * drops what is written, so what is measured is the transport's reading and writing, not
 * the network. One operation is one frame; a batch of them runs as one task on the loop,
 * so the hand-over from the benchmark thread is spread over the batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WebSocketTransportBenchmark {

	private static final int BATCH = 1000;

	private static final int MAX_PAYLOAD = 1_000_000;

	/** Whether the listener answers each message, as the echo does. */
	@Param({ "false", "true" })
	public boolean answer;

	private EventLoopGroup group;

	private Channel server;

	private Channel client;

	private Channel connection;

	private EngineServer engine;

	private ByteBuf frame;

	private long received;

	private volatile @Nullable String closed;

	private final Runnable batch = this::readBatch;

	@Setup
	public void setUp() throws Exception {
		this.group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
		Channel[] accepted = new Channel[1];
		LocalAddress address = new LocalAddress("websocket-transport-benchmark");
		this.server = new ServerBootstrap().group(this.group)
			.channel(LocalServerChannel.class)
			.childHandler(new ChannelInitializer<>() {

				@Override
				protected void initChannel(Channel ch) {
					// in place of the socket, so that what is measured ends where the
					// network would start
					ch.pipeline().addLast("socket", new DropWrites());
					// what Reactor Netty leaves after the upgrade
					ch.pipeline().addLast("wsencoder", new WebSocket13FrameEncoder(false));
					ch.pipeline()
						.addLast("wsdecoder",
								new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
									.expectMaskedFrames(true)
									.allowExtensions(true)
									.maxFramePayloadLength(MAX_PAYLOAD)
									.build()));
					ch.pipeline().addLast("reactor.right.reactiveBridge", new Release());
					accepted[0] = ch;
				}

			})
			.bind(address)
			.sync()
			.channel();
		// the client side takes what the server writes, and lets it go
		this.client = new Bootstrap().group(this.group)
			.channel(LocalChannel.class)
			.handler(new Release())
			.connect(address)
			.sync()
			.channel();
		this.engine = new EngineServer(EngineAccess.options(SocketIOOptions.builder()
			// no heartbeat during a run
			.pingInterval(Duration.ofHours(1))
			.pingTimeout(Duration.ofHours(1))
			.maxHttpBufferSize(MAX_PAYLOAD)
			.build()), this::onOpen);
		this.connection = this.group.submit(() -> accepted[0]).get();
		this.group.submit(this::open).get();
		this.frame = maskedTextFrame("42" + 12345 + "[\"echo\",\"" + Payloads.PAD + "\"]");
	}

	private void open() {
		Channel channel = this.connection;
		WebSocketTransport transport = new WebSocketTransport(channel, this.engine.options().writeBuffer());
		this.engine.open(new EngineRequest(URI.create("/engine.io/?EIO=4&transport=websocket"), new HttpHeaders(), null,
				false, Instant.now(), null), transport);
		transport.receive(new Inbound(channel), MAX_PAYLOAD).subscribe();
	}

	private EngineSocketListener onOpen(EngineSocket socket) {
		return new EngineSocketListener() {

			@Override
			public void onMessage(String text) {
				WebSocketTransportBenchmark.this.received++;
				if (WebSocketTransportBenchmark.this.answer) {
					socket.send(text);
				}
			}

			@Override
			public void onBinary(byte[] bytes) {
			}

			@Override
			public void onClose(EngineCloseReason reason, @Nullable String description) {
				WebSocketTransportBenchmark.this.closed = reason + " " + description;
			}

		};
	}

	private static ByteBuf maskedTextFrame(String text) {
		EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
		encoder.writeOutbound(new TextWebSocketFrame(text));
		ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer();
		ByteBuf part;
		while ((part = encoder.readOutbound()) != null) {
			frame.writeBytes(part);
			part.release();
		}
		encoder.finishAndReleaseAll();
		return frame;
	}

	@TearDown
	public void tearDown() throws Exception {
		long received = this.received;
		String closed = this.closed;
		this.connection.close().sync();
		this.client.close().sync();
		this.server.close().sync();
		this.engine.close();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
		this.frame.release();
		if (closed != null) {
			throw new IllegalStateException("The session closed during the run: " + closed);
		}
		if (received == 0) {
			throw new IllegalStateException("No message reached the session");
		}
	}

	/**
	 * One frame in (and its answer out, with {@code answer=true}).
	 * @throws Exception when the loop fails the batch
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void frame() throws Exception {
		this.group.submit(this.batch).get();
	}

	private void readBatch() {
		ChannelHandlerContext first = this.connection.pipeline().firstContext();
		for (int i = 0; i < BATCH; i++) {
			// as the socket hands its bytes to the pipeline
			first.fireChannelRead(this.frame.retainedDuplicate());
		}
		first.fireChannelReadComplete();
	}

	/**
	 * Takes what the connection writes, as the socket would, and lets it go.
	 */
	@ChannelHandler.Sharable
	private static final class DropWrites extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			ReferenceCountUtil.release(msg);
			promise.trySuccess();
		}

		@Override
		public void flush(ChannelHandlerContext ctx) {
		}

	}

	/**
	 * Releases what reaches it: Reactor Netty's bridge on the server side (only control
	 * frames reach it), the peer on the client side.
	 */
	@ChannelHandler.Sharable
	private static final class Release extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ReferenceCountUtil.release(msg);
		}

	}

	/**
	 * The inbound side of the WebSocket connection, as Reactor Netty hands it to the
	 * handler of the upgrade: the connection, and frames that never end.
	 */
	private static final class Inbound implements WebsocketInbound {

		private final Connection connection;

		Inbound(Channel channel) {
			this.connection = Connection.from(channel);
		}

		@Override
		public @Nullable String selectedSubprotocol() {
			return null;
		}

		@Override
		public io.netty.handler.codec.http.HttpHeaders headers() {
			return EmptyHttpHeaders.INSTANCE;
		}

		@Override
		public Mono<WebSocketCloseStatus> receiveCloseStatus() {
			return Mono.never();
		}

		@Override
		public ByteBufFlux receive() {
			return ByteBufFlux.fromInbound(Flux.never());
		}

		@Override
		public Flux<?> receiveObject() {
			return Flux.never();
		}

		@Override
		public NettyInbound withConnection(Consumer<? super Connection> withConnection) {
			withConnection.accept(this.connection);
			return this;
		}

	}

}
