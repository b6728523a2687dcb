package io.github.socketiospringboot.server;

import java.util.function.Consumer;

import io.github.socketiospringboot.adapter.BroadcastFlags;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.LocalSocket;
import io.github.socketiospringboot.adapter.Recipients;
import io.github.socketiospringboot.internal.engine.WriteBatch;
import io.github.socketiospringboot.internal.engine.WriteExecutor;
import io.github.socketiospringboot.observe.SocketIOObserver;

/**
 * One broadcast's delivery to the recipients an adapter names, each on the event loop
 * that writes to its connection: the one place where a broadcast meets the engine's
 * loops.
 *
 * <p>
 * A recipient served by the calling thread, or by no loop in particular (long-polling, an
 * upgrade under way, outgoing listeners that must hear of the broadcast before it
 * returns), is written to at once. Each other recipient is handed to its loop, which
 * writes to it with its connection's state at hand; the hand-overs wait in a
 * {@link WriteBatch} that the end of the broadcast hands to each loop in one piece, so a
 * broadcast costs each loop one hand-over however many of its connections receive it. The
 * message is encoded once, before any loop can need it, and held once for each hand-over,
 * which releases it when done (or when its loop shuts down).
 */
final class BroadcastDelivery implements Consumer<LocalSocket>, WriteExecutor.Task<DefaultSocket> {

	private final PacketSender sender;

	private final EncodedMessage message;

	private final BroadcastFlags flags;

	private int deferred;

	/** The recipients taken, for the observer. */
	private int recipients;

	private BroadcastDelivery(PacketSender sender, EncodedMessage message, BroadcastFlags flags) {
		this.sender = sender;
		this.message = message;
		this.flags = flags;
	}

	/**
	 * Delivers a broadcast to the recipients.
	 * @param sender the sender of the recipients' namespace
	 * @param message the message; the caller's hold is its own
	 * @param flags the broadcast's flags
	 * @param recipients the recipients, sockets of that namespace
	 */
	static void deliver(PacketSender sender, BroadcastMessage message, BroadcastFlags flags, Recipients recipients) {
		EncodedMessage encoded = EncodedMessage.of(message, sender.encoder());
		BroadcastDelivery delivery = new BroadcastDelivery(sender, encoded, flags);
		try {
			try (WriteBatch batch = WriteBatch.begin()) {
				try {
					recipients.forEach(delivery);
				}
				finally {
					delivery.handedOver();
				}
			}
			Namespace namespace = sender.namespace();
			SocketIOObserver observer = namespace.server().observer();
			if (observer != SocketIOObserver.NONE) {
				delivery.observed(namespace, observer);
			}
		}
		finally {
			if (encoded != message) {
				// a copy of a message the server did not make: the copy's creator is done
				encoded.release();
			}
		}
	}

	/**
	 * Tells the observer of the broadcast once, with its recipient count.
	 */
	private void observed(Namespace namespace, SocketIOObserver observer) {
		int count = this.recipients;
		// the message is held until this returns: encoded once, if not yet
		long bytes = (count > 0) ? count * PacketSender.size(this.message.encoded()) : 0;
		observer.onBroadcast(namespace, this.message.event(), count);
		observer.onEventsSent(namespace, this.message.event(), count, bytes);
	}

	/**
	 * Takes one recipient: written to at once, or handed to its loop.
	 */
	@Override
	public void accept(LocalSocket recipient) {
		if (!(recipient instanceof DefaultSocket socket)) {
			throw new IllegalArgumentException("Not a socket of this server: " + recipient);
		}
		this.recipients++;
		WriteExecutor executor = socket.deliveryExecutor();
		if (executor == null) {
			this.sender.deliver(socket, this.message, this.flags, false);
		}
		else if (executor.inLoop()) {
			this.sender.deliver(socket, this.message, this.flags, true);
		}
		else {
			this.deferred++;
			executor.execute(this, socket);
		}
	}

	/**
	 * Makes the message outlive the hand-overs; called before the batch hands them over.
	 */
	private void handedOver() {
		if (this.deferred > 0) {
			// encoded here once, rather than by whichever loop comes first
			this.message.encoded();
			this.message.retain(this.deferred);
		}
	}

	@Override
	public void run(DefaultSocket socket) {
		try {
			this.sender.deliver(socket, this.message, this.flags, true);
		}
		finally {
			this.message.release();
		}
	}

	@Override
	public void abandon(DefaultSocket socket) {
		this.message.release();
	}

}
