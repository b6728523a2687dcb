package io.github.socketiospringboot.adapter.cluster.classic;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random adapter and request ids in the format of the classic Node adapter (the
 * ClusterAdapter protocol's are {@code ClusterAdapter}'s default). Drawn from a
 * non-blocking generator: ids only need to be unique, not secret.
 */
final class ClusterIds {

	private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		.toCharArray();

	private ClusterIds() {
	}

	/**
	 * Returns an id of the classic Redis adapter: 6 characters from
	 * {@code A-Z a-z 0-9 - _}.
	 * @return the id
	 */
	static String classic() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] id = new char[6];
		for (int i = 0; i < id.length; i++) {
			id[i] = ALPHABET[random.nextInt(64)];
		}
		return new String(id);
	}

}
