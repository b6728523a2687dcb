package io.github.socketiospringboot.adapter.cluster.classic;

import io.github.socketiospringboot.adapter.Adapter;
import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import io.github.socketiospringboot.adapter.cluster.PubSubTransport;

/**
 * Creates the adapter of each namespace of a server, all on the server's one transport.
 */
public final class ClassicAdapterFactory implements AdapterFactory {

	private final PubSubTransport transport;

	private final ClassicOptions options;

	private final ClusterObserver observer;

	/**
	 * Creates a factory.
	 * @param transport the bus of this server
	 * @param options the protocol settings
	 */
	public ClassicAdapterFactory(PubSubTransport transport, ClassicOptions options) {
		this(transport, options, ClusterObserver.NONE);
	}

	/**
	 * Creates a factory of adapters whose traffic is observed.
	 * @param transport the bus of this server
	 * @param options the protocol settings
	 * @param observer observes the traffic of every adapter
	 */
	public ClassicAdapterFactory(PubSubTransport transport, ClassicOptions options, ClusterObserver observer) {
		this.transport = transport;
		this.options = options;
		this.observer = observer;
	}

	/**
	 * Returns the protocol settings.
	 * @return the options
	 */
	public ClassicOptions options() {
		return this.options;
	}

	@Override
	public Adapter create(AdapterHost namespace) {
		return new ClassicAdapter(namespace, this.transport, this.options, this.observer);
	}

}
