package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A dynamic namespace: it creates, on a client's demand, the child namespaces its matcher
 * accepts, each with the middlewares and connection handlers registered here so far.
 * Broadcasting from it reaches the sockets of every child.
 *
 * <pre class="code">
 * server.of(Pattern.compile("^/workspace-\\d+$")).onConnection((socket) -&gt; {
 *     Namespace workspace = socket.namespace();   // the child, e.g. "/workspace-42"
 *     workspace.emit("joined", socket.id());
 * });
 * </pre>
 */
public final class ParentNamespace extends Namespace {

	private final NamespaceMatcher matcher;

	private final Set<Namespace> children = ConcurrentHashMap.newKeySet();

	ParentNamespace(String name, SocketIOServer server, AdapterFactory adapterFactory, NamespaceMatcher matcher) {
		super(name, server, adapterFactory);
		this.matcher = matcher;
	}

	/**
	 * Returns the children created so far.
	 * @return the child namespaces
	 */
	public Set<Namespace> children() {
		return Set.copyOf(this.children);
	}

	Mono<Boolean> matches(String name, JsonNode auth) {
		return this.matcher.matches(name, auth);
	}

	void adopt(Namespace child) {
		child.middlewares().addAll(middlewares());
		child.connectionHandlers().addAll(connectionHandlers());
		eventHandlers().forEach((event, handlers) -> handlers.forEach((handler) -> child.on(event, handler)));
		disconnectListeners().forEach(child::onDisconnect);
		this.children.add(child);
	}

	@Override
	void broadcast(BroadcastOptions options, String event, Object[] args) {
		for (Namespace child : this.children) {
			child.broadcast(options, event, args);
		}
	}

	@Override
	Mono<List<Ack>> broadcastWithAck(BroadcastOptions options, Duration timeout, String event, Object[] args) {
		return Flux.fromIterable(List.copyOf(this.children))
			.<Object>flatMap((child) -> child.broadcastWithAck(options, timeout, event, args)
				.<Object>map((acks) -> acks)
				.onErrorResume(AckTimeoutException.class, Mono::just))
			.collectList()
			.flatMap((results) -> {
				List<Ack> all = new ArrayList<>();
				List<AckTimeoutException> timeouts = new ArrayList<>();
				for (Object result : results) {
					if (result instanceof AckTimeoutException timedOut) {
						timeouts.add(timedOut);
						all.addAll(timedOut.received());
					}
					else {
						@SuppressWarnings("unchecked")
						List<Ack> acks = (List<Ack>) result;
						all.addAll(acks);
					}
				}
				if (timeouts.isEmpty()) {
					return Mono.just(List.copyOf(all));
				}
				Set<String> missing = ConcurrentHashMap.newKeySet();
				int expected = all.size();
				for (AckTimeoutException timedOut : timeouts) {
					missing.addAll(timedOut.missing());
					expected += timedOut.expected() - timedOut.received().size();
				}
				return Mono.error(new AckTimeoutException(timeout, all, missing, expected));
			});
	}

	@Override
	Mono<List<RemoteSocket>> fetchSockets(BroadcastOptions options) {
		return Flux.fromIterable(List.copyOf(this.children))
			.flatMap((child) -> child.fetchSockets(options))
			.collectList()
			.map((lists) -> lists.stream().flatMap(List::stream).toList());
	}

	@Override
	void socketsJoin(BroadcastOptions options, Set<String> rooms) {
		this.children.forEach((child) -> child.socketsJoin(options, rooms));
	}

	@Override
	void socketsLeave(BroadcastOptions options, Set<String> rooms) {
		this.children.forEach((child) -> child.socketsLeave(options, rooms));
	}

	@Override
	void disconnectSockets(BroadcastOptions options, boolean close) {
		this.children.forEach((child) -> child.disconnectSockets(options, close));
	}

}
