package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.adapter.AckCollector;
import io.github.socketiospringboot.adapter.LocalSocket;
import io.netty.util.Timeout;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Collects the answers of one broadcast with acknowledgements, completing when every
 * server reported its recipients and every recipient answered, or failing on timeout with
 * what came.
 */
final class AckAggregator implements AckCollector {

	private final MonoSink<List<Ack>> sink;

	private final ObjectMapper mapper;

	private final long ackId;

	private final Duration timeout;

	private final List<Ack> responses = new ArrayList<>();

	private final Map<String, LocalSocket> pendingLocal = new LinkedHashMap<>();

	private int expectedServers = -1;

	private int reportedServers;

	private int expectedClients;

	private boolean done;

	private @Nullable Timeout timer;

	AckAggregator(MonoSink<List<Ack>> sink, ObjectMapper mapper, long ackId, Duration timeout) {
		this.sink = sink;
		this.mapper = mapper;
		this.ackId = ackId;
		this.timeout = timeout;
	}

	@Override
	public Duration timeout() {
		return this.timeout;
	}

	synchronized void timer(Timeout timer) {
		this.timer = timer;
		if (this.done) {
			timer.cancel();
		}
	}

	synchronized void onServerCount(int count) {
		this.expectedServers = count;
		checkCompleteness();
	}

	@Override
	public synchronized void onLocalRecipients(List<LocalSocket> sockets) {
		for (LocalSocket socket : sockets) {
			this.pendingLocal.put(socket.id(), socket);
		}
	}

	@Override
	public synchronized void onClientCount(int count) {
		this.expectedClients += count;
		this.reportedServers++;
		checkCompleteness();
	}

	@Override
	public synchronized void onAck(String socketId, JsonNode args) {
		if (this.done) {
			return;
		}
		this.pendingLocal.remove(socketId);
		ArrayNode array = (args instanceof ArrayNode node) ? node : this.mapper.createArrayNode();
		this.responses.add(new Ack(socketId, array, this.mapper));
		checkCompleteness();
	}

	private void checkCompleteness() {
		if (!this.done && this.expectedServers >= 0 && this.reportedServers >= this.expectedServers
				&& this.responses.size() >= this.expectedClients) {
			this.done = true;
			if (this.timer != null) {
				this.timer.cancel();
			}
			this.sink.success(List.copyOf(this.responses));
		}
	}

	void onTimeout() {
		AckTimeoutException error;
		List<LocalSocket> forgotten;
		synchronized (this) {
			if (this.done) {
				return;
			}
			this.done = true;
			forgotten = new ArrayList<>(this.pendingLocal.values());
			error = new AckTimeoutException(this.timeout, this.responses, this.pendingLocal.keySet(),
					Math.max(this.expectedClients, this.responses.size()));
		}
		for (LocalSocket socket : forgotten) {
			socket.cancelAck(this.ackId);
		}
		this.sink.error(error);
	}

	void onCancel() {
		List<LocalSocket> forgotten;
		synchronized (this) {
			if (this.done) {
				return;
			}
			this.done = true;
			if (this.timer != null) {
				this.timer.cancel();
			}
			forgotten = new ArrayList<>(this.pendingLocal.values());
		}
		for (LocalSocket socket : forgotten) {
			socket.cancelAck(this.ackId);
		}
	}

}
