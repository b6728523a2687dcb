package io.github.socketiospringboot.adapter.cluster;

import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Events as they cross servers: {@code [event, ...args]} as JSON.
 */
final class Events {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private Events() {
	}

	/**
	 * Returns an event and its arguments as the array {@code [event, arg1, ...]}, the
	 * arguments converted by the application's mapper (byte arrays become binary nodes;
	 * trees are taken as they are, so a {@code POJONode} holding an {@code Instant}
	 * travels as a msgpack timestamp).
	 */
	static ArrayNode data(AdapterHost namespace, String event, @Nullable Object[] args) {
		ArrayNode data = nodes.arrayNode(args.length + 1);
		data.add(event);
		for (Object arg : args) {
			if (arg == null) {
				data.add(nodes.nullNode());
			}
			else {
				data.add((arg instanceof JsonNode node) ? node : namespace.mapper().<JsonNode>valueToTree(arg));
			}
		}
		return data;
	}

	/**
	 * Turns {@code [event, ...args]} another server sent into a message to this server's
	 * sockets.
	 * @throws MalformedMessageException if the array holds no event name
	 */
	static BroadcastMessage message(AdapterHost namespace, ArrayNode data) {
		if (data.isEmpty() || !data.get(0).isString()) {
			throw new MalformedMessageException("not an event packet");
		}
		Object[] args = new Object[data.size() - 1];
		for (int i = 1; i < data.size(); i++) {
			args[i - 1] = data.get(i);
		}
		return namespace.newMessage(data.get(0).stringValue(), args);
	}

}
