package io.github.socketiospringboot.internal.engine;

import org.jspecify.annotations.Nullable;

/**
 * Receives what happens on one Engine.IO session. Methods are called on I/O threads, one
 * at a time per session, and must not block.
 */
public interface EngineSocketListener {

	/**
	 * Called for each text message received.
	 * @param text the message
	 */
	void onMessage(String text);

	/**
	 * Called for each binary message received.
	 * @param bytes the message
	 */
	void onBinary(byte[] bytes);

	/**
	 * Called once when the session has ended.
	 * @param reason why it ended
	 * @param description details of the error, if one caused it
	 */
	void onClose(EngineCloseReason reason, @Nullable String description);

	/**
	 * Called once the session completed its upgrade to another transport; for
	 * instrumentation. Does nothing by default.
	 * @param from the transport it left
	 * @param to the transport it uses now
	 */
	default void onUpgrade(TransportType from, TransportType to) {
	}

	/**
	 * Called when what waits for the client went past the write-buffer limit; called
	 * again only once it came back under it. For instrumentation; does nothing by
	 * default.
	 */
	default void onWriteCongested() {
	}

	/**
	 * Called when the session is about to close because its client did not take what it
	 * was sent (past the write-buffer maximum, or congested too long), before
	 * {@link #onClose}. For instrumentation; does nothing by default.
	 */
	default void onWriteBufferClose() {
	}

}
