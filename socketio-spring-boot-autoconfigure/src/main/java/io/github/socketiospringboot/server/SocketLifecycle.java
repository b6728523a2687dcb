package io.github.socketiospringboot.server;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.github.socketiospringboot.internal.engine.WriteExecutor;
import io.github.socketiospringboot.observe.SocketIOObserver;

/**
 * Where one socket is in its life, and its moves: connecting (through the middlewares),
 * connected, leaving (its disconnecting listeners run, it still is in its rooms and can
 * send), gone. The move to leaving happens once, whoever asks first: the client, the
 * server, the connection's end.
 */
final class SocketLifecycle {

	private static final int CONNECTING = 0;

	private static final int CONNECTED = 1;

	private static final int LEAVING = 2;

	private static final int GONE = 3;

	private static final AtomicIntegerFieldUpdater<SocketLifecycle> STATE = AtomicIntegerFieldUpdater
		.newUpdater(SocketLifecycle.class, "state");

	private static final AtomicIntegerFieldUpdater<SocketLifecycle> ANNOUNCED = AtomicIntegerFieldUpdater
		.newUpdater(SocketLifecycle.class, "announced");

	/** Not yet told to the observers, told connected, or gone before it was told. */
	private static final int UNANNOUNCED = 0;

	private static final int ANNOUNCED_CONNECTED = 1;

	private static final int LEFT_UNANNOUNCED = 2;

	/** Marks the socket left in the order of its connection's writes. */
	private static final WriteExecutor.Task<SocketLifecycle> LEFT_IN_WRITE_ORDER = new WriteExecutor.Task<>() {

		@Override
		public void run(SocketLifecycle lifecycle) {
			lifecycle.leftInWriteOrder = true;
		}

		@Override
		public void abandon(SocketLifecycle lifecycle) {
			lifecycle.leftInWriteOrder = true;
		}

	};

	private final DefaultSocket socket;

	private volatile int state = CONNECTING;

	/**
	 * Whether the observers were told that the socket connected: they hear of its
	 * disconnection only if so, so that what they count stays balanced when the
	 * connection ends while the socket connects.
	 */
	private volatile int announced = UNANNOUNCED;

	/**
	 * Set once the socket has started to leave its rooms, which it then never rejoins.
	 */
	private volatile boolean roomsLeft;

	/**
	 * Set once the socket has left, in the order of its connection's writes: on the
	 * connection's event loop, after what was handed to the loop before the socket
	 * started to leave (the broadcasts that chose it while it was connected), and before
	 * its DISCONNECT packet.
	 */
	private volatile boolean leftInWriteOrder;

	SocketLifecycle(DefaultSocket socket) {
		this.socket = socket;
	}

	/**
	 * Tells whether the socket is in its namespace: connected, or leaving.
	 */
	boolean connected() {
		int current = this.state;
		return current == CONNECTED || current == LEAVING;
	}

	/**
	 * Tells whether a broadcast delivered on the socket's event loop, in the order of its
	 * connection's writes, still reaches it: one that chose the socket before it started
	 * to leave does, even if the leave has run since on another thread (its DISCONNECT
	 * packet follows), one that comes after the leave in that order does not, nor one
	 * that meets the socket before it is connected.
	 */
	boolean reachableInWriteOrder() {
		return this.state != CONNECTING && !this.leftInWriteOrder;
	}

	/**
	 * Tells whether the socket has started to leave its rooms for good: a join that added
	 * rooms at the same time removes them again.
	 */
	boolean roomsLeft() {
		return this.roomsLeft;
	}

	/**
	 * Tells whether the socket may still join rooms: until it starts to leave them, so
	 * that its disconnecting listeners may still join rooms, which connection state
	 * recovery keeps with the session, as in the reference.
	 */
	boolean admitsRooms() {
		return !this.roomsLeft;
	}

	/**
	 * Connects the socket once the middlewares let it in: it joins its own room and its
	 * client is told.
	 */
	void connect() {
		Recovery recovery = this.socket.takeRecovery();
		if (recovery != null) {
			reconnect(recovery);
			return;
		}
		this.state = CONNECTED;
		this.socket.join(Set.of(this.socket.id()));
		this.socket.namespace().sender().connect(this.socket);
		leaveIfClosed();
	}

	/**
	 * Claims the telling of the socket's connection to the observers and its connection
	 * handlers: once, and not once it has left.
	 * @return whether to tell them
	 */
	boolean announce() {
		return !gone() && ANNOUNCED.compareAndSet(this, UNANNOUNCED, ANNOUNCED_CONNECTED);
	}

	/**
	 * Tells whether the socket has left, or is leaving.
	 */
	boolean gone() {
		return this.state >= LEAVING;
	}

	/**
	 * Makes a socket that has just connected leave at once when its connection ended
	 * while it was connecting: the end reached it before it could leave.
	 */
	private void leaveIfClosed() {
		DisconnectReason closed = this.socket.client().closeReason();
		if (closed != null) {
			leave(closed);
		}
	}

	/**
	 * Connects a restored socket: it joins its rooms again, and its client is told, then
	 * sent the packets it missed, in order, before any later broadcast
	 * ({@link io.github.socketiospringboot.adapter.Adapter#rejoin}).
	 */
	private void reconnect(Recovery recovery) {
		DefaultSocket socket = this.socket;
		Set<String> rooms = new LinkedHashSet<>(recovery.session().session().rooms());
		rooms.add(socket.id());
		PacketSender sender = socket.namespace().sender();
		socket.namespace().adapter().rejoin(socket.id(), rooms, recovery.lastOffset(), (since) -> {
			this.state = CONNECTED;
			sender.connect(socket);
			sender.replay(socket, recovery.session().missedPackets());
			sender.replay(socket, since);
			leaveIfClosed();
		});
	}

	/**
	 * Disconnects the socket from the server's side.
	 * @param close whether the whole connection closes, with every namespace of it
	 */
	void disconnect(boolean close) {
		if (!connected()) {
			return;
		}
		if (close) {
			this.socket.client().disconnectAll();
			return;
		}
		// the socket is leaving before the client is told: the client then closes its
		// connection, and that close, from another thread, must not be taken for a
		// recoverable loss of the connection
		if (!STATE.compareAndSet(this, CONNECTED, LEAVING)) {
			return;
		}
		markLeftInWriteOrder();
		this.socket.namespace().sender().disconnect(this.socket);
		left(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
	}

	/**
	 * Makes the socket leave its namespace, once: its disconnecting listeners hear it
	 * first, then it leaves its rooms, its namespace and its client, forgets the
	 * acknowledgements it awaited, and its disconnect listeners and its namespace's hear
	 * it.
	 * @param reason why it leaves
	 */
	void leave(DisconnectReason reason) {
		if (STATE.compareAndSet(this, CONNECTED, LEAVING)) {
			markLeftInWriteOrder();
			left(reason);
		}
	}

	/**
	 * Marks the socket left in the order of its connection's writes: at once on the
	 * connection's event loop or when nothing is handed to one, else through the loop,
	 * after the deliveries handed over before.
	 */
	private void markLeftInWriteOrder() {
		WriteExecutor executor = this.socket.client().connection().writeExecutor();
		if (executor == null || executor.inLoop()) {
			this.leftInWriteOrder = true;
		}
		else {
			executor.execute(LEFT_IN_WRITE_ORDER, this);
		}
	}

	/**
	 * The rest of leaving, once this thread has moved the socket to leaving.
	 */
	private void left(DisconnectReason reason) {
		DefaultSocket socket = this.socket;
		socket.listeners().onDisconnecting(socket, reason);
		if (reason.isRecoverable() && socket.pid() != null) {
			socket.persistSession();
		}
		this.roomsLeft = true;
		socket.namespace().rooms().leaveAll(socket);
		socket.namespace().remove(socket);
		socket.client().remove(socket);
		this.state = GONE;
		socket.forgetAcks();
		socket.listeners().onDisconnected(socket, reason);
		SocketIOObserver observer = socket.namespace().server().observer();
		// told only of a socket they were told connected
		boolean wasAnnounced = !ANNOUNCED.compareAndSet(this, UNANNOUNCED, LEFT_UNANNOUNCED);
		if (wasAnnounced && observer != SocketIOObserver.NONE) {
			observer.onSocketDisconnected(socket, reason);
		}
	}

}
