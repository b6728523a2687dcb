package io.github.socketiospringboot.internal.engine;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Lets tests outside the engine package observe session state that the wire does not
 * show, so that they can order concurrent requests without sleeping.
 */
public final class EngineTestAccess {

	private EngineTestAccess() {
	}

	/**
	 * Waits until the session's long-polling transport holds a pending GET.
	 * @param engine the engine
	 * @param sid the session id
	 * @param timeout how long to wait
	 */
	public static void awaitPendingPoll(EngineServer engine, String sid, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(2)).until(() -> hasPendingPoll(engine, sid));
	}

	private static boolean hasPendingPoll(EngineServer engine, String sid) {
		EngineSession session = engine.find(sid);
		if (session == null) {
			throw new IllegalStateException("Session " + sid + " is gone");
		}
		synchronized (session) {
			// a long-polling transport is writable exactly while a GET is pending
			return session.currentTransport().type() == TransportType.POLLING
					&& session.currentTransport().isWritable();
		}
	}

}
