package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * The requests of one adapter that await answers from the other servers, by request id:
 * each completes with the answers once the expected number came, or fails with a
 * {@link RequestTimeoutException} carrying those that came in time.
 */
public final class PendingRequests {

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final Scheduler timer;

	/**
	 * Creates an empty registry whose timeouts run on Reactor's parallel scheduler.
	 */
	public PendingRequests() {
		this(Schedulers.parallel());
	}

	/**
	 * Creates an empty registry.
	 * @param timer where the timeouts run
	 */
	public PendingRequests(Scheduler timer) {
		this.timer = timer;
	}

	/**
	 * Starts a request: registers it, then publishes it.
	 * @param requestId the request id
	 * @param type the request type, for the answers' routing
	 * @param expected how many answers complete it
	 * @param timeout how long to wait for them
	 * @param timeoutMessage describes a timeout from the number of answers received and
	 * expected
	 * @param publish sends the request; its failure fails the request at once
	 * @return the answers, in arrival order
	 */
	public Mono<List<JsonNode>> start(String requestId, int type, int expected, Duration timeout,
			Function<int[], String> timeoutMessage, Mono<Void> publish) {
		return Mono.create((sink) -> {
			Pending request = new Pending(type, expected, sink);
			this.pending.put(requestId, request);
			request.timer = this.timer.schedule(() -> {
				if (this.pending.remove(requestId, request)) {
					request.fail(timeoutMessage);
				}
			}, timeout.toMillis(), TimeUnit.MILLISECONDS);
			sink.onCancel(() -> {
				if (this.pending.remove(requestId, request)) {
					request.dispose();
				}
			});
			publish.subscribe(null, (error) -> {
				if (this.pending.remove(requestId, request)) {
					request.dispose();
					sink.error(error);
				}
			});
		});
	}

	/**
	 * Returns the type of a pending request.
	 * @param requestId the request id
	 * @return its type, or {@code null} if no such request awaits answers
	 */
	public @Nullable Integer type(String requestId) {
		Pending request = this.pending.get(requestId);
		return (request != null) ? request.type : null;
	}

	/**
	 * Tells whether a request of this adapter awaits answers.
	 * @param requestId the request id
	 * @return whether it does
	 */
	public boolean contains(String requestId) {
		return this.pending.containsKey(requestId);
	}

	/**
	 * Records an answer; completes the request when it was the last one expected.
	 * @param requestId the request id
	 * @param answer the answer
	 */
	public void answer(String requestId, JsonNode answer) {
		Pending request = this.pending.get(requestId);
		if (request != null && request.add(answer) && this.pending.remove(requestId, request)) {
			request.complete();
		}
	}

	/**
	 * Fails every pending request, when the adapter closes.
	 * @param error the error
	 */
	public void failAll(Throwable error) {
		for (String requestId : List.copyOf(this.pending.keySet())) {
			Pending request = this.pending.remove(requestId);
			if (request != null) {
				request.dispose();
				request.sink.error(error);
			}
		}
	}

	private static final class Pending {

		final int type;

		final int expected;

		final MonoSink<List<JsonNode>> sink;

		final List<JsonNode> answers = new ArrayList<>();

		volatile @Nullable Disposable timer;

		Pending(int type, int expected, MonoSink<List<JsonNode>> sink) {
			this.type = type;
			this.expected = expected;
			this.sink = sink;
		}

		synchronized boolean add(JsonNode answer) {
			this.answers.add(answer);
			return this.answers.size() >= this.expected;
		}

		void complete() {
			dispose();
			List<JsonNode> copy;
			synchronized (this) {
				copy = List.copyOf(this.answers);
			}
			this.sink.success(copy);
		}

		void fail(Function<int[], String> message) {
			List<JsonNode> copy;
			synchronized (this) {
				copy = List.copyOf(this.answers);
			}
			this.sink.error(new RequestTimeoutException(message.apply(new int[] { copy.size(), this.expected }), copy));
		}

		void dispose() {
			Disposable scheduled = this.timer;
			if (scheduled != null) {
				scheduled.dispose();
			}
		}

	}

}
