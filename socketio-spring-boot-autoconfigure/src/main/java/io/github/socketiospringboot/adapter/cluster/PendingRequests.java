package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.github.socketiospringboot.adapter.AdapterHost;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The requests of one adapter that await answers from the other servers, by request id:
 * each completes with the answers once the expected number came, or fails with a
 * {@link RequestTimeoutException} carrying those that came in time. Timed by the
 * namespace's timer.
 */
final class PendingRequests {

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

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
	 * Records an answer; completes its request when it was the last one expected. Answers
	 * to no pending request are ignored.
	 * @param response the answer
	 */
	void answer(ClusterMessage.Response response) {
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
