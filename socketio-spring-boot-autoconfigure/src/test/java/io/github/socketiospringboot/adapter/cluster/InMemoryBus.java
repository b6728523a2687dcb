package io.github.socketiospringboot.adapter.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.github.socketiospringboot.adapter.cluster.PubSubTransport.MessageListener;
import reactor.core.publisher.Mono;

/**
 * A publish/subscribe bus in memory that delivers each publication synchronously, on the
 * publishing thread, to every connection subscribed to its channel (or to a matching
 * pattern), and records every publication, for tests of the protocols without Redis.
 */
public final class InMemoryBus {

	private final List<Connection> connections = new CopyOnWriteArrayList<>();

	private final List<Publication> published = new CopyOnWriteArrayList<>();

	private volatile boolean down;

	/**
	 * Opens a connection, the transport of one server.
	 * @return the connection
	 */
	public Connection connect() {
		Connection connection = new Connection();
		this.connections.add(connection);
		return connection;
	}

	/**
	 * Makes the bus unreachable, or reachable again.
	 * @param down whether it is unreachable
	 */
	public void down(boolean down) {
		this.down = down;
	}

	/**
	 * Returns every publication so far.
	 * @return the publications, in order
	 */
	public List<Publication> published() {
		return List.copyOf(this.published);
	}

	/**
	 * Returns the publications on channels that pass a test.
	 * @param channel the test
	 * @return the publications, in order
	 */
	public List<Publication> published(Predicate<String> channel) {
		return this.published.stream().filter((publication) -> channel.test(publication.channel())).toList();
	}

	/**
	 * Forgets the publications so far.
	 */
	public void clear() {
		this.published.clear();
	}

	/**
	 * Publishes as another party would.
	 * @param channel the channel
	 * @param payload the bytes
	 */
	public void inject(String channel, byte[] payload) {
		deliver(channel, payload);
	}

	private void deliver(String channel, byte[] payload) {
		this.published.add(new Publication(channel, payload));
		for (Connection connection : this.connections) {
			connection.deliver(channel, payload);
		}
	}

	static boolean matches(String pattern, String channel) {
		return matches(pattern, 0, channel, 0);
	}

	private static boolean matches(String pattern, int p, String text, int t) {
		if (p == pattern.length()) {
			return t == text.length();
		}
		char c = pattern.charAt(p);
		if (c == '*') {
			for (int i = t; i <= text.length(); i++) {
				if (matches(pattern, p + 1, text, i)) {
					return true;
				}
			}
			return false;
		}
		return t < text.length() && (c == '?' || c == text.charAt(t)) && matches(pattern, p + 1, text, t + 1);
	}

	/**
	 * One publication.
	 *
	 * @param channel the channel
	 * @param payload the bytes
	 */
	public record Publication(String channel, byte[] payload) {

		/**
		 * Returns the payload in hexadecimal.
		 * @return the hex
		 */
		public String hex() {
			return HexFormat.of().formatHex(this.payload);
		}

		/**
		 * Returns the payload as text.
		 * @return the text
		 */
		public String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

	/**
	 * The transport of one server on this bus.
	 */
	public final class Connection implements PubSubTransport {

		private final Map<String, MessageListener> channels = new ConcurrentHashMap<>();

		private final Map<String, MessageListener> patterns = new ConcurrentHashMap<>();

		private final List<String> log = new CopyOnWriteArrayList<>();

		/**
		 * Returns the channels this connection is subscribed to.
		 * @return the channels
		 */
		public Set<String> channels() {
			return Set.copyOf(this.channels.keySet());
		}

		/**
		 * Returns the subscription commands so far, e.g. {@code SUBSCRIBE x}.
		 * @return the commands
		 */
		public List<String> log() {
			return new ArrayList<>(this.log);
		}

		/**
		 * Closes the connection: it receives nothing more and is no longer counted.
		 */
		public void close() {
			InMemoryBus.this.connections.remove(this);
		}

		void deliver(String channel, byte[] payload) {
			MessageListener listener = this.channels.get(channel);
			if (listener != null) {
				listener.onMessage(channel, payload.clone());
			}
			this.patterns.forEach((pattern, patternListener) -> {
				if (matches(pattern, channel)) {
					patternListener.onMessage(channel, payload.clone());
				}
			});
		}

		@Override
		public Mono<Void> subscribe(String channel, MessageListener listener) {
			return Mono.fromRunnable(() -> {
				this.log.add("SUBSCRIBE " + channel);
				this.channels.put(channel, listener);
			});
		}

		@Override
		public Mono<Void> unsubscribe(String channel) {
			return Mono.fromRunnable(() -> {
				this.log.add("UNSUBSCRIBE " + channel);
				this.channels.remove(channel);
			});
		}

		@Override
		public Mono<Void> psubscribe(String pattern, MessageListener listener) {
			return Mono.fromRunnable(() -> {
				this.log.add("PSUBSCRIBE " + pattern);
				this.patterns.put(pattern, listener);
			});
		}

		@Override
		public Mono<Void> punsubscribe(String pattern) {
			return Mono.fromRunnable(() -> {
				this.log.add("PUNSUBSCRIBE " + pattern);
				this.patterns.remove(pattern);
			});
		}

		@Override
		public Mono<Void> publish(String channel, byte[] payload) {
			return Mono.defer(() -> {
				if (InMemoryBus.this.down) {
					return Mono.error(new IllegalStateException("bus down"));
				}
				InMemoryBus.this.deliver(channel, payload);
				return Mono.<Void>empty();
			});
		}

		@Override
		public Mono<Integer> subscriberCount(String channel) {
			return Mono.defer(() -> {
				if (InMemoryBus.this.down) {
					return Mono.error(new IllegalStateException("bus down"));
				}
				int count = 0;
				for (Connection connection : InMemoryBus.this.connections) {
					if (connection.channels.containsKey(channel)) {
						count++;
					}
				}
				return Mono.just(count);
			});
		}

	}

}
