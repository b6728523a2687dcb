package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The Redis commands of the Streams protocol, shared by the {@link StreamsAdapter}s of a
 * server: appending to a stream, reading ranges of it, one reading loop per stream, and
 * the keys of the persisted sessions. No method blocks; while Redis cannot be reached,
 * commands fail at once rather than queue.
 */
interface StreamTransport {

	/**
	 * Appends an entry: {@code XADD <stream> MAXLEN ~ <maxLength> * <fields>}.
	 * @param stream the stream
	 * @param fields the fields, in order
	 * @param maxLength the approximate length the stream is trimmed to
	 * @return the id of the entry
	 */
	Mono<String> add(String stream, java.util.LinkedHashMap<String, String> fields, long maxLength);

	/**
	 * Reads the entries of a range: {@code XRANGE <stream> <start> <end>}.
	 * @param stream the stream
	 * @param start the first id, inclusive
	 * @param end the last id, inclusive, or {@code null} for the end of the stream
	 * @return the entries, in order
	 */
	Mono<List<StreamEntry>> range(String stream, String start, @Nullable String end);

	/**
	 * Starts the reading loop of a stream, from its current end: the listener is told
	 * each new entry, in order, one at a time, on one thread at a time; after a lost
	 * connection the loop resumes after the last entry it read.
	 * @param stream the stream
	 * @param listener takes the entries; must not block
	 */
	void read(String stream, Consumer<StreamEntry> listener);

	/**
	 * Waits until the reading loop of a stream has handed over every entry up to an id.
	 * The returned {@link Mono} completes in the loop's turn, between two entries, so
	 * what its subscriber does then runs before the loop hands over the next entry.
	 * @param stream the stream
	 * @param id the id
	 * @return completes once the loop is past the id
	 */
	Mono<Void> readPast(String stream, String id);

	/**
	 * Stores a value with an expiry: {@code SET <key> <value> PX <ttl>}.
	 * @param key the key
	 * @param value the value
	 * @param ttl its time to live
	 * @return completes when Redis stored it
	 */
	Mono<Void> set(String key, String value, Duration ttl);

	/**
	 * Reads and deletes a value at once, as the reference's {@code MULTI; GET; DEL; EXEC}
	 * does.
	 * @param key the key
	 * @return the value, or empty when there is none
	 */
	Mono<String> take(String key);

}
