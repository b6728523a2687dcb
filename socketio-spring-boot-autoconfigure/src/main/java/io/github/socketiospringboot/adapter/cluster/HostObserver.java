package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;

import io.github.socketiospringboot.adapter.AdapterHost;
import org.jspecify.annotations.Nullable;

/**
 * Tells a cluster adapter's traffic to the observer it was created with, then to its
 * namespace's host when the host is a {@link ClusterObserver} too (the server's
 * namespaces are: they pass it on to the server's observers of the moment, so that
 * observers registered after the namespace was created hear it).
 */
final class HostObserver implements ClusterObserver {

	private final ClusterObserver own;

	private final ClusterObserver host;

	HostObserver(ClusterObserver own, AdapterHost host) {
		this.own = own;
		this.host = (host instanceof ClusterObserver observer) ? observer : ClusterObserver.NONE;
	}

	@Override
	public void onPublished(ClusterMessage message) {
		this.own.onPublished(message);
		this.host.onPublished(message);
	}

	@Override
	public void onPublicationFailed(ClusterMessage message, Throwable error) {
		this.own.onPublicationFailed(message, error);
		this.host.onPublicationFailed(message, error);
	}

	@Override
	public void onRequestEnded(ClusterMessage request, Duration latency, @Nullable Throwable error) {
		this.own.onRequestEnded(request, latency, error);
		this.host.onRequestEnded(request, latency, error);
	}

	@Override
	public void onServerCount(String namespace, int count) {
		this.own.onServerCount(namespace, count);
		this.host.onServerCount(namespace, count);
	}

}
