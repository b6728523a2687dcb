package io.github.socketiospringboot.adapter.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.adapter.Adapter;
import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import io.github.socketiospringboot.adapter.cluster.PubSubTransport;

/**
 * Creates the {@link StreamsAdapter} of each namespace of a server, all on the server's
 * transports, and reads the streams: one reading loop per stream ({@code streamCount} of
 * them), started with the factory, whose entries go to the adapter of their namespace.
 */
final class StreamsAdapterFactory implements AdapterFactory {

	private final PubSubTransport pubSub;

	private final StreamTransport streams;

	private final StreamsOptions options;

	private final ClusterObserver observer;

	private final Map<String, StreamsAdapter> adapters = new ConcurrentHashMap<>();

	/**
	 * Creates a factory, and starts reading the streams.
	 * @param pubSub the pub/sub bus of this server
	 * @param streams the stream commands of this server
	 * @param options the protocol settings
	 * @param observer observes the traffic of every adapter
	 */
	public StreamsAdapterFactory(PubSubTransport pubSub, StreamTransport streams, StreamsOptions options,
			ClusterObserver observer) {
		this.pubSub = pubSub;
		this.streams = streams;
		this.options = options;
		this.observer = observer;
		for (String stream : options.readStreams()) {
			streams.read(stream, this::onEntry);
		}
	}

	/**
	 * Returns the protocol settings.
	 * @return the options
	 */
	public StreamsOptions options() {
		return this.options;
	}

	private void onEntry(StreamEntry entry) {
		String nsp = entry.fields().get("nsp");
		StreamsAdapter adapter = (nsp != null) ? this.adapters.get(nsp) : null;
		if (adapter != null) {
			adapter.onEntry(entry);
		}
	}

	@Override
	public Adapter create(AdapterHost namespace) {
		StreamsAdapter adapter = new StreamsAdapter(namespace, this.pubSub, this.streams, this.options, this.observer);
		this.adapters.put(namespace.name(), adapter);
		adapter.onClose(() -> this.adapters.remove(namespace.name(), adapter));
		return adapter;
	}

}
