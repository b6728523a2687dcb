package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;

import io.github.socketiospringboot.adapter.AdapterHost;
import org.jspecify.annotations.Nullable;

/**
 * Tells a cluster adapter's traffic to the observer it was created with, then to the
 * observer of its namespace's server ({@link AdapterHost#clusterObserver()}), read on
 * each occurrence.
 */
final class HostObserver implements ClusterObserver {

	private final ClusterObserver own;

	private final AdapterHost host;

	HostObserver(ClusterObserver own, AdapterHost host) {
		this.own = own;
		this.host = host;
	}

	@Override
	public void onPublished(ClusterMessage message) {
		this.own.onPublished(message);
		this.host.clusterObserver().onPublished(message);
	}

	@Override
	public void onPublicationFailed(ClusterMessage message, Throwable error) {
		this.own.onPublicationFailed(message, error);
		this.host.clusterObserver().onPublicationFailed(message, error);
	}

	@Override
	public void onRequestEnded(ClusterMessage request, Duration latency, @Nullable Throwable error) {
		this.own.onRequestEnded(request, latency, error);
		this.host.clusterObserver().onRequestEnded(request, latency, error);
	}

	@Override
	public void onServerCount(String namespace, int count) {
		this.own.onServerCount(namespace, count);
		this.host.clusterObserver().onServerCount(namespace, count);
	}

}
