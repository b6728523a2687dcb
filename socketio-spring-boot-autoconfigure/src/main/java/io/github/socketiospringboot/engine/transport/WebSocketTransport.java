package io.github.socketiospringboot.engine.transport;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.engine.EngineCloseReason;
import io.github.socketiospringboot.engine.EngineSession;
import io.github.socketiospringboot.engine.Transport;
import io.github.socketiospringboot.engine.TransportType;
import io.github.socketiospringboot.engine.protocol.EngineFrame;
import io.github.socketiospringboot.engine.protocol.EngineProtocolException;
import io.github.socketiospringboot.engine.protocol.InboundPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.internal.PlatformDependent;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * The WebSocket transport of one session, written straight to the Netty channel: frames
 * from any thread go through one queue per connection that the channel's event loop
 * drains in order, with one flush per drain.
 */
public final class WebSocketTransport extends Transport {

	private static final Object CLOSE = new Object();

	private final Channel channel;

	private final Queue<Object> outbound = PlatformDependent.newMpscQueue();

	private final AtomicInteger pending = new AtomicInteger();

	private final Runnable drainTask = this::drain;

	private volatile boolean closed;

	/**
	 * Creates the transport of an upgraded connection.
	 * @param channel the channel of the WebSocket connection
	 */
	public WebSocketTransport(Channel channel) {
		this.channel = channel;
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
		return inbound.aggregateFrames(maxMessageSize)
			.receiveFrames()
			.doOnNext(this::onFrame)
			.then()
			.onErrorResume((ex) -> {
				// a connection that ends without a close frame (the client went away) is
				// signalled as AbortedException: the reference calls that a transport
				// close; a reset or a bad frame is a transport error
				EngineCloseReason reason = (ex instanceof AbortedException) ? EngineCloseReason.TRANSPORT_CLOSE
						: EngineCloseReason.TRANSPORT_ERROR;
				session().onTransportClose(this, reason, ex.toString());
				return Mono.empty();
			})
			.doFinally((signal) -> {
				this.closed = true;
				session().onTransportClose(this, EngineCloseReason.TRANSPORT_CLOSE, null);
			});
	}

	private void onFrame(WebSocketFrame frame) {
		EngineSession session = session();
		InboundPacket packet;
		try {
			if (frame instanceof TextWebSocketFrame text) {
				packet = InboundPacket.decodeText(text.text());
			}
			else if (frame instanceof BinaryWebSocketFrame) {
				packet = InboundPacket.binaryMessage(ByteBufUtil.getBytes(frame.content()));
			}
			else {
				return;
			}
		}
		catch (EngineProtocolException ex) {
			session.onParseError(this, ex.getMessage());
			return;
		}
		session.onPacket(this, packet);
	}

	@Override
	protected boolean isWritable() {
		return !this.closed;
	}

	@Override
	protected void write(EngineFrame frame) {
		enqueue(frame);
	}

	@Override
	protected void write(List<EngineFrame> frames) {
		for (EngineFrame frame : frames) {
			enqueue(frame);
		}
	}

	@Override
	protected void close(EngineCloseReason reason, List<EngineFrame> remaining) {
		boolean byServer = reason == EngineCloseReason.FORCED_CLOSE || reason == EngineCloseReason.SERVER_SHUTTING_DOWN;
		if (byServer) {
			remaining.forEach(this::enqueue);
		}
		else {
			remaining.forEach(EngineFrame::release);
		}
		this.outbound.offer(CLOSE);
		scheduleDrain();
	}

	private void enqueue(EngineFrame frame) {
		this.outbound.offer(frame);
		scheduleDrain();
	}

	private void scheduleDrain() {
		if (this.pending.getAndIncrement() == 0) {
			if (this.channel.eventLoop().inEventLoop()) {
				drain();
			}
			else {
				try {
					this.channel.eventLoop().execute(this.drainTask);
				}
				catch (java.util.concurrent.RejectedExecutionException ex) {
					// the event loop is shutting down: nothing will be written any more
					this.closed = true;
					drain();
				}
			}
		}
	}

	private void drain() {
		int missed = 1;
		boolean wrote = false;
		boolean closeNow = false;
		do {
			Object next;
			while ((next = this.outbound.poll()) != null) {
				if (next == CLOSE) {
					closeNow |= !this.closed;
					this.closed = true;
					continue;
				}
				EngineFrame frame = (EngineFrame) next;
				if (this.closed) {
					frame.release();
					continue;
				}
				ByteBuf content = frame.content().duplicate();
				this.channel.write(
						frame.isBinary() ? new BinaryWebSocketFrame(content) : new TextWebSocketFrame(content),
						this.channel.voidPromise());
				wrote = true;
			}
			missed = this.pending.addAndGet(-missed);
		}
		while (missed != 0);
		if (closeNow && this.channel.isActive()) {
			this.channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
				.addListener(ChannelFutureListener.CLOSE);
		}
		else if (wrote) {
			this.channel.flush();
		}
	}

}
