package io.github.socketiospringboot.adapter.cluster;

/**
 * Receives the messages of a channel or channel pattern a {@link PubSubTransport}
 * subscribed to. Called on the transport's I/O thread, one message at a time per
 * transport; must not block.
 */
@FunctionalInterface
public interface MessageListener {

	/**
	 * Called for each message.
	 * @param channel the channel it was published on
	 * @param payload its bytes, owned by the listener
	 */
	void onMessage(String channel, byte[] payload);

}
