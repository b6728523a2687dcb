package io.github.socketiospringboot.broadcast;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;
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
 *
 * As JSON, for example returned by a WebFlux controller, an answer is {@code {"socketId":
 * "...", "args": [...]}}.
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

	// without it Jackson would see a bean whose only property is isEmpty()
	@JsonValue
	private Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("socketId", this.socketId);
		json.put("args", asList());
		return json;
	}

	@Override
	public String toString() {
		return "Ack[" + this.socketId + ", " + super.toString() + "]";
	}

}
