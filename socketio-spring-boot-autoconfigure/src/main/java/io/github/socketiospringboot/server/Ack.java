package io.github.socketiospringboot.server;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * One client's answer to an event that asked for an acknowledgement: the answering
 * socket's id and the arguments it answered with, with typed access.
 *
 * <pre class="code">
 * server.timeout(Duration.ofSeconds(5)).emitWithAck("poll", "Lunch?")
 *     .subscribe((acks) -&gt; acks.forEach((ack) -&gt;
 *         log.info(ack.socketId() + " voted " + ack.get(0, String.class))));
 * </pre>
 */
public final class Ack extends Args {

	private final String socketId;

	/**
	 * Creates an answer.
	 * @param socketId the socket that answered
	 * @param args the answer's arguments (a JSON array)
	 * @param mapper the mapper that converts arguments to Java types
	 */
	public Ack(String socketId, ArrayNode args, ObjectMapper mapper) {
		super(args, 0, mapper);
		this.socketId = socketId;
	}

	/**
	 * Returns the id of the socket that answered.
	 * @return the socket id
	 */
	public String socketId() {
		return this.socketId;
	}

	@Override
	public String toString() {
		return "Ack[" + this.socketId + ", " + super.toString() + "]";
	}

}
