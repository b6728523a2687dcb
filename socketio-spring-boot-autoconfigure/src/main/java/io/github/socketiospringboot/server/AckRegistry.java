package io.github.socketiospringboot.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The acknowledgements one socket's client is expected to send, by id. A socket creates
 * it on its first acknowledgement; the one most sockets await at a time is kept out of
 * the map, which is created on first use.
 */
final class AckRegistry {

	/** Guarded by this registry's monitor, with {@link #sole}. */
	private long soleId;

	private @Nullable Consumer<JsonNode> sole;

	private volatile @Nullable Map<Long, Consumer<JsonNode>> others;

	/**
	 * Registers the callback of an acknowledgement.
	 * @param ackId the id the client will answer
	 * @param callback receives the client's arguments
	 */
	void expect(long ackId, Consumer<JsonNode> callback) {
		synchronized (this) {
			if (this.sole == null) {
				this.soleId = ackId;
				this.sole = callback;
				return;
			}
		}
		others().put(ackId, callback);
	}

	/**
	 * Takes the callback of an acknowledgement out of the registry.
	 * @param ackId the id
	 * @return the callback, or {@code null} when that id is not awaited
	 */
	@Nullable Consumer<JsonNode> take(long ackId) {
		synchronized (this) {
			Consumer<JsonNode> callback = this.sole;
			if (callback != null && this.soleId == ackId) {
				this.sole = null;
				return callback;
			}
		}
		Map<Long, Consumer<JsonNode>> map = this.others;
		return (map != null) ? map.remove(ackId) : null;
	}

	/**
	 * Forgets every awaited acknowledgement: the socket has left.
	 */
	void clear() {
		synchronized (this) {
			this.sole = null;
		}
		Map<Long, Consumer<JsonNode>> map = this.others;
		if (map != null) {
			map.clear();
		}
	}

	private Map<Long, Consumer<JsonNode>> others() {
		Map<Long, Consumer<JsonNode>> map = this.others;
		if (map == null) {
			synchronized (this) {
				map = this.others;
				if (map == null) {
					map = new ConcurrentHashMap<>();
					this.others = map;
				}
			}
		}
		return map;
	}

}
