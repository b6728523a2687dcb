package io.github.socketiospringboot.internal.engine.transport;

import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.internal.engine.WriteBufferLimits;
import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Writes the frames of one WebSocket connection on its event loop, where the loop's
 * {@link EventLoopWriter} hands them over in order, and bounds what waits for the client.
 *
 * <p>
 * A frame that carries its own WebSocket header is written at the frame encoder's
 * context, past the codec; any other frame starts at this writer's own place in the
 * pipeline, in front of Reactor Netty's handlers and behind the codec. Nothing is flushed
 * here: the loop's writer flushes each connection written to once per tick.
 *
 * <p>
 * Past {@link WriteBufferLimits#limit()} the connection is congested (the channel is not
 * writable): it is closed when it stays so for {@link WriteBufferLimits#timeout()}, or at
 * once at {@link WriteBufferLimits#max()}. In the pipeline the writer hears the channel's
 * writability change, which stops the timer.
 */
final class WebSocketWriter extends ChannelInboundHandlerAdapter {

	private static final Log logger = LogFactory.getLog(WebSocketWriter.class);

	private final WebSocketTransport transport;

	private final Channel channel;

	private final EventLoopWriter loopWriter;

	private final WriteBufferLimits limits;

	/** This writer's context, behind the codec, where frames through the codec start. */
	private final @Nullable ChannelHandlerContext context;

	/**
	 * The frame encoder's context, where frames with their own header are written; see
	 * {@link ReactorNettyPipeline#preFramedWriteContext}.
	 */
	private final @Nullable ChannelHandlerContext preFramedContext;

	private volatile boolean closed;

	/** Whether the loop's writer holds this connection for its next flush; loop only. */
	boolean dirty;

	/** When the connection went past the limit, or 0; loop only. */
	private long congestedSince;

	private @Nullable ScheduledFuture<?> congestionTimer;

	private boolean closingForCongestion;

	WebSocketWriter(WebSocketTransport transport, Channel channel, WriteBufferLimits limits) {
		this.transport = transport;
		this.channel = channel;
		this.limits = limits;
		this.loopWriter = EventLoopWriter.of(channel.eventLoop());
		int high = (int) limits.limit();
		channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
		ReactorNettyPipeline.addWriter(channel, this);
		this.context = channel.pipeline().context(this);
		this.preFramedContext = ReactorNettyPipeline.preFramedWriteContext(channel);
	}

	/**
	 * Returns the channel of the connection.
	 * @return the channel
	 */
	Channel channel() {
		return this.channel;
	}

	/**
	 * Returns the writer of the connection's event loop.
	 * @return the loop's writer
	 */
	EventLoopWriter loopWriter() {
		return this.loopWriter;
	}

	/**
	 * Tells whether the connection is closed, or closing: nothing is written any more.
	 * @return whether it is closed
	 */
	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Writes nothing more, the connection being closed by other means.
	 */
	void markClosed() {
		this.closed = true;
	}

	/**
	 * Tells whether the client is behind: more than the limit waits for it.
	 * @return whether the channel is not writable
	 */
	boolean isCongested() {
		return !this.channel.isWritable();
	}

	/**
	 * Writes, on the event loop, one frame (consuming its reference) or closes the
	 * connection; called by the loop's writer in the order the writes were made.
	 * @param item an {@link EngineFrame} or {@link EventLoopWriter#CLOSE}
	 */
	void process(Object item) {
		if (item == EventLoopWriter.CLOSE) {
			sendClose(WebSocketCloseStatus.NORMAL_CLOSURE, WebSocketCloseStatus.NORMAL_CLOSURE.reasonText());
		}
		else {
			write((EngineFrame) item);
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

	/**
	 * Sends a close frame, after which the connection closes, unless it is closed
	 * already; on the loop.
	 * @param status the close status
	 * @param reason the reason, or {@code null} for none
	 */
	void sendClose(WebSocketCloseStatus status, @Nullable String reason) {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.channel.isActive()) {
			this.channel.writeAndFlush(new CloseWebSocketFrame(status.code(), reason))
				.addListener(ChannelFutureListener.CLOSE);
			// a client that stopped reading never takes the close frame, queued behind
			// what it did not read: the connection is closed anyway once the write
			// buffer's
			// timeout has passed (the reference's ws destroys the socket 30 s after its
			// close frame)
			ScheduledFuture<?> forced = this.channel.eventLoop().schedule(() -> {
				if (this.channel.isActive()) {
					this.channel.close();
				}
			}, this.limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
			this.channel.closeFuture().addListener((closed) -> forced.cancel(false));
		}
	}

	private void write(EngineFrame frame) {
		if (this.closed) {
			frame.release();
			return;
		}
		ChannelHandlerContext wireCtx = this.preFramedContext;
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
		this.loopWriter.markDirty(this);
		if (!this.channel.isWritable()) {
			onCongested();
		}
	}

	/**
	 * Flushes the channel; called by the loop's writer once per tick.
	 */
	void flush() {
		ChannelHandlerContext ctx = this.preFramedContext;
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

	/**
	 * On the loop, after a write left the connection past its limit: starts the
	 * congestion timer, and closes the connection at once past the maximum.
	 */
	private void onCongested() {
		if (this.congestedSince == 0) {
			this.congestedSince = System.nanoTime();
			this.congestionTimer = this.channel.eventLoop()
				.schedule(this::onCongestionTimeout, this.limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
			// writes may run with the session's monitor held: told in a task of its own
			this.channel.eventLoop().execute(this.transport::onCongested);
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
			this.transport.onCongestionClose(description);
			this.closed = true;
			this.channel.close();
		});
	}

}
