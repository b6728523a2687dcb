package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.List;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.BroadcastOperator;
import io.github.socketiospringboot.broadcast.Emitter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Sends events to a socket of another server of the cluster: a broadcast to the socket's
 * own room, whose acknowledgement is its one answer.
 */
final class RemoteSocketEmitter implements Emitter<Ack> {

	private final BroadcastOperator operator;

	RemoteSocketEmitter(BroadcastOperator operator) {
		this.operator = operator;
	}

	@Override
	public void emit(String event, Object... args) {
		this.operator.emit(event, args);
	}

	@Override
	public Mono<Ack> emitWithAck(String event, Object... args) {
		return this.operator.emitWithAck(event, args).mapNotNull(RemoteSocketEmitter::first);
	}

	// no answer at all when every server reported no recipient: the socket is gone, and
	// the Mono completes empty, as the reference's RemoteSocket resolves with nothing
	private static @Nullable Ack first(List<Ack> acks) {
		return acks.isEmpty() ? null : acks.get(0);
	}

	@Override
	public RemoteSocketEmitter timeout(Duration timeout) {
		return new RemoteSocketEmitter(this.operator.timeout(timeout));
	}

	@Override
	public RemoteSocketEmitter asVolatile() {
		return new RemoteSocketEmitter(this.operator.asVolatile());
	}

	@Override
	public RemoteSocketEmitter compress(boolean compress) {
		return new RemoteSocketEmitter(this.operator.compress(compress));
	}

	@Override
	public String toString() {
		return "RemoteSocketEmitter[" + this.operator + "]";
	}

}
