package io.github.socketiospringboot.server;

import java.util.List;

import io.github.socketiospringboot.adapter.RestoredSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A session the adapter restored for a socket about to connect, and the offset its client
 * sent.
 *
 * @param session the restored session and the packets the client missed
 * @param clientOffset the offset of the last packet the client received
 */
record Recovery(RestoredSession session, String clientOffset) {

	/**
	 * Returns the offset after which the client has received nothing yet once the missed
	 * packets are written: the last missed packet's, or the client's own.
	 * @return the offset
	 */
	String lastOffset() {
		List<ArrayNode> missed = this.session.missedPackets();
		if (!missed.isEmpty()) {
			ArrayNode last = missed.get(missed.size() - 1);
			JsonNode offset = last.get(last.size() - 1);
			if (offset != null && offset.isString()) {
				return offset.stringValue();
			}
		}
		return this.clientOffset;
	}

}
