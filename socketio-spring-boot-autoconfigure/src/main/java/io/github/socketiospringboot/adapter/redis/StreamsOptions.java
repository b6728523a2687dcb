package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the Redis Streams protocol, with the defaults of the Node adapter
 * ({@code @socket.io/redis-streams-adapter} 0.3).
 *
 * @param streamName the stream, or the prefix of the streams when there are several
 * ({@code streamName}, default {@code socket.io})
 * @param streamCount how many streams the namespaces are spread over
 * ({@code streamCount}, default 1)
 * @param channelPrefix the prefix of the pub/sub channels ({@code channelPrefix}, default
 * {@code socket.io})
 * @param shardedPubSub whether the pub/sub messages use Redis 7 sharded pub/sub
 * ({@code useShardedPubSub}, default {@code false})
 * @param maxLength the length a stream is trimmed to, approximately ({@code maxLen},
 * default 10 000): also the bound of what a client can recover
 * @param readCount how many entries one read takes at most ({@code readCount}, default
 * 100)
 * @param blockTime how long one read waits for new entries ({@code blockTimeInMs},
 * default 5 s)
 * @param sessionKeyPrefix the prefix of the keys of the persisted sessions
 * ({@code sessionKeyPrefix}, default {@code sio:session:})
 * @param requestTimeout how long fetchSockets waits for the other servers, how long a
 * server count may take, and, with connection state recovery, how long a broadcast waits
 * for its entry id before it is delivered on this server without it (default 5 s)
 * @param sessionTimeToLive how long a persisted session is kept: the server's maximum
 * disconnection duration of connection state recovery (default 2 min)
 */
public record StreamsOptions(String streamName, int streamCount, String channelPrefix, boolean shardedPubSub,
		long maxLength, int readCount, Duration blockTime, String sessionKeyPrefix, Duration requestTimeout,
		Duration sessionTimeToLive) {

	/** The Node adapter's defaults. */
	public static final StreamsOptions DEFAULTS = new StreamsOptions("socket.io", 1, "socket.io", false, 10_000, 100,
			Duration.ofSeconds(5), "sio:session:", Duration.ofSeconds(5), Duration.ofMinutes(2));

	/**
	 * Checks the settings.
	 */
	public StreamsOptions {
		if (streamName.isEmpty() || channelPrefix.isEmpty()) {
			throw new IllegalArgumentException("The stream name and the channel prefix must not be empty");
		}
		if (streamCount < 1 || maxLength < 1 || readCount < 1) {
			throw new IllegalArgumentException("The stream count, maximum length and read count must be positive");
		}
		if (blockTime.isNegative() || blockTime.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()
				|| sessionTimeToLive.isNegative() || sessionTimeToLive.isZero()) {
			throw new IllegalArgumentException("The block time and the timeouts must be positive");
		}
	}

	/**
	 * Returns the stream of a namespace, as the Node adapter picks it: the stream name
	 * with one stream; else {@code <streamName>-<i>} where {@code i} is the namespace's
	 * {@link String#hashCode()} modulo the count, which keeps the sign as JavaScript's
	 * {@code %} does. So a namespace whose hash is negative gets a stream such as
	 * {@code socket.io--3}, which no server reads: the Node adapter's quirk, kept for
	 * compatibility (such a namespace's stream-borne messages reach no other server).
	 * @param namespace the namespace
	 * @return the stream
	 */
	public String streamOf(String namespace) {
		return (this.streamCount == 1) ? this.streamName
				: this.streamName + "-" + (namespace.hashCode() % this.streamCount);
	}

	/**
	 * Returns the streams every server reads: the stream name, or {@code <streamName>-0}
	 * to {@code <streamName>-(count-1)}.
	 * @return the streams
	 */
	public List<String> readStreams() {
		if (this.streamCount == 1) {
			return List.of(this.streamName);
		}
		List<String> streams = new ArrayList<>();
		for (int i = 0; i < this.streamCount; i++) {
			streams.add(this.streamName + "-" + i);
		}
		return List.copyOf(streams);
	}

}
