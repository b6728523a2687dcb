package io.github.socketiospringboot.adapter;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Receives what an adapter learns while a broadcast with acknowledgements runs: how many
 * clients each server reached, and each client's answer.
 */
public interface AckCollector {

	/**
	 * Called once per server that sent the broadcast, with the number of its recipients.
	 * @param count the number of clients that will answer
	 */
	void onClientCount(int count);

	/**
	 * Called by the adapter with the sockets of this server that were sent the broadcast,
	 * before {@link #onClientCount} reports them; lets the collector forget their pending
	 * acknowledgements on timeout.
	 * @param sockets the local recipients
	 */
	default void onLocalRecipients(java.util.List<LocalSocket> sockets) {
	}

	/**
	 * Asks to be told when the collection has ended: every answer came, the timeout
	 * passed, or nobody waits for the answers any more. A cluster adapter forgets the
	 * broadcast then.
	 * @param action what to run once the collection has ended (at once if it has)
	 * @return whether the action will run; when not, a cluster adapter forgets the
	 * broadcast after {@link #timeout()}
	 */
	default boolean whenDone(Runnable action) {
		return false;
	}

	/**
	 * Returns how long the broadcast waits for the answers, which a cluster adapter tells
	 * the other servers.
	 * @return the timeout, or {@code null} when not known
	 */
	default @Nullable Duration timeout() {
		return null;
	}

	/**
	 * Called for each answer.
	 * @param socketId the socket that answered
	 * @param args the arguments of its answer (a JSON array)
	 */
	void onAck(String socketId, JsonNode args);

}
