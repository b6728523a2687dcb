package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketiospringboot.adapter.BroadcastFlags;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.github.socketiospringboot.internal.protocol.EncodedPacket;
import io.github.socketiospringboot.internal.protocol.Packet;
import io.github.socketiospringboot.internal.protocol.PacketDecoder;
import io.github.socketiospringboot.internal.protocol.PacketEncoder;
import io.github.socketiospringboot.observe.SocketIOObserver;
import io.netty.util.Timeout;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Sends the packets of a namespace's sockets: events (with or without an
 * acknowledgement), the answers to the client's acknowledgements, the CONNECT and
 * DISCONNECT packets, and each recipient's share of a broadcast. One per namespace, as it
 * holds nothing of a socket's own.
 */
final class PacketSender {

	private final Namespace namespace;

	PacketSender(Namespace namespace) {
		this.namespace = namespace;
	}

	/**
	 * Refuses the names the protocol reserves.
	 * @param event the event name
	 * @throws IllegalArgumentException for a reserved name
	 */
	static void checkEventName(String event) {
		if (PacketDecoder.RESERVED_EVENTS.contains(event)) {
			throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
		}
	}

	Namespace namespace() {
		return this.namespace;
	}

	/**
	 * Returns the bytes of a packet's frames, attachments included.
	 * @param packet the packet
	 * @return its size
	 */
	static long size(EncodedPacket packet) {
		if (packet.attachmentCount() == 0) {
			return packet.packetFrame().length();
		}
		long size = 0;
		for (EngineFrame frame : packet.frames()) {
			size += frame.length();
		}
		return size;
	}

	/**
	 * Sends an event packet to one socket and tells the observer, if any.
	 */
	private void sendEvent(DefaultSocket socket, String event, EncodedPacket packet) {
		SocketIOObserver observer = this.namespace.server().observer();
		if (observer != SocketIOObserver.NONE) {
			observer.onEventsSent(this.namespace, event, 1, size(packet));
		}
		socket.client().sendOnce(packet);
	}

	PacketEncoder encoder() {
		return this.namespace.server().encoder();
	}

	void connect(DefaultSocket socket) {
		socket.client().sendOnce(encoder().connect(this.namespace.name(), socket.id(), socket.pid()));
	}

	/**
	 * Writes the packets a restored socket's client missed.
	 * @param socket the socket
	 * @param packets the packets, {@code [event, ...args, offset]} each
	 */
	void replay(DefaultSocket socket, List<ArrayNode> packets) {
		for (ArrayNode packet : packets) {
			JsonNode event = packet.get(0);
			if (event == null || !event.isString()) {
				continue;
			}
			Object[] args = new Object[packet.size() - 1];
			for (int i = 1; i < packet.size(); i++) {
				args[i - 1] = packet.get(i);
			}
			sendEvent(socket, event.stringValue(),
					encoder().event(this.namespace.name(), event.stringValue(), args, Packet.NO_ACK));
		}
	}

	void disconnect(DefaultSocket socket) {
		socket.client().sendOnce(encoder().disconnect(this.namespace.name()));
	}

	void ack(DefaultSocket socket, long ackId, @Nullable Object[] args) {
		socket.client().sendOnce(encoder().ack(this.namespace.name(), ackId, args));
	}

	void event(DefaultSocket socket, String event, @Nullable Object[] args, boolean isVolatile) {
		checkEventName(event);
		if (!socket.connected() || (isVolatile && !socket.client().connection().isWritable())) {
			return;
		}
		socket.listeners().onOutgoing(socket, event, args);
		sendEvent(socket, event, encoder().event(this.namespace.name(), event, args, Packet.NO_ACK));
	}

	Mono<Ack> eventWithAck(DefaultSocket socket, String event, @Nullable Object[] args, @Nullable Duration timeout,
			boolean isVolatile) {
		checkEventName(event);
		SocketIOServer server = this.namespace.server();
		Duration effective = (timeout != null) ? timeout : server.options().defaultAckTimeout();
		return Mono.create((sink) -> {
			if (!socket.connected()) {
				// gone: nobody to ask, as a broadcast with no recipient completes at once
				sink.success();
				return;
			}
			long ackId = this.namespace.nextAckId();
			AtomicBoolean done = new AtomicBoolean();
			AtomicReference<@Nullable Timeout> timer = new AtomicReference<>();
			// the answer's callback first, then its timeout: a timeout that goes off at
			// once finds the callback to cancel
			socket.expectAck(ackId, (answer) -> {
				if (done.compareAndSet(false, true)) {
					cancel(timer.get());
					ArrayNode array = (answer instanceof ArrayNode node) ? node : socket.mapper().createArrayNode();
					sink.success(new Ack(socket.id(), array, socket.mapper()));
				}
			});
			timer.set(server.engine().scheduleDeadline(() -> {
				if (done.compareAndSet(false, true)) {
					socket.cancelAck(ackId);
					sink.error(new AckTimeoutException(effective, List.of(), Set.of(socket.id()), 1));
				}
			}, effective.toMillis()));
			sink.onCancel(() -> {
				if (done.compareAndSet(false, true)) {
					cancel(timer.get());
					socket.cancelAck(ackId);
				}
			});
			if (done.get()) {
				// timed out (or cancelled) already: nobody would wait for the answer
				return;
			}
			if (isVolatile && !socket.client().connection().isWritable()) {
				// dropped on the way, as a volatile packet may be: the answer times out
				return;
			}
			if (!isVolatile && socket.pid() != null) {
				// with connection state recovery, through the adapter as the socket's
				// plain
				// emits go (and as the reference sends both): in order with them
				this.namespace.emitThroughAdapter(socket, event, args, BroadcastFlags.DEFAULT, ackId);
				return;
			}
			socket.listeners().onOutgoing(socket, event, args);
			sendEvent(socket, event, encoder().event(this.namespace.name(), event, args, ackId));
		});
	}

	private static void cancel(@Nullable Timeout timer) {
		if (timer != null) {
			timer.cancel();
		}
	}

	/**
	 * Writes a broadcast to one recipient, on the thread that delivers it.
	 * @param socket the recipient
	 * @param message the broadcast, whose encoding every recipient shares
	 * @param flags the broadcast's flags
	 * @param onLoop whether this runs on the socket's event loop, in the order of its
	 * connection's writes, where a socket that started to leave after the broadcast chose
	 * it still receives it, before its DISCONNECT packet; its outgoing listeners do not
	 * hear of it there, as the delivery only goes to the loop without them
	 */
	void deliver(DefaultSocket socket, EncodedMessage message, BroadcastFlags flags, boolean onLoop) {
		boolean reachable = onLoop ? socket.lifecycle().reachableInWriteOrder() : socket.connected();
		if (!reachable || (flags.isVolatile() && !socket.client().connection().isWritable())) {
			return;
		}
		if (!onLoop) {
			socket.listeners().onOutgoing(socket, message.event(), message.args());
		}
		socket.client().send(message.encoded());
	}

}
