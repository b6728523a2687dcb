package io.github.socketiospringboot.server;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.github.socketiospringboot.broadcast.Args;
import io.github.socketiospringboot.internal.protocol.Packet;

/**
 * An event received by a {@link DefaultSocket}.
 */
final class DefaultSocketEvent implements SocketEvent {

	private final DefaultSocket socket;

	private final String name;

	private final Args args;

	private final long ackId;

	private static final AtomicIntegerFieldUpdater<DefaultSocketEvent> ACKED = AtomicIntegerFieldUpdater
		.newUpdater(DefaultSocketEvent.class, "acked");

	private volatile int acked;

	DefaultSocketEvent(DefaultSocket socket, String name, Args args, long ackId) {
		this.socket = socket;
		this.name = name;
		this.args = args;
		this.ackId = ackId;
	}

	@Override
	public SocketIOSocket socket() {
		return this.socket;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Args args() {
		return this.args;
	}

	@Override
	public boolean hasAck() {
		return this.ackId != Packet.NO_ACK;
	}

	@Override
	public boolean ack(Object... args) {
		if (!hasAck() || !ACKED.compareAndSet(this, 0, 1)) {
			return false;
		}
		try {
			this.socket.sendAck(this.ackId, args);
		}
		catch (RuntimeException ex) {
			// not sent (its arguments cannot be encoded): still to be answered
			this.acked = 0;
			throw ex;
		}
		return true;
	}

	@Override
	public String toString() {
		return "SocketEvent[" + this.name + ", " + this.args + (hasAck() ? ", ack " + this.ackId : "") + "]";
	}

}
