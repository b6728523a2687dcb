package io.github.socketiospringboot.adapter.redis;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.adapter.cluster.PubSubTransport.MessageListener;
import io.lettuce.core.pubsub.RedisPubSubListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The channels and patterns the adapters of one server want, with their listeners, and
 * the hand-over of each message to its listener: what a connection subscribes to after a
 * reconnection or a failover, and what it delivers.
 */
final class WantedSubscriptions implements RedisPubSubListener<String, byte[]> {

	private static final Log logger = LogFactory.getLog(LettucePubSubTransport.class);

	private final Map<String, MessageListener> channels = new ConcurrentHashMap<>();

	private final Map<String, MessageListener> patterns = new ConcurrentHashMap<>();

	void addChannel(String channel, MessageListener listener) {
		this.channels.put(channel, listener);
	}

	void removeChannel(String channel) {
		this.channels.remove(channel);
	}

	void addPattern(String pattern, MessageListener listener) {
		this.patterns.put(pattern, listener);
	}

	void removePattern(String pattern) {
		this.patterns.remove(pattern);
	}

	boolean hasChannel(String channel) {
		return this.channels.containsKey(channel);
	}

	Set<String> channels() {
		return Set.copyOf(this.channels.keySet());
	}

	Set<String> patterns() {
		return Set.copyOf(this.patterns.keySet());
	}

	// ---- messages, on Lettuce's I/O thread

	@Override
	public void message(String channel, byte[] message) {
		dispatch(this.channels.get(channel), channel, message);
	}

	@Override
	public void message(String pattern, String channel, byte[] message) {
		dispatch(this.patterns.get(pattern), channel, message);
	}

	@Override
	public void smessage(String channel, byte[] message) {
		dispatch(this.channels.get(channel), channel, message);
	}

	private static void dispatch(@Nullable MessageListener listener, String channel, byte[] message) {
		if (listener == null) {
			return;
		}
		try {
			listener.onMessage(channel, message);
		}
		catch (RuntimeException ex) {
			logger.error("Listener of Redis channel " + channel + " failed", ex);
		}
	}

	@Override
	public void subscribed(String channel, long count) {
	}

	@Override
	public void psubscribed(String pattern, long count) {
	}

	@Override
	public void unsubscribed(String channel, long count) {
	}

	@Override
	public void punsubscribed(String pattern, long count) {
	}

}
