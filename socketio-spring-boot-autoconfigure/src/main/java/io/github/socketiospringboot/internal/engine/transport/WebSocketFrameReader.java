package io.github.socketiospringboot.internal.engine.transport;

import io.github.socketiospringboot.internal.engine.protocol.EngineProtocolException;
import io.github.socketiospringboot.internal.engine.protocol.InboundPacket;
import io.github.socketiospringboot.internal.engine.protocol.InvalidUtf8Exception;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;

/**
 * Reads the frames of one WebSocket connection, right behind Netty's frame decoder: the
 * one way in for everything the client sends.
 *
 * <ul>
 * <li>A text or binary message goes to the session: a frame that is a whole message (the
 * common case) at once, a fragmented one once its fragments are joined. Text is decoded
 * straight from the frame's bytes, and checked as UTF-8 on the way.</li>
 * <li>Ping and close frames go on to Reactor Netty, which answers them (a close ends the
 * connection, whose end reaches the transport through {@link WebSocketConnectionEnd}); a
 * pong answers nothing the server sent, and is dropped.</li>
 * <li>What the decoder lets through and the reference server refuses fails the connection
 * with the reference's close status: reserved bits set although no extension was
 * negotiated (1002), a fragmented message whose fragments add up to more than the size
 * limit (1009, as for one frame over it), text that is not UTF-8 (1007). What the decoder
 * refuses itself (a frame over the limit, a bad opcode) it answers with its own close
 * frame; the session then ends with a transport error.</li>
 * </ul>
 * Once the connection has failed, what the client sends is dropped. On the loop.
 */
final class WebSocketFrameReader extends ChannelInboundHandlerAdapter {

	/** As many fragments as Netty's aggregator keeps before it consolidates them. */
	private static final int MAX_COMPONENTS = 1024;

	private final WebSocketTransport transport;

	private final int maxMessageSize;

	private final boolean extensions;

	/** The fragments of the message under way, or {@code null} outside one. */
	private @Nullable CompositeByteBuf fragments;

	private boolean binaryFragments;

	private boolean failed;

	/**
	 * Creates the reader of a connection.
	 * @param transport the transport its messages go to
	 * @param maxMessageSize the largest message accepted, in bytes
	 * @param extensions whether the connection negotiated an extension, whose frames may
	 * carry reserved bits
	 */
	WebSocketFrameReader(WebSocketTransport transport, int maxMessageSize, boolean extensions) {
		this.transport = transport;
		this.maxMessageSize = maxMessageSize;
		this.extensions = extensions;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (!(msg instanceof WebSocketFrame frame)) {
			ctx.fireChannelRead(msg);
			return;
		}
		if (this.failed) {
			frame.release();
			return;
		}
		if (frame.rsv() != 0 && !this.extensions) {
			frame.release();
			fail(((frame.rsv() & 0b011) != 0) ? FrameViolation.RSV2_RSV3 : FrameViolation.RSV1);
			return;
		}
		if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
			if (frame.isFinalFragment() && this.fragments == null) {
				try {
					read(frame.content(), frame instanceof BinaryWebSocketFrame);
				}
				finally {
					frame.release();
				}
			}
			else {
				startFragments(ctx, frame);
			}
		}
		else if (frame instanceof ContinuationWebSocketFrame) {
			continueFragments(frame);
		}
		else if (frame instanceof PongWebSocketFrame) {
			frame.release();
		}
		else {
			// ping and close: Reactor Netty answers them
			ctx.fireChannelRead(frame);
		}
	}

	private void startFragments(ChannelHandlerContext ctx, WebSocketFrame frame) {
		// the decoder refuses a new message inside a fragmented one: should one come all
		// the same, what came before it is dropped
		discardFragments();
		CompositeByteBuf joined = ctx.alloc().compositeBuffer(MAX_COMPONENTS);
		joined.addComponent(true, frame.content());
		this.binaryFragments = frame instanceof BinaryWebSocketFrame;
		if (frame.isFinalFragment()) {
			try {
				read(joined, this.binaryFragments);
			}
			finally {
				joined.release();
			}
		}
		else {
			this.fragments = joined;
		}
	}

	private void continueFragments(WebSocketFrame frame) {
		CompositeByteBuf joined = this.fragments;
		if (joined == null) {
			// the decoder refuses a continuation outside a message: nothing to add it to
			frame.release();
			return;
		}
		if (joined.readableBytes() + (long) frame.content().readableBytes() > this.maxMessageSize) {
			frame.release();
			fail(FrameViolation.TOO_BIG);
			return;
		}
		joined.addComponent(true, frame.content());
		if (frame.isFinalFragment()) {
			this.fragments = null;
			try {
				read(joined, this.binaryFragments);
			}
			finally {
				joined.release();
			}
		}
	}

	/**
	 * Hands a whole message to the transport.
	 */
	private void read(ByteBuf content, boolean binary) {
		InboundPacket packet;
		try {
			packet = binary ? InboundPacket.binaryMessage(ByteBufUtil.getBytes(content))
					: InboundPacket.decodeText(content);
		}
		catch (InvalidUtf8Exception ex) {
			fail(new FrameViolation(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, ex.getMessage()));
			return;
		}
		catch (EngineProtocolException ex) {
			this.transport.onParseError(ex.getMessage());
			return;
		}
		this.transport.onPacket(packet);
	}

	private void fail(FrameViolation violation) {
		this.failed = true;
		discardFragments();
		this.transport.fail(violation.status(), violation.description());
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
		if (cause instanceof CorruptedWebSocketFrameException && !this.failed) {
			// the decoder refused a frame and sent its close frame: what it reads next is
			// dropped, and the session ends as it did when the error reached the end of
			// the connection
			this.failed = true;
			discardFragments();
			this.transport.onFrameRefused(cause);
		}
		ctx.fireExceptionCaught(cause);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		discardFragments();
		super.channelInactive(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		discardFragments();
	}

	private void discardFragments() {
		CompositeByteBuf joined = this.fragments;
		if (joined != null) {
			this.fragments = null;
			joined.release();
		}
	}

	@Override
	public boolean isSharable() {
		return false;
	}

	/**
	 * A frame the connection is failed for: its close status and the reference server's
	 * description.
	 */
	private record FrameViolation(WebSocketCloseStatus status, String description) {

		static final FrameViolation RSV1 = new FrameViolation(WebSocketCloseStatus.PROTOCOL_ERROR,
				"Invalid WebSocket frame: RSV1 must be clear");

		static final FrameViolation RSV2_RSV3 = new FrameViolation(WebSocketCloseStatus.PROTOCOL_ERROR,
				"Invalid WebSocket frame: RSV2 and RSV3 must be clear");

		static final FrameViolation TOO_BIG = new FrameViolation(WebSocketCloseStatus.MESSAGE_TOO_BIG,
				"Max payload size exceeded");

	}

}
