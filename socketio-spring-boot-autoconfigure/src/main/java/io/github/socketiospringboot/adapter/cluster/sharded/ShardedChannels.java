package io.github.socketiospringboot.adapter.cluster.sharded;

/**
 * The channels of one namespace in the sharded protocol.
 *
 * @param prefix the channel prefix
 * @param namespace the namespace
 */
record ShardedChannels(String prefix, String namespace) {

	/**
	 * Returns the main channel, {@code <prefix>#<nsp>#}, whose subscribers are the
	 * servers counted.
	 * @return the channel
	 */
	String main() {
		return this.prefix + "#" + this.namespace + "#";
	}

	/**
	 * Returns the private channel of an adapter, where the answers to its requests
	 * arrive: {@code <prefix>#<nsp>#<uid>#}.
	 * @param uid the adapter's uid
	 * @return the channel
	 */
	String privateChannel(String uid) {
		return main() + uid + "#";
	}

	/**
	 * Returns the channel of a room, {@code <prefix>#<nsp>#<room>#}.
	 * @param room the room
	 * @return the channel
	 */
	String room(String room) {
		return main() + room + "#";
	}

}
