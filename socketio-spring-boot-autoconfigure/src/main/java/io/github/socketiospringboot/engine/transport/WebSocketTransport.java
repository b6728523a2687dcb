package io.github.socketiospringboot.engine.transport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.github.socketiospringboot.engine.EngineCloseReason;
import io.github.socketiospringboot.engine.EngineSession;
import io.github.socketiospringboot.engine.Transport;
import io.github.socketiospringboot.engine.TransportType;
import io.github.socketiospringboot.engine.WriteBufferLimits;
import io.github.socketiospringboot.engine.WriteExecutor;
import io.github.socketiospringboot.engine.protocol.EngineFrame;
import io.github.socketiospringboot.engine.protocol.EngineProtocolException;
import io.github.socketiospringboot.engine.protocol.InboundPacket;
import io.github.socketiospringboot.engine.protocol.InvalidUtf8Exception;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.util.context.Context;

/**
 * The WebSocket transport of one session, written straight to the Netty channel. On the
 * channel's event loop frames are written at once; from other threads they go through the
 * loop's {@link EventLoopWriter}, which keeps them in order. Either way the channel is
 * flushed once per loop tick.
 */
public final class WebSocketTransport extends Transport {

	private static final Log logger = LogFactory.getLog(WebSocketTransport.class);

	private static final String WATCHER_NAME = "socketio.writabilityWatcher";

	private static final String GUARD_NAME = "socketio.frameGuard";

	private final Channel channel;

	private final EventLoopWriter writer;

	private volatile boolean closed;

	/** Whether the loop's writer holds this connection for its next flush; loop only. */
	boolean dirty;

	private final WriteBufferLimits limits;

	/** When the connection went past the limit, or 0; loop only. */
	private long congestedSince;

	private @Nullable ScheduledFuture<?> congestionTimer;

	private boolean closingForCongestion;

	/**
	 * The context of this transport's own handler, which sits behind the WebSocket codec:
	 * writes and flushes start there rather than at the pipeline's tail, sparing each
	 * message the walk past handlers that have nothing to do with outbound frames.
	 */
	private final @Nullable ChannelHandlerContext context;

	/**
	 * The context of the WebSocket frame encoder, where frames made with their WebSocket
	 * header are written as they are: a write made there goes to the handlers between the
	 * encoder and the socket, so the bytes pass neither the encoder nor the handlers in
	 * front of it. {@code null} when an extension (permessage-deflate) encodes frames on
	 * this connection, or when no frame encoder is found: frames then go through the
	 * codec.
	 */
	private final @Nullable ChannelHandlerContext wireContext;

	/**
	 * Whether this transport's handler takes the data frames straight from the pipeline
	 * (the common case), rather than through reactor-netty's inbound flux, which then
	 * carries only the end of the connection; loop only.
	 */
	private boolean readsFrames;

	/**
	 * Set once the connection was failed for a protocol violation: what the client sends
	 * after that is dropped; loop only.
	 */
	private boolean failed;

	private static @Nullable ChannelHandlerContext frameEncoderContext(Channel channel) {
		ChannelHandlerContext encoder = null;
		for (Map.Entry<String, ChannelHandler> handler : channel.pipeline()) {
			if (handler.getValue() instanceof WebSocketExtensionEncoder) {
				return null;
			}
			if (encoder == null && handler.getValue() instanceof WebSocketFrameEncoder) {
				encoder = channel.pipeline().context(handler.getValue());
			}
		}
		return encoder;
	}

	/**
	 * Creates the transport of an upgraded connection with the default write-buffer
	 * limits.
	 * @param channel the channel of the WebSocket connection
	 */
	public WebSocketTransport(Channel channel) {
		this(channel, WriteBufferLimits.defaults());
	}

	/**
	 * Creates the transport of an upgraded connection.
	 * @param channel the channel of the WebSocket connection
	 * @param limits how much may wait for a client that does not read
	 */
	public WebSocketTransport(Channel channel, WriteBufferLimits limits) {
		this.channel = channel;
		this.limits = limits;
		this.writer = EventLoopWriter.of(channel.eventLoop());
		int high = (int) limits.limit();
		channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
		ChannelHandler watcher = new WritabilityWatcher();
		if (channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
			channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, WATCHER_NAME, watcher);
		}
		else {
			channel.pipeline().addLast(WATCHER_NAME, watcher);
		}
		this.context = channel.pipeline().context(watcher);
		this.wireContext = frameEncoderContext(channel);
	}

	@Override
	public TransportType type() {
		return TransportType.WEBSOCKET;
	}

	/**
	 * Reads the connection until it ends, handing each frame to the session.
	 * @param inbound the connection's inbound side
	 * @param maxMessageSize the largest message accepted, in bytes
	 * @return completes when the connection has ended
	 */
	public Mono<Void> receive(WebsocketInbound inbound, int maxMessageSize) {
		inbound.aggregateFrames(maxMessageSize);
		this.readsFrames = isAfterAggregator();
		addFrameGuard(maxMessageSize);
		return new Reader(this, inbound.receiveFrames());
	}

	/**
	 * Puts a {@link FrameGuard} right behind the frame decoder, where it sees each frame
	 * before the aggregator does.
	 */
	private void addFrameGuard(int maxMessageSize) {
		String decoder = null;
		boolean extensions = false;
		for (Map.Entry<String, ChannelHandler> handler : this.channel.pipeline()) {
			if (handler.getValue() instanceof WebSocketFrameDecoder && decoder == null) {
				decoder = handler.getKey();
			}
			else if (handler.getValue() instanceof WebSocketExtensionDecoder) {
				extensions = true;
			}
		}
		if (decoder != null && this.channel.pipeline().get(GUARD_NAME) == null) {
			this.channel.pipeline().addAfter(decoder, GUARD_NAME, new FrameGuard(maxMessageSize, extensions));
		}
	}

	/**
	 * Tells whether this transport's handler sees whole messages: it sits behind the
	 * frame aggregator, as it does when the connection's frames are aggregated before the
	 * transport is made.
	 */
	private boolean isAfterAggregator() {
		boolean aggregator = false;
		for (Map.Entry<String, ChannelHandler> handler : this.channel.pipeline()) {
			if (handler.getKey().equals(NettyPipeline.WsFrameAggregator)) {
				aggregator = true;
			}
			else if (handler.getKey().equals(WATCHER_NAME)) {
				return aggregator;
			}
		}
		return false;
	}

	private void onEnd(@Nullable Throwable error) {
		if (error != null) {
			// a connection that ends without a close frame (the client went away) is
			// signalled as AbortedException: the reference calls that a transport close;
			// a reset or a bad frame is a transport error
			EngineCloseReason reason = (error instanceof AbortedException) ? EngineCloseReason.TRANSPORT_CLOSE
					: EngineCloseReason.TRANSPORT_ERROR;
			session().onTransportClose(this, reason, error.toString());
		}
	}

	private void onFinally() {
		this.closed = true;
		session().onTransportClose(this, EngineCloseReason.TRANSPORT_CLOSE, null);
	}

	/**
	 * Reads the frames of one connection for as long as it lasts: the completion of the
	 * connection's handler, and its only subscriber to the frames. One object per
	 * connection where a chain of operators would hold half a dozen.
	 */
	private static final class Reader extends Mono<Void> implements CoreSubscriber<WebSocketFrame>, Subscription {

		private final WebSocketTransport transport;

		private final Flux<WebSocketFrame> frames;

		private @Nullable CoreSubscriber<? super Void> actual;

		private @Nullable Subscription upstream;

		private static final AtomicIntegerFieldUpdater<Reader> ENDED = AtomicIntegerFieldUpdater
			.newUpdater(Reader.class, "ended");

		private volatile int ended;

		Reader(WebSocketTransport transport, Flux<WebSocketFrame> frames) {
			this.transport = transport;
			this.frames = frames;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Void> actual) {
			if (this.actual != null) {
				Operators.error(actual, new IllegalStateException("A connection is read once"));
				return;
			}
			this.actual = actual;
			this.frames.subscribe(this);
		}

		@Override
		public Context currentContext() {
			CoreSubscriber<? super Void> subscriber = this.actual;
			return (subscriber != null) ? subscriber.currentContext() : Context.empty();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.upstream = subscription;
			requireNonNull(this.actual).onSubscribe(this);
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(WebSocketFrame frame) {
			try {
				this.transport.onFrame(frame);
			}
			catch (RuntimeException ex) {
				// as an operator would: the connection ends in error
				Subscription subscription = this.upstream;
				if (subscription != null) {
					subscription.cancel();
				}
				end(ex);
			}
		}

		@Override
		public void onError(Throwable error) {
			end(error);
		}

		@Override
		public void onComplete() {
			end(null);
		}

		private void end(@Nullable Throwable error) {
			if (!ENDED.compareAndSet(this, 0, 1)) {
				return;
			}
			try {
				this.transport.onEnd(error);
				requireNonNull(this.actual).onComplete();
			}
			finally {
				this.transport.onFinally();
			}
		}

		@Override
		public void request(long n) {
			// completes without a value: nothing to ask for
		}

		@Override
		public void cancel() {
			Subscription subscription = this.upstream;
			if (subscription != null) {
				subscription.cancel();
			}
			if (ENDED.compareAndSet(this, 0, 1)) {
				this.transport.onFinally();
			}
		}

		private static <T> T requireNonNull(@Nullable T value) {
			if (value == null) {
				throw new IllegalStateException("Not subscribed");
			}
			return value;
		}

	}

	private void onFrame(WebSocketFrame frame) {
		if (this.failed) {
			return;
		}
		EngineSession session = session();
		InboundPacket packet;
		try {
			if (frame instanceof TextWebSocketFrame text) {
				packet = InboundPacket.decodeText(text.content());
			}
			else if (frame instanceof BinaryWebSocketFrame) {
				packet = InboundPacket.binaryMessage(ByteBufUtil.getBytes(frame.content()));
			}
			else {
				return;
			}
		}
		catch (InvalidUtf8Exception ex) {
			fail(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, ex.getMessage());
			return;
		}
		catch (EngineProtocolException ex) {
			session.onParseError(this, ex.getMessage());
			return;
		}
		session.onPacket(this, packet);
	}

	/**
	 * Fails the connection for something the client sent that breaks RFC 6455, as the
	 * reference server does: a close frame with the status (and no reason), the
	 * connection closed after it, and the session ended with a transport error. On the
	 * loop.
	 * @param status the close status
	 * @param description what was wrong, in the reference server's words
	 */
	private void fail(WebSocketCloseStatus status, String description) {
		if (this.failed) {
			return;
		}
		this.failed = true;
		if (!this.closed) {
			this.closed = true;
			if (this.channel.isActive()) {
				this.channel.writeAndFlush(new CloseWebSocketFrame(status.code(), null))
					.addListener(ChannelFutureListener.CLOSE);
			}
		}
		session().onTransportClose(this, EngineCloseReason.TRANSPORT_ERROR, description);
	}

	@Override
	protected boolean isWritable() {
		return !this.closed;
	}

	@Override
	protected WriteExecutor writeExecutor() {
		return this.writer;
	}

	@Override
	protected boolean isCongested() {
		return !this.channel.isWritable();
	}

	@Override
	protected void write(EngineFrame frame) {
		this.writer.write(this, frame);
	}

	@Override
	protected void write(List<EngineFrame> frames) {
		this.writer.write(this, frames);
	}

	@Override
	protected void close(EngineCloseReason reason, List<EngineFrame> remaining) {
		boolean byServer = reason == EngineCloseReason.FORCED_CLOSE || reason == EngineCloseReason.SERVER_SHUTTING_DOWN;
		if (byServer) {
			write(remaining);
		}
		else {
			remaining.forEach(EngineFrame::release);
		}
		this.writer.write(this, EventLoopWriter.CLOSE);
	}

	/**
	 * Writes, on the event loop, one frame (consuming its reference) or closes the
	 * connection; called by the loop's writer in the order the writes were made.
	 * @param item an {@link EngineFrame} or {@link EventLoopWriter#CLOSE}
	 */
	void process(Object item) {
		if (item == EventLoopWriter.CLOSE) {
			if (!this.closed) {
				this.closed = true;
				if (this.channel.isActive()) {
					this.channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
						.addListener(ChannelFutureListener.CLOSE);
				}
			}
		}
		else {
			writeNow((EngineFrame) item);
		}
	}

	/**
	 * Drops a write the event loop will never make, because it is shutting down.
	 * @param item an {@link EngineFrame} or {@link EventLoopWriter#CLOSE}
	 */
	void abandon(Object item) {
		this.closed = true;
		if (item instanceof EngineFrame frame) {
			frame.release();
		}
	}

	private void writeNow(EngineFrame frame) {
		if (this.closed) {
			frame.release();
			return;
		}
		ChannelHandlerContext wireCtx = this.wireContext;
		ByteBuf wire = (wireCtx != null && !wireCtx.isRemoved()) ? frame.webSocketWire() : null;
		if (wire != null) {
			// the frame's own header and payload, the same bytes for every connection,
			// written past the encoder
			wireCtx.write(wire, this.channel.voidPromise());
		}
		else {
			ByteBuf content = frame.content().duplicate();
			WebSocketFrame message = frame.isBinary() ? new BinaryWebSocketFrame(content)
					: new TextWebSocketFrame(content);
			ChannelHandlerContext ctx = this.context;
			if (ctx != null && !ctx.isRemoved()) {
				ctx.write(message, this.channel.voidPromise());
			}
			else {
				this.channel.write(message, this.channel.voidPromise());
			}
		}
		this.writer.markDirty(this);
		if (!this.channel.isWritable()) {
			onCongested();
		}
	}

	/**
	 * On the loop, after a write left the connection past its limit: starts the
	 * congestion timer, and closes the connection at once past the maximum.
	 */
	private void onCongested() {
		if (this.congestedSince == 0) {
			this.congestedSince = System.nanoTime();
			this.congestionTimer = this.channel.eventLoop()
				.schedule(this::onCongestionTimeout, this.limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		ChannelOutboundBuffer buffer = this.channel.unsafe().outboundBuffer();
		if (buffer != null && buffer.totalPendingWriteBytes() >= this.limits.max()) {
			// writes may run with the session's monitor held: close in a task of its own
			closeForCongestion("write buffer full: the client did not take " + this.limits.max() + " bytes");
		}
	}

	private void onUncongested() {
		this.congestedSince = 0;
		ScheduledFuture<?> timer = this.congestionTimer;
		if (timer != null) {
			timer.cancel(false);
			this.congestionTimer = null;
		}
	}

	private void onCongestionTimeout() {
		this.congestionTimer = null;
		if (this.congestedSince != 0 && !this.closed && this.channel.isActive() && !this.channel.isWritable()) {
			closeForCongestion("write buffer over " + this.limits.limit() + " bytes for "
					+ this.limits.timeout().toMillis() + " ms: the client does not read");
		}
	}

	private void closeForCongestion(String description) {
		if (this.closingForCongestion) {
			return;
		}
		this.closingForCongestion = true;
		this.channel.eventLoop().execute(() -> {
			if (logger.isInfoEnabled()) {
				logger.info("Closing " + this.channel + ": " + description);
			}
			session().onTransportClose(this, EngineCloseReason.TRANSPORT_ERROR, description);
			this.closed = true;
			this.channel.close();
		});
	}

	/**
	 * Follows the channel's writability (the congestion timer stops once the client has
	 * taken enough), and takes the data frames behind the aggregator straight to the
	 * session, sparing each message reactor-netty's inbound queue and operators.
	 */
	private final class WritabilityWatcher extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			if (WebSocketTransport.this.readsFrames
					&& (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame)) {
				try {
					onFrame((WebSocketFrame) msg);
				}
				finally {
					((WebSocketFrame) msg).release();
				}
				return;
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
			if (ctx.channel().isWritable()) {
				onUncongested();
			}
			else {
				onCongested();
			}
			super.channelWritabilityChanged(ctx);
		}

		@Override
		public boolean isSharable() {
			return false;
		}

	}

	/**
	 * Checks each frame as it leaves the decoder, for what the decoder lets through and
	 * the reference server refuses: reserved bits set although no extension was
	 * negotiated (close 1002), and a fragmented message whose fragments add up to more
	 * than the size limit (close 1009, as for one frame over it, which the decoder
	 * refuses itself). The aggregator behind it would fail such a message without a close
	 * status of its own.
	 */
	private final class FrameGuard extends ChannelInboundHandlerAdapter {

		private final long maxMessageSize;

		private final boolean extensions;

		/** Bytes of the fragmented message under way, or -1 outside one. */
		private long fragmented = -1;

		FrameGuard(int maxMessageSize, boolean extensions) {
			this.maxMessageSize = maxMessageSize;
			this.extensions = extensions;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			if (msg instanceof WebSocketFrame frame) {
				Violation violation = (WebSocketTransport.this.failed) ? null : check(frame);
				if (WebSocketTransport.this.failed || violation != null) {
					frame.release();
					if (violation != null) {
						fail(violation.status(), violation.description());
					}
					return;
				}
			}
			ctx.fireChannelRead(msg);
		}

		private @Nullable Violation check(WebSocketFrame frame) {
			int rsv = frame.rsv();
			if (rsv != 0 && !this.extensions) {
				return ((rsv & 0b011) != 0) ? Violation.RSV2_RSV3 : Violation.RSV1;
			}
			if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
				this.fragmented = frame.isFinalFragment() ? -1 : frame.content().readableBytes();
			}
			else if (frame instanceof ContinuationWebSocketFrame && this.fragmented >= 0) {
				this.fragmented += frame.content().readableBytes();
				if (this.fragmented > this.maxMessageSize) {
					return Violation.TOO_BIG;
				}
				if (frame.isFinalFragment()) {
					this.fragmented = -1;
				}
			}
			return null;
		}

		@Override
		public boolean isSharable() {
			return false;
		}

	}

	/**
	 * A frame the connection is failed for: its close status and the reference server's
	 * description.
	 */
	private record Violation(WebSocketCloseStatus status, String description) {

		static final Violation RSV1 = new Violation(WebSocketCloseStatus.PROTOCOL_ERROR,
				"Invalid WebSocket frame: RSV1 must be clear");

		static final Violation RSV2_RSV3 = new Violation(WebSocketCloseStatus.PROTOCOL_ERROR,
				"Invalid WebSocket frame: RSV2 and RSV3 must be clear");

		static final Violation TOO_BIG = new Violation(WebSocketCloseStatus.MESSAGE_TOO_BIG,
				"Max payload size exceeded");

	}

	/**
	 * Flushes the channel; called by the loop's writer once per tick.
	 */
	void flush() {
		ChannelHandlerContext ctx = this.wireContext;
		if (ctx == null || ctx.isRemoved()) {
			ctx = this.context;
		}
		if (ctx != null && !ctx.isRemoved()) {
			ctx.flush();
		}
		else {
			this.channel.flush();
		}
	}

}
