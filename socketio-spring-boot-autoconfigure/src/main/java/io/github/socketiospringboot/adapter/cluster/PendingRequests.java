package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.github.socketiospringboot.adapter.AckCollector;
import io.github.socketiospringboot.adapter.AdapterHost;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The requests of one adapter that await answers from the other servers, by request id:
 * each completes with the answers once the expected number came, or fails with a
 * {@link RequestTimeoutException} carrying those that came in time; and its broadcasts
 * with acknowledgements, whose collectors get the other servers' counts and answers until
 * their collection ends. Timed by the namespace's timer.
 */
final class PendingRequests {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	/** The broadcasts with acknowledgements of this server awaiting remote answers. */
	private final Map<String, AckCollector> acks = new ConcurrentHashMap<>();

	private final AdapterHost timer;

	private final ClusterObserver observer;

	PendingRequests(AdapterHost timer, ClusterObserver observer) {
		this.timer = timer;
		this.observer = observer;
	}

	/**
	 * Starts a request: registers it, then publishes it.
	 * @param request the request
	 * @param requestId its id
	 * @param expected how many answers complete it
	 * @param timeout how long to wait for them
	 * @param timeoutMessage describes a timeout from the numbers of answers received and
	 * expected
	 * @param answer what each answer contributes to the result
	 * @param publish sends the request; its failure fails the request at once
	 * @param <T> the type of the answers
	 * @return the answers, in arrival order
	 */
	@SuppressWarnings("unchecked")
	<T> Mono<List<T>> start(ClusterMessage request, String requestId, int expected, Duration timeout,
			BiFunction<Integer, Integer, String> timeoutMessage, Function<ClusterMessage.Response, T> answer,
			Mono<?> publish) {
		return Mono.<List<Object>>create((sink) -> {
			Pending entry = new Pending(request, expected, answer, sink);
			this.pending.put(requestId, entry);
			entry.timer = this.timer.schedule(() -> {
				if (this.pending.remove(requestId, entry)) {
					entry.fail(timeoutMessage);
				}
			}, timeout);
			sink.onCancel(() -> {
				if (this.pending.remove(requestId, entry)) {
					entry.dispose();
				}
			});
			publish.subscribe(null, (error) -> {
				if (this.pending.remove(requestId, entry)) {
					entry.dispose();
					entry.error(error);
				}
			});
		}).map((answers) -> (List<T>) answers);
	}

	/**
	 * Registers a broadcast with acknowledgements, until its collection ends (or, for a
	 * collector that does not tell, until its timeout has passed).
	 * @param requestId the broadcast's request id
	 * @param collector its collector
	 * @param timeout its timeout
	 */
	void awaitAcks(String requestId, AckCollector collector, Duration timeout) {
		this.acks.put(requestId, collector);
		Runnable forget = () -> this.acks.remove(requestId);
		if (!collector.whenDone(forget)) {
			this.timer.schedule(forget, timeout);
		}
	}

	/**
	 * Forgets a broadcast with acknowledgements that could not be published.
	 * @param requestId the broadcast's request id
	 */
	void forgetAcks(String requestId) {
		this.acks.remove(requestId);
	}

	/**
	 * Records an answer: a client count or a client's answer goes to its broadcast's
	 * collector; another answer completes its request when it was the last one expected.
	 * Answers to nothing pending are ignored.
	 * @param response the answer
	 */
	void answer(ClusterMessage.Response response) {
		if (response instanceof ClusterMessage.BroadcastClientCount count) {
			AckCollector collector = this.acks.get(count.requestId());
			if (collector != null) {
				collector.onClientCount(count.clientCount());
			}
			return;
		}
		if (response instanceof ClusterMessage.BroadcastAck ack) {
			AckCollector collector = this.acks.get(ack.requestId());
			if (collector != null) {
				ArrayNode args = nodes.arrayNode(1);
				if (ack.answer() != null) {
					args.add(ack.answer());
				}
				collector.onAck((ack.socketId() != null) ? ack.socketId() : "", args);
			}
			return;
		}
		String requestId = response.requestId();
		Pending request = this.pending.get(requestId);
		if (request != null && request.add(response) && this.pending.remove(requestId, request)) {
			request.complete();
		}
	}

	/**
	 * Fails every pending request, when the adapter closes.
	 * @param error the error
	 */
	void failAll(Throwable error) {
		for (String requestId : List.copyOf(this.pending.keySet())) {
			Pending request = this.pending.remove(requestId);
			if (request != null) {
				request.dispose();
				request.error(error);
			}
		}
	}

	private final class Pending {

		final ClusterMessage request;

		final int expected;

		final Function<ClusterMessage.Response, ?> answer;

		final MonoSink<List<Object>> sink;

		final long started = System.nanoTime();

		final List<Object> answers = new ArrayList<>();

		volatile @Nullable Disposable timer;

		Pending(ClusterMessage request, int expected, Function<ClusterMessage.Response, ?> answer,
				MonoSink<List<Object>> sink) {
			this.request = request;
			this.expected = expected;
			this.answer = answer;
			this.sink = sink;
		}

		synchronized boolean add(ClusterMessage.Response response) {
			this.answers.add(this.answer.apply(response));
			return this.answers.size() >= this.expected;
		}

		void complete() {
			dispose();
			List<Object> copy;
			synchronized (this) {
				copy = List.copyOf(this.answers);
			}
			ended(null);
			this.sink.success(copy);
		}

		void fail(BiFunction<Integer, Integer, String> message) {
			List<Object> copy;
			synchronized (this) {
				copy = List.copyOf(this.answers);
			}
			error(new RequestTimeoutException(message.apply(copy.size(), this.expected), copy));
		}

		void error(Throwable error) {
			ended(error);
			this.sink.error(error);
		}

		private void ended(@Nullable Throwable error) {
			PendingRequests.this.observer.onRequestEnded(this.request,
					Duration.ofNanos(System.nanoTime() - this.started), error);
		}

		void dispose() {
			Disposable scheduled = this.timer;
			if (scheduled != null) {
				scheduled.dispose();
			}
		}

	}

}
