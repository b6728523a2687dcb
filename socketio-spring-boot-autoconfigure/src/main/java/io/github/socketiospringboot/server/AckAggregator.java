package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import io.github.socketiospringboot.adapter.AckCollector;
import io.github.socketiospringboot.adapter.LocalSocket;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.github.socketiospringboot.observe.SocketIOObserver;
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

	private final ArrayList<Ack> responses = new ArrayList<>();

	/**
	 * The sockets of this server the broadcast went to. Answers are not matched against
	 * them one by one: who did not answer is only worked out on timeout or cancellation.
	 */
	private final ArrayList<LocalSocket> localRecipients = new ArrayList<>();

	private int expectedServers = -1;

	private int reportedServers;

	private int expectedClients;

	private boolean done;

	private @Nullable Timeout timer;

	private @Nullable Runnable onDone;

	private @Nullable Namespace namespace;

	private SocketIOObserver observer = SocketIOObserver.NONE;

	private long startNanos;

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

	@Override
	public boolean whenDone(Runnable action) {
		synchronized (this) {
			if (!this.done) {
				this.onDone = action;
				return true;
			}
		}
		action.run();
		return true;
	}

	/**
	 * Runs the action registered with {@link #whenDone}, once {@link #done} is set; the
	 * action only forgets the broadcast and does not block.
	 */
	private void ended() {
		Runnable action;
		synchronized (this) {
			action = this.onDone;
			this.onDone = null;
		}
		if (action != null) {
			action.run();
		}
	}

	/**
	 * Makes the end of the collection known to an observer; called before the broadcast.
	 */
	synchronized void observed(Namespace namespace, SocketIOObserver observer) {
		this.namespace = namespace;
		this.observer = observer;
		this.startNanos = System.nanoTime();
	}

	private void tellObserver(boolean complete, int missing) {
		Namespace observed = this.namespace;
		if (observed != null) {
			this.observer.onAckCollection(observed, Duration.ofNanos(System.nanoTime() - this.startNanos), complete,
					missing);
		}
	}

	synchronized void timer(Timeout timer) {
		this.timer = timer;
		if (this.done) {
			timer.cancel();
		}
	}

	void onServerCount(int count) {
		synchronized (this) {
			this.expectedServers = count;
			if (!completesNow()) {
				return;
			}
		}
		complete();
	}

	@Override
	public synchronized void onLocalRecipients(List<LocalSocket> sockets) {
		this.localRecipients.addAll(sockets);
		this.responses.ensureCapacity(this.responses.size() + sockets.size());
	}

	@Override
	public void onClientCount(int count) {
		synchronized (this) {
			this.expectedClients += count;
			this.reportedServers++;
			if (!completesNow()) {
				return;
			}
		}
		complete();
	}

	@Override
	public void onAck(String socketId, JsonNode args) {
		synchronized (this) {
			if (this.done) {
				return;
			}
			ArrayNode array = (args instanceof ArrayNode node) ? node : this.mapper.createArrayNode();
			this.responses.add(new Ack(socketId, array, this.mapper));
			if (!completesNow()) {
				return;
			}
		}
		complete();
	}

	/**
	 * Tells whether every expected answer is in, and if so marks the collection done;
	 * called holding the monitor. The caller then calls {@link #complete()} outside it,
	 * so that the observer and whoever waits for the result (the application's code) do
	 * not run under the lock that answers from other threads take.
	 */
	private boolean completesNow() {
		if (!this.done && this.expectedServers >= 0 && this.reportedServers >= this.expectedServers
				&& this.responses.size() >= this.expectedClients) {
			this.done = true;
			if (this.timer != null) {
				this.timer.cancel();
			}
			return true;
		}
		return false;
	}

	private void complete() {
		// the observer first: whoever waits on the result sees it counted
		tellObserver(true, 0);
		// no answer is added once done: the list can be handed over as it is
		this.sink.success(Collections.unmodifiableList(this.responses));
		ended();
	}

	/**
	 * Returns the local recipients that have not answered. Called holding the monitor.
	 */
	private List<LocalSocket> unanswered() {
		Set<String> answered = new HashSet<>();
		for (Ack ack : this.responses) {
			answered.add(ack.socketId());
		}
		List<LocalSocket> unanswered = new ArrayList<>();
		for (LocalSocket socket : this.localRecipients) {
			if (!answered.contains(socket.id())) {
				unanswered.add(socket);
			}
		}
		return unanswered;
	}

	void onTimeout() {
		end((forgotten, missing) -> new AckTimeoutException(this.timeout, this.responses, ids(forgotten),
				Math.max(this.expectedClients, this.responses.size())));
	}

	/**
	 * Ends the collection with an error that is not a timeout (the adapter could not
	 * count the servers or send the broadcast): the answers are no longer awaited, the
	 * timer is cancelled, and the observer counts it as an incomplete collection.
	 * @param error the error
	 */
	void onError(Throwable error) {
		end((forgotten, missing) -> error);
	}

	void onCancel() {
		end(null);
	}

	/**
	 * Ends the collection before every answer came, once: the answers still awaited are
	 * forgotten and the timer cancelled; then, unless it was cancelled ({@code failure}
	 * {@code null}), the observer counts an incomplete collection and whoever waits gets
	 * the failure. Answers received so far are not added to once done, so reading them
	 * outside the monitor is safe.
	 * @param failure makes the error from the sockets that did not answer and the number
	 * of answers missing, or {@code null} for a cancellation
	 */
	private void end(@Nullable BiFunction<List<LocalSocket>, Integer, Throwable> failure) {
		List<LocalSocket> forgotten;
		int missing;
		synchronized (this) {
			if (this.done) {
				return;
			}
			this.done = true;
			if (this.timer != null) {
				this.timer.cancel();
			}
			forgotten = unanswered();
			missing = Math.max(forgotten.size(), this.expectedClients - this.responses.size());
		}
		for (LocalSocket socket : forgotten) {
			socket.cancelAck(this.ackId);
		}
		if (failure == null) {
			ended();
			return;
		}
		Throwable error = failure.apply(forgotten, missing);
		tellObserver(false, missing);
		ended();
		this.sink.error(error);
	}

	private static Set<String> ids(List<LocalSocket> sockets) {
		Set<String> ids = new LinkedHashSet<>();
		for (LocalSocket socket : sockets) {
			ids.add(socket.id());
		}
		return ids;
	}

}
