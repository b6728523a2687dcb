package io.github.socketiospringboot.tests.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;

/**
 * What the application's handlers saw, by key, in the order they saw it; read by the
 * tests.
 */
public class Recorder {

	private final Map<String, List<Object>> records = new ConcurrentHashMap<>();

	/**
	 * Records a value.
	 * @param key what it is
	 * @param value the value
	 */
	public void record(String key, Object value) {
		this.records.computeIfAbsent(key, (name) -> new CopyOnWriteArrayList<>()).add(value);
	}

	/**
	 * Forgets everything recorded.
	 */
	public void clear() {
		this.records.clear();
	}

	/**
	 * Returns what was recorded under a key so far.
	 * @param key the key
	 * @return the values, in order
	 */
	public List<Object> get(String key) {
		return List.copyOf(this.records.getOrDefault(key, List.of()));
	}

	/**
	 * Awaits a number of values under a key.
	 * @param key the key
	 * @param count how many
	 * @return the values, in order
	 */
	public List<Object> await(String key, int count) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get(key).size() >= count);
		return get(key);
	}

	/**
	 * Awaits the first value under a key.
	 * @param <T> its type
	 * @param key the key
	 * @param type its type
	 * @return the value
	 */
	public <T> T awaitFirst(String key, Class<T> type) {
		return type.cast(await(key, 1).get(0));
	}

}
