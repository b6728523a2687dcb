package io.github.socketiospringboot.server;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Sends events to one socket with modifiers: a timeout for acknowledgements, volatile,
 * compression. Immutable: each modifier returns a new emitter.
 */
public final class SocketEmitter {

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

	/**
	 * Sets the acknowledgement timeout.
	 * @param timeout the timeout
	 * @return a new emitter
	 */
	public SocketEmitter timeout(Duration timeout) {
		return new SocketEmitter(this.socket, timeout, this.isVolatile, this.compress);
	}

	/**
	 * Makes the packets volatile: dropped when the client cannot take them right now.
	 * @return a new emitter
	 */
	public SocketEmitter asVolatile() {
		return new SocketEmitter(this.socket, this.timeout, true, this.compress);
	}

	/**
	 * Sets the compression hint.
	 * @param compress whether packets may be compressed
	 * @return a new emitter
	 */
	public SocketEmitter compress(boolean compress) {
		return new SocketEmitter(this.socket, this.timeout, this.isVolatile, compress);
	}

	/**
	 * Sends an event.
	 * @param event the event name
	 * @param args the arguments
	 */
	public void emit(String event, Object... args) {
		this.socket.send(event, args, this.isVolatile);
	}

	/**
	 * Sends an event and waits for the client's acknowledgement. The event is sent on
	 * subscription.
	 * @param event the event name
	 * @param args the arguments
	 * @return the client's answer, or an {@link AckTimeoutException} once the timeout
	 * expired
	 */
	public Mono<Ack> emitWithAck(String event, Object... args) {
		return this.socket.sendWithAck(event, args, this.timeout, this.isVolatile);
	}

}
