package io.github.socketiospringboot.server;

import io.github.socketiospringboot.broadcast.Args;

/**
 * Sees every event of a socket, incoming ({@code onAny}) or outgoing
 * ({@code onAnyOutgoing}). Must not block.
 */
@FunctionalInterface
public interface AnyListener {

	/**
	 * Called for each event.
	 * @param event the event name
	 * @param args its arguments
	 */
	void onAny(String event, Args args);

}
