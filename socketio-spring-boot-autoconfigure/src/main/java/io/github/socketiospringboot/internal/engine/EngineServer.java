package io.github.socketiospringboot.internal.engine;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.github.socketiospringboot.internal.engine.protocol.EnginePacketType;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * An Engine.IO v4 server: the sessions, their ids, the handshake and the timers,
 * independent of HTTP. Transports over HTTP open sessions through {@link #open} and find
 * them with {@link #find}.
 */
public final class EngineServer implements AutoCloseable {

	private static final int ID_BYTES = 15;

	/** Ids drawn from the random generator at a time. */
	private static final int POOLED_IDS = 64;

	private final EngineOptions options;

	private final EngineHandler handler;

	private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();

	private static final Log logger = LogFactory.getLog(EngineServer.class);

	private final HashedWheelTimer timer;

	private final SecureRandom random;

	/**
	 * Random bytes drawn ahead for the next ids, as the reference's id generator keeps a
	 * pool: one call to the generator serves {@value #POOLED_IDS} ids. Guarded by itself;
	 * the bytes of an id are erased from it once taken.
	 */
	private final byte[] idPool = new byte[ID_BYTES * POOLED_IDS];

	/** Where the next id's bytes start in {@link #idPool}; guarded by the pool. */
	private int idPoolIndex = this.idPool.length;

	/** The end of the open packet after the id, the same for every session. */
	private final String handshakeTail;

	/** The same for a long-polling session that may upgrade to WebSocket. */
	private final String handshakeTailWithUpgrade;

	private final Base64.Encoder idEncoder = Base64.getUrlEncoder().withoutPadding();

	private volatile boolean closed;

	/**
	 * Creates a server.
	 * @param options the engine settings
	 * @param handler the layer that receives the sessions
	 */
	public EngineServer(EngineOptions options, EngineHandler handler) {
		this.options = options;
		this.handler = handler;
		ThreadFactory threads = new DefaultThreadFactory("engineio-timer", true);
		this.timer = new HashedWheelTimer(threads, 10, TimeUnit.MILLISECONDS, 512);
		this.random = newRandom();
		// seed now, on the caller's thread, rather than on an event loop at the first
		// handshake, and draw the first ids
		this.random.nextBytes(this.idPool);
		this.idPoolIndex = 0;
		String tail = ",\"pingInterval\":" + options.pingInterval().toMillis() + ",\"pingTimeout\":"
				+ options.pingTimeout().toMillis() + ",\"maxPayload\":" + options.maxHttpBufferSize() + "}";
		this.handshakeTail = "\",\"upgrades\":[]" + tail;
		this.handshakeTailWithUpgrade = "\",\"upgrades\":[\"websocket\"]" + tail;
	}

	private static SecureRandom newRandom() {
		try {
			// seeded once here; DRBG does not read the entropy source again on every call
			return SecureRandom.getInstance("DRBG");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			return new SecureRandom();
		}
	}

	/**
	 * Returns the settings of this server.
	 * @return the options
	 */
	public EngineOptions options() {
		return this.options;
	}

	/**
	 * Generates an unguessable, URL-safe id of 20 characters.
	 * @return a new id
	 */
	public String generateId() {
		byte[] bytes = new byte[ID_BYTES];
		synchronized (this.idPool) {
			if (this.idPoolIndex == this.idPool.length) {
				this.random.nextBytes(this.idPool);
				this.idPoolIndex = 0;
			}
			System.arraycopy(this.idPool, this.idPoolIndex, bytes, 0, ID_BYTES);
			Arrays.fill(this.idPool, this.idPoolIndex, this.idPoolIndex + ID_BYTES, (byte) 0);
			this.idPoolIndex += ID_BYTES;
		}
		return this.idEncoder.encodeToString(bytes);
	}

	/**
	 * Opens a session on a transport that has just connected without a session id: sends
	 * the open packet, hands the session to the handler and starts the heartbeat.
	 * @param request the handshake request
	 * @param transport the transport the session starts on
	 * @return the new session
	 * @throws IllegalStateException when the server is closed
	 */
	public EngineSession open(EngineRequest request, Transport transport) {
		if (this.closed) {
			throw new IllegalStateException("The Engine.IO server is closed");
		}
		String id = generateId();
		EngineSession session = new EngineSession(id, this, request, transport);
		this.sessions.put(id, session);
		EngineFrame openPacket = EngineFrame.text(EnginePacketType.OPEN, handshakeJson(id, transport.type()),
				ByteBufAllocator.DEFAULT);
		try {
			session.start(openPacket, this.handler);
		}
		finally {
			openPacket.release();
		}
		return session;
	}

	private String handshakeJson(String id, TransportType transport) {
		boolean upgrades = transport == TransportType.POLLING && this.options.allowUpgrades()
				&& this.options.transports().contains(TransportType.WEBSOCKET);
		return "{\"sid\":\"".concat(id).concat(upgrades ? this.handshakeTailWithUpgrade : this.handshakeTail);
	}

	/**
	 * Finds a session by id. A session whose client missed its pong deadline is closed
	 * here with {@link EngineCloseReason#PING_TIMEOUT}, even if its timer has not fired
	 * yet.
	 * @param id the session id
	 * @return the session, or {@code null} when the id is unknown or the session expired
	 */
	public @Nullable EngineSession find(String id) {
		EngineSession session = this.sessions.get(id);
		if (session != null && session.isOpen() && session.isExpired(System.nanoTime())) {
			session.close(EngineCloseReason.PING_TIMEOUT, null);
			return null;
		}
		return session;
	}

	/**
	 * Returns the sessions open now.
	 * @return a snapshot of the sessions
	 */
	public Collection<EngineSocket> sessions() {
		List<EngineSocket> open = new ArrayList<>(this.sessions.size());
		for (EngineSession session : this.sessions.values()) {
			if (session.isOpen()) {
				open.add(session);
			}
		}
		return Collections.unmodifiableList(open);
	}

	/**
	 * Returns how many sessions are open.
	 * @return the number of sessions
	 */
	public int sessionCount() {
		return this.sessions.size();
	}

	void remove(EngineSession session) {
		this.sessions.remove(session.id(), session);
	}

	/**
	 * Runs a task later on the engine's timer thread (10 ms resolution).
	 * @param task the task, which must not block
	 * @param delayMillis the delay in milliseconds
	 * @return a handle to cancel the task
	 */
	public Timeout schedule(Runnable task, long delayMillis) {
		try {
			return this.timer.newTimeout((timeout) -> task.run(), delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (IllegalStateException ex) {
			// the timer stopped with the server: nothing runs later any more
			return StoppedTimeout.INSTANCE;
		}
	}

	/**
	 * Runs a deadline later on the engine's timer thread: the timeout of something a
	 * caller waits for (an acknowledgement, an answer from the other servers). Unlike
	 * {@link #schedule}, a deadline still waiting when the server closes runs then,
	 * early, on the closing thread, so that nobody waits for a timer that stopped (one
	 * scheduled after that, by a deadline that runs then for instance, does not run).
	 * @param task the task, which must not block
	 * @param delayMillis the delay in milliseconds
	 * @return a handle to cancel the task
	 */
	public Timeout scheduleDeadline(Runnable task, long delayMillis) {
		try {
			return this.timer.newTimeout(new Deadline(task), delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (IllegalStateException ex) {
			// the timer stopped with the server
			return StoppedTimeout.INSTANCE;
		}
	}

	/**
	 * Tells whether {@link #close()} was called.
	 * @return whether the server is closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Closes every session with {@link EngineCloseReason#SERVER_SHUTTING_DOWN} and stops
	 * the timers; new handshakes are refused from now on.
	 */
	@Override
	public void close() {
		this.closed = true;
		for (EngineSession session : List.copyOf(this.sessions.values())) {
			session.close(EngineCloseReason.SERVER_SHUTTING_DOWN, null);
		}
		// the timer that would forget sessions still waiting for a last poll stops here
		for (EngineSession session : List.copyOf(this.sessions.values())) {
			session.expire();
		}
		// what callers wait for ends now rather than never (the timer returns the tasks
		// it cancels as it stops, not those cancelled before)
		for (Timeout pending : this.timer.stop()) {
			if (pending.task() instanceof Deadline deadline) {
				deadline.runNow();
			}
		}
	}

	/**
	 * A task of {@link #scheduleDeadline}.
	 */
	private static final class Deadline implements TimerTask {

		private final Runnable task;

		Deadline(Runnable task) {
			this.task = task;
		}

		@Override
		public void run(Timeout timeout) {
			this.task.run();
		}

		void runNow() {
			try {
				this.task.run();
			}
			catch (RuntimeException ex) {
				logger.warn("A deadline failed as the server closed", ex);
			}
		}

	}

	private static final class StoppedTimeout implements Timeout {

		static final StoppedTimeout INSTANCE = new StoppedTimeout();

		@Override
		public io.netty.util.Timer timer() {
			throw new UnsupportedOperationException("The Engine.IO server's timer has stopped");
		}

		@Override
		public io.netty.util.TimerTask task() {
			return (timeout) -> {
			};
		}

		@Override
		public boolean isExpired() {
			return false;
		}

		@Override
		public boolean isCancelled() {
			return true;
		}

		@Override
		public boolean cancel() {
			return false;
		}

	}

}
