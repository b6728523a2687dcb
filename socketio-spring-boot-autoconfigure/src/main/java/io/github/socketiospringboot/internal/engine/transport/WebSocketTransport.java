package io.github.socketiospringboot.internal.engine.transport;

import java.util.List;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.Transport;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.internal.engine.WriteBufferLimits;
import io.github.socketiospringboot.internal.engine.WriteExecutor;
import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.github.socketiospringboot.internal.engine.protocol.InboundPacket;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * The WebSocket transport of one session, written straight to the Netty channel. On the
 * channel's event loop frames are written at once; from other threads they go through the
 * loop's {@link EventLoopWriter}, which keeps them in order. Either way the channel is
 * flushed once per loop tick.
 *
 * <p>
 * Three pieces do the work: the {@link WebSocketWriter} writes the frames and bounds what
 * waits for the client, the {@link WebSocketFrameReader} reads every frame the client
 * sends, and {@link WebSocketConnectionEnd} reports the end of the connection. This class
 * is what the session sees of them, and where each way a connection closes becomes the
 * session's close reason. Where the pieces go in Reactor Netty's pipeline is
 * {@link ReactorNettyPipeline}'s business.
 */
public final class WebSocketTransport extends Transport {

	private final WebSocketWriter writer;

	private final EventLoopWriter loopWriter;

	/**
	 * Creates the transport of an upgraded connection; it can write at once.
	 * @param channel the channel of the WebSocket connection
	 * @param limits how much may wait for a client that does not read
	 */
	public WebSocketTransport(Channel channel, WriteBufferLimits limits) {
		this.writer = new WebSocketWriter(this, channel, limits);
		this.loopWriter = this.writer.loopWriter();
	}

	@Override
	public TransportType type() {
		return TransportType.WEBSOCKET;
	}

	/**
	 * Reads the connection until it ends, handing each message to the session; called
	 * once the transport belongs to a session.
	 * @param inbound the connection's inbound side
	 * @param maxMessageSize the largest message accepted, in bytes
	 * @return completes when the connection has ended
	 */
	public Mono<Void> receive(WebsocketInbound inbound, int maxMessageSize) {
		Channel channel = channel();
		ReactorNettyPipeline.addFrameReader(channel,
				new WebSocketFrameReader(this, maxMessageSize, ReactorNettyPipeline.hasExtensions(channel)));
		return new WebSocketConnectionEnd(this, inbound);
	}

	/**
	 * Returns the channel of the connection.
	 * @return the channel
	 */
	Channel channel() {
		return this.writer.channel();
	}

	// what the reader finds

	/**
	 * Hands a message the client sent to the session; on the loop.
	 * @param packet the Engine.IO packet of the message
	 */
	void onPacket(InboundPacket packet) {
		session().onPacket(this, packet);
	}

	/**
	 * Tells the session that a message was not an Engine.IO packet; on the loop.
	 * @param description what was wrong
	 */
	void onParseError(String description) {
		session().onParseError(this, description);
	}

	/**
	 * Fails the connection for something the client sent that breaks RFC 6455, as the
	 * reference server does: a close frame with the status (and no reason), the
	 * connection closed after it, and the session ended with a transport error. On the
	 * loop.
	 * @param status the close status
	 * @param description what was wrong, in the reference server's words
	 */
	void fail(WebSocketCloseStatus status, String description) {
		this.writer.sendClose(status, null);
		session().onTransportClose(this, EngineCloseReason.TRANSPORT_ERROR, description);
	}

	/**
	 * Ends the session of a connection whose frame decoder refused a frame and sent the
	 * close frame itself (a frame over the size limit, say); on the loop.
	 * @param error the decoder's error
	 */
	void onFrameRefused(Throwable error) {
		this.writer.markClosed();
		session().onTransportClose(this, EngineCloseReason.TRANSPORT_ERROR, error.toString());
	}

	// what the writer finds

	/**
	 * Tells the session that the connection went past its write-buffer limit; on the
	 * loop.
	 */
	void onCongested() {
		session().onWriteCongested();
	}

	/**
	 * Ends the session of a connection closed because its client does not read; on the
	 * loop.
	 * @param description how far behind the client is
	 */
	void onCongestionClose(String description) {
		session().onWriteBufferClose();
		session().onTransportClose(this, EngineCloseReason.TRANSPORT_ERROR, description);
	}

	// how the connection ends

	/**
	 * Ends the session of a connection that failed.
	 * @param error what ended the connection's inbound side
	 */
	void onConnectionFailed(Throwable error) {
		// a connection that ends without a close frame (the client went away) is a
		// transport close to the reference; a reset or a bad frame is a transport error
		EngineCloseReason reason = ReactorNettyPipeline.isClosedWithoutCloseFrame(error)
				? EngineCloseReason.TRANSPORT_CLOSE : EngineCloseReason.TRANSPORT_ERROR;
		session().onTransportClose(this, reason, error.toString());
	}

	/**
	 * Ends the session of a connection that has ended, unless it has ended already.
	 */
	void onConnectionEnd() {
		this.writer.markClosed();
		session().onTransportClose(this, EngineCloseReason.TRANSPORT_CLOSE, null);
	}

	// the session's side

	@Override
	protected boolean isWritable() {
		return !this.writer.isClosed();
	}

	@Override
	protected WriteExecutor writeExecutor() {
		return this.loopWriter;
	}

	@Override
	protected boolean isCongested() {
		return this.writer.isCongested();
	}

	@Override
	protected void write(EngineFrame frame) {
		this.loopWriter.write(this.writer, frame);
	}

	@Override
	protected void write(List<EngineFrame> frames) {
		this.loopWriter.write(this.writer, frames);
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
		this.loopWriter.write(this.writer, EventLoopWriter.CLOSE);
	}

}
