package io.github.socketiospringboot.server;

import java.time.Duration;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.Emitter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Sends events to one socket with modifiers: a timeout for acknowledgements, volatile,
 * compression. Immutable: each modifier returns a new emitter.
 *
 * <pre class="code">
 * socket.timeout(Duration.ofSeconds(5)).emitWithAck("question")   // Mono&lt;Ack&gt;
 *     .subscribe((ack) -&gt; { }, (error) -&gt; { });
 * socket.asVolatile().emit("position", x, y);                      // dropped when congested
 * </pre>
 */
final class SocketEmitter implements Emitter<Ack> {

	private final DefaultSocket socket;

	private final @Nullable Duration timeout;

	private final boolean isVolatile;

	private final boolean compress;

	SocketEmitter(DefaultSocket socket, @Nullable Duration timeout, boolean isVolatile, boolean compress) {
		this.socket = socket;
		this.timeout = timeout;
		this.isVolatile = isVolatile;
		this.compress = compress;
	}

	@Override
	public SocketEmitter timeout(Duration timeout) {
		return new SocketEmitter(this.socket, timeout, this.isVolatile, this.compress);
	}

	@Override
	public SocketEmitter asVolatile() {
		return new SocketEmitter(this.socket, this.timeout, true, this.compress);
	}

	/**
	 * Returns an emitter with a compression hint. Accepted for compatibility with the
	 * reference API, but it has no effect: this server compresses nothing yet (no
	 * permessage-deflate, no HTTP compression), whatever the flag.
	 * @param compress whether packets may be compressed
	 * @return a new emitter
	 */
	@Override
	public SocketEmitter compress(boolean compress) {
		return new SocketEmitter(this.socket, this.timeout, this.isVolatile, compress);
	}

	@Override
	public void emit(String event, Object... args) {
		this.socket.send(event, args, this.isVolatile);
	}

	/**
	 * Sends an event and waits for the client's acknowledgement. The event is sent on
	 * subscription.
	 * @param event the event name
	 * @param args the arguments
	 * @return the client's answer; empty at once when the socket is no longer connected
	 * (nothing is sent); an
	 * {@link io.github.socketiospringboot.broadcast.AckTimeoutException} when no answer
	 * came within the timeout, the socket having disconnected meanwhile included
	 */
	@Override
	public Mono<Ack> emitWithAck(String event, Object... args) {
		return this.socket.sendWithAck(event, args, this.timeout, this.isVolatile);
	}

	@Override
	public String toString() {
		return "SocketEmitter[" + this.socket.id() + ((this.timeout != null) ? ", timeout=" + this.timeout : "")
				+ (this.isVolatile ? ", volatile" : "") + "]";
	}

}
