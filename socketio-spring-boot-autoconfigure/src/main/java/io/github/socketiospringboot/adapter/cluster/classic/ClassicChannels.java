package io.github.socketiospringboot.adapter.cluster.classic;

/**
 * The channels of one namespace in the classic protocol; {@code #} separates the parts
 * and the namespace keeps its leading {@code /}.
 *
 * @param prefix the key prefix
 * @param namespace the namespace
 */
record ClassicChannels(String prefix, String namespace) {

	/**
	 * Returns the channel of broadcasts to everyone or to several rooms,
	 * {@code <prefix>#<nsp>#}.
	 * @return the channel
	 */
	String broadcast() {
		return this.prefix + "#" + this.namespace + "#";
	}

	/**
	 * Returns the channel of broadcasts to exactly one room,
	 * {@code <prefix>#<nsp>#<room>#}.
	 * @param room the room
	 * @return the channel
	 */
	String room(String room) {
		return broadcast() + room + "#";
	}

	/**
	 * Returns the pattern every broadcast channel of the namespace matches.
	 * @return the pattern
	 */
	String broadcastPattern() {
		return broadcast() + "*";
	}

	/**
	 * Returns the channel of requests, {@code <prefix>-request#<nsp>#}, whose subscribers
	 * are the servers counted.
	 * @return the channel
	 */
	String request() {
		return this.prefix + "-request#" + this.namespace + "#";
	}

	/**
	 * Returns the common response channel, {@code <prefix>-response#<nsp>#}.
	 * @return the channel
	 */
	String response() {
		return this.prefix + "-response#" + this.namespace + "#";
	}

	/**
	 * Returns the response channel of one requester,
	 * {@code <prefix>-response#<nsp>#<uid>#}.
	 * @param uid the requester's adapter uid
	 * @return the channel
	 */
	String response(String uid) {
		return response() + uid + "#";
	}

}
