package io.github.socketiospringboot.adapter.example;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.cluster.ClusterAdapter;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import io.github.socketiospringboot.adapter.cluster.MalformedMessageException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A message bus inside the JVM for the servers of one test, and the adapter that runs the
 * cluster protocol on it: a third-party adapter written against the public SPI only
 * ({@link ClusterAdapter}, {@link ClusterMessage}), as the README's "Writing an adapter"
 * describes. The bus delivers on its own thread, one message at a time, as a broker
 * client's I/O thread would; messages cross as objects, not bytes.
 */
final class JvmBus implements AutoCloseable {

	private final List<JvmBusAdapter> adapters = new CopyOnWriteArrayList<>();

	private final ExecutorService delivery = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "jvm-bus");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Returns the adapter factory of one server on this bus.
	 * @param observer observes the traffic of its adapters
	 * @return the factory
	 */
	AdapterFactory adapters(ClusterObserver observer) {
		return (namespace) -> new JvmBusAdapter(namespace, this, observer);
	}

	private Mono<Void> send(ClusterMessage message, @Nullable String to) {
		return Mono.fromRunnable(() -> this.delivery.execute(() -> {
			for (JvmBusAdapter adapter : this.adapters) {
				if (adapter.namespace().name().equals(message.namespace())
						&& (to == null || to.equals(adapter.uid()))) {
					adapter.receive(message);
				}
			}
		}));
	}

	@Override
	public void close() throws InterruptedException {
		this.delivery.shutdown();
		this.delivery.awaitTermination(5, TimeUnit.SECONDS);
	}

	/**
	 * The adapter of one namespace of one server on the bus.
	 */
	static final class JvmBusAdapter extends ClusterAdapter {

		private final JvmBus bus;

		JvmBusAdapter(AdapterHost namespace, JvmBus bus, ClusterObserver observer) {
			super(namespace, Duration.ofSeconds(2), observer);
			this.bus = bus;
		}

		@Override
		public Mono<Void> init() {
			return Mono.fromRunnable(() -> this.bus.adapters.add(this));
		}

		@Override
		public Mono<Void> close() {
			return super.close().then(Mono.fromRunnable(() -> this.bus.adapters.remove(this)));
		}

		@Override
		protected Mono<String> doPublish(ClusterMessage message) {
			return this.bus.send(message, null).then(Mono.empty());
		}

		@Override
		protected Mono<Void> doPublishResponse(@Nullable String requesterUid, ClusterMessage.Response response) {
			return (requesterUid != null) ? this.bus.send(response, requesterUid) : Mono.empty();
		}

		@Override
		protected Mono<Integer> countServers() {
			return Mono.fromSupplier(() -> (int) this.bus.adapters.stream()
				.filter((adapter) -> adapter.namespace().name().equals(namespace().name()))
				.count());
		}

		void receive(ClusterMessage message) {
			try {
				onMessage(message, null);
			}
			catch (MalformedMessageException ex) {
				dropped("the JVM bus", ex);
			}
		}

		@Override
		protected AdapterHost namespace() {
			return super.namespace();
		}

	}

}
