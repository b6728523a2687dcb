package io.github.socketiospringboot.internal.engine;

import java.util.List;

import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import org.jspecify.annotations.Nullable;

/**
 * The engine's view of one transport connection of a session (a long-polling channel or
 * one WebSocket), implemented by the transports over HTTP.
 *
 * <p>
 * Every method is called with the owning {@link EngineSession}'s monitor held, and must
 * not block. Transports report what they receive through {@link EngineSession#onPacket},
 * {@link EngineSession#onParseError} and {@link EngineSession#onTransportClose}, without
 * holding the monitor.
 */
public abstract class Transport {

	private @Nullable EngineSession session;

	void attach(EngineSession owner) {
		this.session = owner;
	}

	/**
	 * Returns the session this transport belongs to.
	 * @return the session
	 * @throws IllegalStateException before the transport is attached to a session
	 */
	protected final EngineSession session() {
		EngineSession owner = this.session;
		if (owner == null) {
			throw new IllegalStateException("Transport not attached to a session");
		}
		return owner;
	}

	/**
	 * Returns the kind of this transport.
	 * @return the transport type
	 */
	public abstract TransportType type();

	/**
	 * Tells whether a frame written now would leave at once: always for an open
	 * WebSocket, only while a GET is pending for long-polling.
	 * @return whether {@link #write} may be called
	 */
	protected abstract boolean isWritable();

	/**
	 * Tells whether the client is behind: more than the write-buffer limit waits for it,
	 * so volatile packets are not sent. Safe from any thread.
	 * @return whether the connection is congested
	 */
	protected boolean isCongested() {
		return false;
	}

	/**
	 * Returns the executor of the event loop that makes this transport's writes, when it
	 * has one for its whole life (a WebSocket connection; long-polling has none).
	 * @return the executor, or {@code null}
	 */
	protected @Nullable WriteExecutor writeExecutor() {
		return null;
	}

	/**
	 * Writes frames, taking over one reference of each.
	 * @param frames the frames, in order
	 */
	protected abstract void write(List<EngineFrame> frames);

	/**
	 * Writes one frame, taking over one reference of it.
	 * @param frame the frame
	 */
	protected void write(EngineFrame frame) {
		write(List.of(frame));
	}

	/**
	 * Closes this transport because its session ended. Frames still buffered by the
	 * session are handed over (the transport owns one reference of each) and are
	 * delivered before the close when {@code reason} is a close by the server, released
	 * otherwise.
	 * @param reason why the session ended
	 * @param remaining frames the session had not written yet
	 */
	protected abstract void close(EngineCloseReason reason, List<EngineFrame> remaining);

	/**
	 * Told that the client sent a close packet on this transport, right before the
	 * session closes with {@link EngineCloseReason#TRANSPORT_CLOSE}.
	 */
	protected void onClosePacket() {
	}

	/**
	 * Tells whether this transport, closed by the server, still holds packets for the
	 * client's next request (a long-polling transport with no GET pending when its
	 * session closed).
	 * @return whether the closed session must stay reachable by its id for a while
	 */
	protected boolean lingers() {
		return false;
	}

	/**
	 * Told that the closed session is forgotten: a transport that {@link #lingers()}
	 * releases the packets its client did not come back for.
	 */
	protected void expire() {
	}

	/**
	 * Told that a WebSocket of the same session answered the upgrade probe: a
	 * long-polling transport releases its pending and following GETs with a noop packet.
	 */
	protected void onUpgradeProbe() {
	}

	/**
	 * Told that an upgrade was abandoned and this transport stays in use.
	 */
	protected void onUpgradeAborted() {
	}

	/**
	 * Told that the session moved to another transport: this one is no longer used.
	 */
	protected void discard() {
	}

}
