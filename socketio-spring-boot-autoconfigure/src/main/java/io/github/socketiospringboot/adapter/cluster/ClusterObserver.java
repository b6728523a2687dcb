package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Observes the traffic of a {@link ClusterAdapter}, for metrics: what it publishes and
 * what fails, how long the other servers take to answer, how many servers there are. It
 * is told once per message or request, never once per recipient.
 *
 * <p>
 * Called on whichever thread the event happened (an application thread, the transport's
 * I/O thread, the server's timer); must be fast and must not block. Every method does
 * nothing by default.
 */
public interface ClusterObserver {

	/** Observes nothing. */
	ClusterObserver NONE = new ClusterObserver() {
	};

	/**
	 * Called when the transport took a message for the other servers.
	 * @param message the message
	 */
	default void onPublished(ClusterMessage message) {
	}

	/**
	 * Called when a message could not be published.
	 * @param message the message
	 * @param error why
	 */
	default void onPublicationFailed(ClusterMessage message, Throwable error) {
	}

	/**
	 * Called when a request to the other servers ended: every answer came, the timeout
	 * passed ({@link RequestTimeoutException}), or it failed.
	 * @param request the request ({@link ClusterMessage.FetchSockets},
	 * {@link ClusterMessage.ServerSideEmit} or {@link ClusterMessage.AllRooms})
	 * @param latency how long it took
	 * @param error why it did not complete, or {@code null} when every answer came
	 */
	default void onRequestEnded(ClusterMessage request, Duration latency, @Nullable Throwable error) {
	}

	/**
	 * Called with the number of servers each time the adapter counts them.
	 * @param namespace the namespace
	 * @param count the number of servers, this one included
	 */
	default void onServerCount(String namespace, int count) {
	}

}
