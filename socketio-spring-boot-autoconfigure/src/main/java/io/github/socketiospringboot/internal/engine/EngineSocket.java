package io.github.socketiospringboot.internal.engine;

import java.util.List;

import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;

/**
 * One Engine.IO session as the layer above the engine sees it: a bidirectional channel of
 * text and binary messages that survives the upgrade from polling to WebSocket.
 *
 * <p>
 * Every method is safe to call from any thread; messages are delivered in the order they
 * were sent.
 */
public interface EngineSocket {

	/**
	 * Returns the session id ({@code sid}); it is a secret shared with the client only.
	 * @return the session id
	 */
	String id();

	/**
	 * Returns the request that opened the session.
	 * @return the handshake request
	 */
	EngineRequest request();

	/**
	 * Returns the transport in use now.
	 * @return the current transport
	 */
	TransportType transport();

	/**
	 * Tells whether the session is still open.
	 * @return {@code true} until the session closes
	 */
	boolean isOpen();

	/**
	 * Tells whether a frame sent now would be written at once rather than queued: what a
	 * volatile send checks before sending.
	 * @return whether the connection can take a frame right now
	 */
	boolean isWritable();

	/**
	 * Sends one encoded frame. The caller keeps its own reference; the session takes
	 * another for as long as it needs the bytes, so one frame can be sent to many
	 * sessions.
	 * @param frame the frame
	 */
	void send(EngineFrame frame);

	/**
	 * Sends several encoded frames one after the other, with no frame of a concurrent
	 * send between them: a Socket.IO packet and its binary attachments. The caller keeps
	 * its own references, as with {@link #send(EngineFrame)}.
	 * @param frames the frames, in order
	 */
	void send(List<EngineFrame> frames);

	/**
	 * Sends a text message.
	 * @param text the message
	 */
	default void send(String text) {
		EngineFrame frame = EngineFrame.message(text, ByteBufAllocator.DEFAULT);
		try {
			send(frame);
		}
		finally {
			frame.release();
		}
	}

	/**
	 * Sends a binary message.
	 * @param bytes the message
	 */
	default void send(byte[] bytes) {
		EngineFrame frame = EngineFrame.binary(bytes);
		try {
			send(frame);
		}
		finally {
			frame.release();
		}
	}

	/**
	 * Closes the session from the server side once what was sent before has been written.
	 */
	void close();

	/**
	 * Returns the executor of the event loop that writes to this connection for the rest
	 * of its life, if it is settled on one: work handed to it stays in order with what is
	 * sent to the connection.
	 * @return the executor, or {@code null} (long-polling, an upgrade under way)
	 */
	default @Nullable WriteExecutor writeExecutor() {
		return null;
	}

}
