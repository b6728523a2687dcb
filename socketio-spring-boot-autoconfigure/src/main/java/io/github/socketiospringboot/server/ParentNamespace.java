package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A dynamic namespace: it creates, on a client's demand, the child namespaces its matcher
 * accepts, each with the middlewares and handlers registered here. Broadcasting from it
 * reaches the sockets of every child that exists on this server.
 *
 * <pre class="code">
 * server.of(Pattern.compile("^/workspace-\\d+$")).onConnection((socket) -&gt; {
 *     Namespace workspace = socket.namespace();   // the child, e.g. "/workspace-42"
 *     workspace.emit("joined", socket.id());
 * });
 * </pre>
 *
 * <p>
 * Unlike the reference server, which copies a parent's middlewares and connection
 * handlers into a child when it creates it, what is registered here ({@link #use},
 * {@link #onConnection}, {@link #on}, {@link #onDisconnect}) also reaches the children
 * that exist already, so the order in which code registers handlers and creates children
 * does not matter. A parent has no cluster adapter of its own: its broadcasts go through
 * the adapters of its children.
 */
public final class ParentNamespace extends Namespace {

	private final NamespaceMatcher matcher;

	private final @Nullable Pattern pattern;

	private final Set<Namespace> children = ConcurrentHashMap.newKeySet();

	ParentNamespace(String name, SocketIOServer server, NamespaceMatcher matcher, @Nullable Pattern pattern) {
		// the reference's parent has a dummy adapter too: a cluster adapter would
		// subscribe to channels that no other server publishes on
		super(name, server, AdapterFactory.IN_MEMORY);
		this.matcher = matcher;
		this.pattern = pattern;
	}

	/**
	 * Returns the children that exist on this server.
	 * @return the child namespaces
	 */
	public Set<Namespace> children() {
		return Set.copyOf(this.children);
	}

	/**
	 * Returns the regular expression this parent was created from with
	 * {@link SocketIOServer#of(Pattern)}.
	 * @return the expression, or {@code null} for a parent created from a
	 * {@link NamespaceMatcher}
	 */
	public @Nullable Pattern pattern() {
		return this.pattern;
	}

	@Override
	public synchronized ParentNamespace use(ConnectionMiddleware middleware) {
		super.use(middleware);
		this.children.forEach((child) -> child.use(middleware));
		return this;
	}

	@Override
	public synchronized ParentNamespace onConnection(ConnectionHandler handler) {
		super.onConnection(handler);
		this.children.forEach((child) -> child.onConnection(handler));
		return this;
	}

	@Override
	public synchronized ParentNamespace on(String event, EventHandler handler) {
		super.on(event, handler);
		this.children.forEach((child) -> child.on(event, handler));
		return this;
	}

	@Override
	public synchronized ParentNamespace onDisconnect(DisconnectListener listener) {
		super.onDisconnect(listener);
		this.children.forEach((child) -> child.onDisconnect(listener));
		return this;
	}

	Mono<Boolean> matches(String name, JsonNode auth) {
		return this.matcher.matches(name, auth);
	}

	boolean matchesByPattern(String name) {
		return this.pattern != null && test(this.pattern, name);
	}

	/**
	 * Searches the expression in a name as JavaScript's {@code RegExp.test} does. One
	 * difference is closed by refusing every name that ends with a line terminator: a
	 * Java {@code $} also matches just before it, so {@code ^/dyn-\d+$} would take the
	 * name {@code /dyn-1\n}, which the reference refuses.
	 * @param pattern the expression
	 * @param name the namespace name
	 * @return whether the name matches
	 */
	static boolean test(Pattern pattern, String name) {
		if (!name.isEmpty()) {
			char last = name.charAt(name.length() - 1);
			if (last == '\n' || last == '\r' || last == '\u0085' || last == '\u2028' || last == '\u2029') {
				return false;
			}
		}
		return pattern.matcher(name).find();
	}

	/**
	 * Creates a child with what is registered here; called while the server maps the
	 * name, so that no client finds the child before it has its handlers.
	 * @param name the child's name
	 * @return the child
	 */
	synchronized Namespace createChild(String name) {
		Namespace child = new Namespace(name, server(), server().adapterFactory());
		child.middlewares().addAll(middlewares());
		child.connectionHandlers().addAll(connectionHandlers());
		eventHandlers().forEach((event, handlers) -> handlers.forEach((handler) -> child.on(event, handler)));
		disconnectListeners().forEach(child::onDisconnect);
		child.adoptedBy(this);
		this.children.add(child);
		return child;
	}

	void removeChild(Namespace child) {
		this.children.remove(child);
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
