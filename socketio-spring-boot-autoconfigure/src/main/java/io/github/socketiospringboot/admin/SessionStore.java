package io.github.socketiospringboot.admin;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The UI's sessions, in memory as the reference's {@code InMemoryStore}: a session id the
 * UI was given after logging in lets it reconnect without the password (after a reload,
 * or to another server of the cluster, which learns of the session through
 * {@code serverSideEmit}). Unlike the reference's store, a session expires (after a day,
 * as with the reference's Redis store) and the store keeps at most {@value #MAX_SESSIONS}
 * of them, the oldest dropped first.
 */
final class SessionStore {

	static final int MAX_SESSIONS = 10_000;

	static final Duration DURATION = Duration.ofDays(1);

	private final Map<String, Long> expiries = new ConcurrentHashMap<>();

	private final LongSupplier clock;

	SessionStore(LongSupplier clock) {
		this.clock = clock;
	}

	boolean exists(String sessionId) {
		Long expiry = this.expiries.get(sessionId);
		if (expiry == null) {
			return false;
		}
		if (expiry <= this.clock.getAsLong()) {
			this.expiries.remove(sessionId, expiry);
			return false;
		}
		return true;
	}

	void save(String sessionId) {
		long now = this.clock.getAsLong();
		if (this.expiries.size() >= MAX_SESSIONS) {
			evict(now);
		}
		this.expiries.put(sessionId, now + DURATION.toMillis());
	}

	private void evict(long now) {
		this.expiries.values().removeIf((expiry) -> expiry <= now);
		while (this.expiries.size() >= MAX_SESSIONS) {
			String oldest = null;
			long oldestExpiry = Long.MAX_VALUE;
			for (Iterator<Map.Entry<String, Long>> it = this.expiries.entrySet().iterator(); it.hasNext();) {
				Map.Entry<String, Long> entry = it.next();
				if (entry.getValue() < oldestExpiry) {
					oldest = entry.getKey();
					oldestExpiry = entry.getValue();
				}
			}
			if (oldest == null) {
				return;
			}
			this.expiries.remove(oldest);
		}
	}

	int size() {
		return this.expiries.size();
	}

}
