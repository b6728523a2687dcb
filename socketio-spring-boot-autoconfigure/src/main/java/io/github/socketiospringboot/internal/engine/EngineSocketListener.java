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

}
