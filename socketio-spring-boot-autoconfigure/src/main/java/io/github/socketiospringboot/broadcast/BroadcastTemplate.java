package io.github.socketiospringboot.broadcast;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.BroadcastOperator;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.server.SocketIOServer;
import reactor.core.publisher.Mono;

/**
 * The {@link BroadcastOperations} of one {@link SocketIOServer}; the auto-configuration
 * provides one as a bean.
 */
public class BroadcastTemplate implements BroadcastOperations {

	private final SocketIOServer server;

	/**
	 * Creates a template.
	 * @param server the server to broadcast through
	 */
	public BroadcastTemplate(SocketIOServer server) {
		this.server = server;
	}

	@Override
	public BroadcastOperator namespace(String namespace) {
		return this.server.of(namespace).operator();
	}

	@Override
	public BroadcastOperator namespace(Pattern pattern) {
		return this.server.of(pattern).operator();
	}

	private BroadcastOperator main() {
		return this.server.sockets().operator();
	}

	@Override
	public void emit(String event, Object... args) {
		main().emit(event, args);
	}

	@Override
	public Mono<List<Ack>> emitWithAck(String event, Object... args) {
		return main().emitWithAck(event, args);
	}

	@Override
	public BroadcastOperator to(String... rooms) {
		return main().to(rooms);
	}

	@Override
	public BroadcastOperator in(String... rooms) {
		return main().in(rooms);
	}

	@Override
	public BroadcastOperator except(String... rooms) {
		return main().except(rooms);
	}

	@Override
	public BroadcastOperator local() {
		return main().local();
	}

	@Override
	public BroadcastOperator asVolatile() {
		return main().asVolatile();
	}

	@Override
	public BroadcastOperator compress(boolean compress) {
		return main().compress(compress);
	}

	@Override
	public BroadcastOperator timeout(Duration timeout) {
		return main().timeout(timeout);
	}

	@Override
	public Mono<List<RemoteSocket>> fetchSockets() {
		return main().fetchSockets();
	}

	@Override
	public void socketsJoin(String... rooms) {
		main().socketsJoin(rooms);
	}

	@Override
	public void socketsLeave(String... rooms) {
		main().socketsLeave(rooms);
	}

	@Override
	public void disconnectSockets(boolean close) {
		main().disconnectSockets(close);
	}

}
