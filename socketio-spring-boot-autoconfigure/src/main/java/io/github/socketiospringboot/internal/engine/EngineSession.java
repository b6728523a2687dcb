package io.github.socketiospringboot.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.github.socketiospringboot.internal.engine.protocol.EnginePacketType;
import io.github.socketiospringboot.internal.engine.protocol.InboundPacket;
import io.netty.util.Timeout;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One Engine.IO session: its current transport, the frames waiting for it, the heartbeat
 * and the upgrade from long-polling to WebSocket.
 *
 * <p>
 * State is guarded by this object's monitor, held only for short non-blocking sections;
 * the listener is always called without it. The public methods other than those of
 * {@link EngineSocket} form the transport SPI.
 */
public final class EngineSession implements EngineSocket {

	private static final Log logger = LogFactory.getLog(EngineSession.class);

	private final String id;

	private final EngineServer server;

	private final EngineRequest request;

	private final ArrayDeque<EngineFrame> buffer = new ArrayDeque<>(4);

	private volatile EngineSocketListener listener = NoopListener.INSTANCE;

	private Transport transport;

	private @Nullable Transport upgrading;

	private @Nullable Timeout upgradeTimer;

	private @Nullable Timeout pingTimer;

	private @Nullable Timeout pongTimer;

	/**
	 * When the pending ping expires, as {@link System#nanoTime()}; only meaningful while
	 * awaiting a pong.
	 */
	private volatile long pongDeadline;

	private volatile boolean heartbeatStarted;

	private volatile boolean open = true;

	/**
	 * Set when the server closed the session while an upgrade was under way: the close
	 * waits for the upgrade to end, as in the reference server.
	 */
	private boolean closeAfterUpgrade;

	/** Bytes in {@link #buffer}; guarded by this. */
	private long bufferedBytes;

	/** Whether the buffer went past the write-buffer maximum; guarded by this. */
	private boolean bufferOverflow;

	private @Nullable EngineCloseReason closeReason;

	private @Nullable String closeDescription;

	/**
	 * The transport once the session is settled on one that keeps its writes in order on
	 * its own (WebSocket): sends then go to it without this session's monitor. Cleared
	 * when the session closes.
	 */
	private volatile @Nullable Transport direct;

	EngineSession(String id, EngineServer server, EngineRequest request, Transport transport) {
		this.id = id;
		this.server = server;
		this.request = request;
		this.transport = transport;
		transport.attach(this);
		this.direct = (transport.writeExecutor() != null) ? transport : null;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public EngineRequest request() {
		return this.request;
	}

	@Override
	public synchronized TransportType transport() {
		return this.transport.type();
	}

	@Override
	public boolean isOpen() {
		return this.open;
	}

	@Override
	public synchronized boolean isWritable() {
		return this.open && this.buffer.isEmpty() && this.transport.isWritable() && !this.transport.isCongested();
	}

	@Override
	public @Nullable WriteExecutor writeExecutor() {
		Transport settled = this.direct;
		return (settled != null) ? settled.writeExecutor() : null;
	}

	/**
	 * Returns the transport in use now.
	 * @return the current transport
	 */
	public synchronized Transport currentTransport() {
		return this.transport;
	}

	/**
	 * Tells whether the client has missed its pong deadline, even if the timer that
	 * closes the session has not fired yet.
	 * @param nanoTime the current {@link System#nanoTime()}
	 * @return whether the session must be treated as closed
	 */
	public boolean isExpired(long nanoTime) {
		return this.heartbeatStarted && nanoTime - this.pongDeadline > 0;
	}

	void start(EngineFrame openPacket, EngineHandler handler) {
		send(openPacket);
		EngineSocketListener created = handler.onOpen(this);
		EngineCloseReason closedWhileOpening;
		String description;
		synchronized (this) {
			this.listener = created;
			closedWhileOpening = this.closeReason;
			description = this.closeDescription;
			if (this.open) {
				schedulePing();
			}
		}
		if (closedWhileOpening != null) {
			// closed before onOpen returned the listener: tell it now
			notifyClose(created, closedWhileOpening, description);
		}
	}

	@Override
	public void send(EngineFrame frame) {
		Transport settled = this.direct;
		if (settled != null) {
			// a WebSocket transport orders concurrent writes itself; one racing with the
			// close is dropped by the transport, as it would be by the session
			frame.retain();
			settled.write(frame);
			return;
		}
		synchronized (this) {
			if (!this.open || this.closeAfterUpgrade) {
				return;
			}
			frame.retain();
			if (this.buffer.isEmpty() && this.transport.isWritable()) {
				this.transport.write(frame);
			}
			else {
				this.buffer.add(frame);
				this.bufferedBytes += frame.length();
				flushLocked();
				if (this.bufferedBytes > this.server.options().writeBuffer().max() && !this.bufferOverflow) {
					this.bufferOverflow = true;
					// a polling client that does not come back for its packets: close
					// outside the monitor
					this.server.schedule(() -> {
						onWriteBufferClose();
						close(EngineCloseReason.TRANSPORT_ERROR, "write buffer full: the client did not take "
								+ this.server.options().writeBuffer().max() + " bytes");
					}, 0);
				}
			}
		}
	}

	@Override
	public void send(List<EngineFrame> frames) {
		Transport settled = this.direct;
		if (settled != null) {
			// the transport keeps the frames together
			for (EngineFrame frame : frames) {
				frame.retain();
			}
			settled.write(frames);
			return;
		}
		// the monitor is reentrant: the frames go out together, in order
		synchronized (this) {
			for (EngineFrame frame : frames) {
				send(frame);
			}
		}
	}

	/**
	 * Writes the buffered frames if the current transport can take them; called by a
	 * long-polling transport when a GET arrives.
	 */
	public void flush() {
		synchronized (this) {
			flushLocked();
		}
	}

	private void flushLocked() {
		if (!this.buffer.isEmpty() && this.transport.isWritable()) {
			List<EngineFrame> frames = new ArrayList<>(this.buffer);
			this.buffer.clear();
			this.bufferedBytes = 0;
			this.transport.write(frames);
		}
	}

	@Override
	public void close() {
		close(EngineCloseReason.FORCED_CLOSE, null);
	}

	/**
	 * Ends the session.
	 * @param reason why it ends
	 * @param description details of the error, if one caused it
	 */
	public void close(EngineCloseReason reason, @Nullable String description) {
		EngineSocketListener listener;
		synchronized (this) {
			if (!this.open) {
				return;
			}
			if (this.upgrading != null && reason == EngineCloseReason.FORCED_CLOSE) {
				// the client has stopped polling, or is about to: what was sent before
				// reaches it over the new transport once the upgrade completes, and the
				// session closes then (or when the upgrade is abandoned)
				this.closeAfterUpgrade = true;
				return;
			}
			this.open = false;
			this.direct = null;
			this.closeReason = reason;
			this.closeDescription = description;
			listener = this.listener;
			cancel(this.pingTimer);
			cancel(this.pongTimer);
			cancel(this.upgradeTimer);
			List<EngineFrame> remaining = new ArrayList<>(this.buffer);
			this.buffer.clear();
			if (this.upgrading != null) {
				this.upgrading.close(EngineCloseReason.TRANSPORT_CLOSE, List.of());
				this.upgrading = null;
			}
			this.transport.close(reason, remaining);
			if (this.transport.lingers()) {
				// the last packets wait for the client's next poll; forget the session at
				// the latest
				// when a live client would have polled again
				this.server.schedule(this::expire, this.server.options().pingInterval().toMillis()
						+ this.server.options().pingTimeout().toMillis());
			}
			else {
				forget();
			}
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Session " + this.id + " closed: " + reason
					+ ((description != null) ? " (" + description + ")" : ""));
		}
		if (listener != NoopListener.INSTANCE) {
			notifyClose(listener, reason, description);
		}
		// else the handler's onOpen has not returned the listener yet: start() tells it
	}

	private void notifyUpgrade(TransportType from, TransportType to) {
		try {
			this.listener.onUpgrade(from, to);
		}
		catch (RuntimeException ex) {
			logger.error("Upgrade listener of session " + this.id + " failed", ex);
		}
	}

	/**
	 * Told by a transport that what waits for the client went past the write-buffer
	 * limit; the listener hears of it.
	 */
	public void onWriteCongested() {
		try {
			this.listener.onWriteCongested();
		}
		catch (RuntimeException ex) {
			logger.error("Congestion listener of session " + this.id + " failed", ex);
		}
	}

	/**
	 * Told by a transport that it closes the session because its client does not take
	 * what it is sent, before it does; the listener hears of it.
	 */
	public void onWriteBufferClose() {
		try {
			this.listener.onWriteBufferClose();
		}
		catch (RuntimeException ex) {
			logger.error("Congestion listener of session " + this.id + " failed", ex);
		}
	}

	private void notifyClose(EngineSocketListener listener, EngineCloseReason reason, @Nullable String description) {
		try {
			listener.onClose(reason, description);
		}
		catch (RuntimeException ex) {
			logger.error("Close listener of session " + this.id + " failed", ex);
		}
	}

	/**
	 * Attaches a WebSocket that wants to take over this long-polling session.
	 * @param candidate the new transport
	 * @return {@code false} when the session cannot be upgraded now (closed, already
	 * upgraded or upgrading, upgrades disabled); the caller then closes the candidate
	 */
	public boolean beginUpgrade(Transport candidate) {
		synchronized (this) {
			if (!this.open || this.upgrading != null || this.transport.type() == candidate.type()
					|| !this.server.options().allowUpgrades()) {
				return false;
			}
			candidate.attach(this);
			this.upgrading = candidate;
			this.upgradeTimer = this.server.schedule(() -> abortUpgrade(candidate, "upgrade timeout"),
					this.server.options().upgradeTimeout().toMillis());
			return true;
		}
	}

	/**
	 * Runs a task later on the engine's timer thread; for transports.
	 * @param task the task, which must not block
	 * @param delayMillis the delay in milliseconds
	 * @return a handle to cancel the task
	 */
	public Timeout schedule(Runnable task, long delayMillis) {
		return this.server.schedule(task, delayMillis);
	}

	/**
	 * Removes the closed session from the server's sessions, so that later requests
	 * carrying its id are answered as for an unknown session.
	 */
	public void forget() {
		this.server.remove(this);
	}

	/**
	 * Forgets a closed session whose client did not come back for its last packets,
	 * releasing them.
	 */
	void expire() {
		synchronized (this) {
			this.transport.expire();
		}
		forget();
	}

	private void abortUpgrade(Transport candidate, String why) {
		synchronized (this) {
			if (this.upgrading != candidate) {
				return;
			}
			abortUpgradeLocked(candidate);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Upgrade of session " + this.id + " abandoned: " + why);
		}
		closeIfAskedDuringUpgrade();
	}

	/**
	 * Completes a close by the server that waited for the upgrade that has just ended.
	 * Called without the monitor, so that the close listener runs without it.
	 */
	private void closeIfAskedDuringUpgrade() {
		boolean closeNow;
		synchronized (this) {
			closeNow = this.closeAfterUpgrade && this.upgrading == null;
		}
		if (closeNow) {
			close(EngineCloseReason.FORCED_CLOSE, null);
		}
	}

	/**
	 * Receives one packet decoded by a transport. Called without the monitor, in order
	 * per transport.
	 * @param source the transport it came from
	 * @param packet the packet
	 */
	public void onPacket(Transport source, InboundPacket packet) {
		if (!this.open) {
			return;
		}
		Transport current;
		boolean fromCandidate;
		@Nullable TransportType upgradedFrom = null;
		if (source == this.direct) {
			// settled on this transport: no upgrade can be under way
			current = source;
			fromCandidate = false;
		}
		else {
			synchronized (this) {
				fromCandidate = source == this.upgrading;
				if (fromCandidate) {
					Transport before = this.transport;
					onUpgradePacket(source, packet);
					if (this.transport != before) {
						upgradedFrom = before.type();
					}
				}
				current = this.transport;
			}
		}
		if (fromCandidate) {
			if (upgradedFrom != null) {
				notifyUpgrade(upgradedFrom, source.type());
			}
			closeIfAskedDuringUpgrade();
			return;
		}
		if (source != current) {
			return;
		}
		switch (packet.type()) {
			case MESSAGE -> deliver(packet);
			case PONG -> onPong();
			case PING -> close(EngineCloseReason.TRANSPORT_ERROR, "invalid heartbeat direction");
			case CLOSE -> {
				synchronized (this) {
					current.onClosePacket();
				}
				close(EngineCloseReason.TRANSPORT_CLOSE, null);
			}
			default -> {
				// open, upgrade and noop packets from a client are ignored, like the
				// reference does
			}
		}
	}

	private void onUpgradePacket(Transport candidate, InboundPacket packet) {
		if (packet.type() == EnginePacketType.PING && "probe".equals(packet.text())) {
			candidate.write(EngineFrame.PONG_PROBE);
			this.transport.onUpgradeProbe();
		}
		else if (packet.type() == EnginePacketType.UPGRADE) {
			Transport previous = this.transport;
			this.transport = candidate;
			this.upgrading = null;
			cancel(this.upgradeTimer);
			previous.discard();
			flushLocked();
			if (candidate.writeExecutor() != null && this.buffer.isEmpty()) {
				this.direct = candidate;
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Session " + this.id + " upgraded to " + candidate.type().wireName());
			}
		}
		else {
			abortUpgradeLocked(candidate);
		}
	}

	private void deliver(InboundPacket packet) {
		try {
			byte[] binary = packet.binary();
			if (binary != null) {
				this.listener.onBinary(binary);
			}
			else {
				this.listener.onMessage(packet.text());
			}
		}
		catch (RuntimeException ex) {
			logger.error("Message listener of session " + this.id + " failed", ex);
		}
	}

	/**
	 * Told by a transport that what it received could not be decoded.
	 * @param source the transport
	 * @param description what was wrong
	 */
	public void onParseError(Transport source, String description) {
		if (keepsSessionOpen(source)) {
			return;
		}
		close(EngineCloseReason.PARSE_ERROR, description);
	}

	/**
	 * Told by a transport that its connection ended or failed.
	 * @param source the transport
	 * @param reason {@link EngineCloseReason#TRANSPORT_CLOSE} or
	 * {@link EngineCloseReason#TRANSPORT_ERROR}
	 * @param description details, if any
	 */
	public void onTransportClose(Transport source, EngineCloseReason reason, @Nullable String description) {
		if (keepsSessionOpen(source)) {
			return;
		}
		close(reason, description);
	}

	/**
	 * Decides whether a transport that failed or ended takes the session with it;
	 * abandons the upgrade when it is the candidate of one.
	 * @return {@code true} when the session stays open: the transport was the upgrade
	 * candidate, or one the session no longer uses; {@code false} when the session must
	 * close
	 */
	private boolean keepsSessionOpen(Transport source) {
		synchronized (this) {
			if (source != this.upgrading) {
				return source != this.transport;
			}
			abortUpgradeLocked(source);
		}
		closeIfAskedDuringUpgrade();
		return true;
	}

	private void abortUpgradeLocked(Transport candidate) {
		this.upgrading = null;
		cancel(this.upgradeTimer);
		candidate.close(EngineCloseReason.TRANSPORT_ERROR, List.of());
		this.transport.onUpgradeAborted();
		flushLocked();
	}

	private void schedulePing() {
		long interval = this.server.options().pingInterval().toMillis();
		long timeout = this.server.options().pingTimeout().toMillis();
		// one absolute deadline, fixed now: timer jitter cannot make a silent client
		// outlive
		// pingInterval + pingTimeout
		this.pongDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval + timeout);
		this.heartbeatStarted = true;
		this.pingTimer = this.server.schedule(this::sendPing, interval);
	}

	private void sendPing() {
		synchronized (this) {
			if (!this.open) {
				return;
			}
			long remaining = TimeUnit.NANOSECONDS.toMillis(this.pongDeadline - System.nanoTime());
			this.pongTimer = this.server.schedule(this::onPingTimeout, Math.max(remaining, 0));
		}
		send(EngineFrame.PING);
	}

	private void onPingTimeout() {
		close(EngineCloseReason.PING_TIMEOUT, null);
	}

	private void onPong() {
		synchronized (this) {
			if (!this.open || this.pongTimer == null) {
				// a pong with no ping outstanding is ignored
				return;
			}
			cancel(this.pongTimer);
			this.pongTimer = null;
			schedulePing();
		}
	}

	private static void cancel(@Nullable Timeout timeout) {
		if (timeout != null) {
			timeout.cancel();
		}
	}

	@Override
	public String toString() {
		return "EngineSession[" + this.id + "]";
	}

	private static final class NoopListener implements EngineSocketListener {

		static final NoopListener INSTANCE = new NoopListener();

		@Override
		public void onMessage(String text) {
		}

		@Override
		public void onBinary(byte[] bytes) {
		}

		@Override
		public void onClose(EngineCloseReason reason, @Nullable String description) {
		}

	}

}
