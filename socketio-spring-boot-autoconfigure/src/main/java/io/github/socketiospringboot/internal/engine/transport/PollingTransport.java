package io.github.socketiospringboot.internal.engine.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineSession;
import io.github.socketiospringboot.internal.engine.Transport;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.github.socketiospringboot.internal.engine.protocol.EngineProtocolException;
import io.github.socketiospringboot.internal.engine.protocol.InboundPacket;
import io.github.socketiospringboot.internal.engine.protocol.PollingPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The HTTP long-polling transport of one session: at most one pending GET that receives
 * the session's frames as one payload, and at most one POST at a time carrying the
 * client's packets.
 */
public final class PollingTransport extends Transport {

	private static final long PROBE_NOOP_DELAY_MILLIS = 100;

	private final ByteBufAllocator allocator;

	private @Nullable MonoSink<ByteBuf> pendingPoll;

	private boolean postActive;

	private boolean probed;

	private boolean discarded;

	private boolean closed;

	private boolean closedByClient;

	/** Payloads for the client's next GETs after the session closed, one per GET. */
	private final Deque<List<EngineFrame>> parked = new ArrayDeque<>(2);

	/**
	 * Creates a transport.
	 * @param allocator where response payloads are allocated
	 */
	public PollingTransport(ByteBufAllocator allocator) {
		this.allocator = allocator;
	}

	@Override
	public TransportType type() {
		return TransportType.POLLING;
	}

	/**
	 * Handles one GET: completes with the next payload for the client, or signals
	 * {@link PollingException} when the request is refused. Cancelling the returned
	 * {@code Mono} while it waits (the client went away) ends the session.
	 * @return the payload to send, owned by the subscriber
	 */
	public Mono<ByteBuf> poll() {
		return Mono.<ByteBuf>create(this::onPoll).doOnDiscard(ByteBuf.class, ReferenceCountUtil::release);
	}

	private void onPoll(MonoSink<ByteBuf> sink) {
		EngineSession session = session();
		boolean duplicate = false;
		boolean waiting = false;
		synchronized (session) {
			List<EngineFrame> last = this.parked.poll();
			if (last != null) {
				sink.success(encodeAndRelease(last));
				if (this.parked.isEmpty()) {
					session.forget();
				}
				return;
			}
			if (this.closed || this.discarded) {
				sink.error(new PollingException(PollingException.Kind.NOT_ACTIVE));
				return;
			}
			if (this.pendingPoll != null) {
				duplicate = true;
			}
			else {
				this.pendingPoll = sink;
				waiting = true;
				if (this.probed) {
					// an upgrade is under way: like the reference, release this poll with
					// a noop
					// shortly, unless the upgrade completes first
					session.schedule(() -> releaseProbedPoll(sink), PROBE_NOOP_DELAY_MILLIS);
				}
				session.flush();
			}
		}
		if (waiting) {
			// registered without the monitor: a cancellation that already happened runs
			// it at once
			sink.onCancel(() -> onPollCancelled(sink));
		}
		if (duplicate) {
			sink.error(new PollingException(PollingException.Kind.DUPLICATE));
			session.close(EngineCloseReason.TRANSPORT_ERROR, "overlapping polling requests");
		}
	}

	private void releaseProbedPoll(MonoSink<ByteBuf> sink) {
		synchronized (session()) {
			if (this.pendingPoll == sink && this.probed) {
				releasePendingPoll();
			}
		}
	}

	private void onPollCancelled(MonoSink<ByteBuf> sink) {
		EngineSession session = session();
		synchronized (session) {
			if (this.pendingPoll != sink) {
				return;
			}
			this.pendingPoll = null;
		}
		onPollConnectionClosed();
	}

	/**
	 * Told that the connection of a GET went away after the GET took its payload, before
	 * the payload could be written (the client was gone before its handshake was
	 * answered, say). The packets are lost with it, so the session ends now, as it does
	 * when a pending GET is cancelled, rather than at its ping timeout; like the
	 * reference, with a transport error ("poll connection closed prematurely").
	 */
	public void onPollConnectionClosed() {
		session().onTransportClose(this, EngineCloseReason.TRANSPORT_ERROR, "poll connection closed prematurely");
	}

	/**
	 * Told that the connection of a POST started with {@link #beginPost()} went away
	 * before its whole body came: like the reference, the session ends at once with a
	 * transport error ("data request connection closed prematurely"), and the POST is no
	 * longer in progress.
	 */
	public void onDataRequestClosed() {
		endPost();
		session().onTransportClose(this, EngineCloseReason.TRANSPORT_ERROR,
				"data request connection closed prematurely");
	}

	/**
	 * Marks the start of a POST.
	 * @return {@link PostStart#STARTED}; {@link PostStart#OVERLAP} when another POST is
	 * in progress (the caller answers 400 and closes the session);
	 * {@link PostStart#INACTIVE} when the transport no longer carries an open session (it
	 * closed, or upgraded meanwhile): like the reference, the caller answers {@code ok}
	 * and the packets are dropped
	 */
	public PostStart beginPost() {
		synchronized (session()) {
			if (this.closed || this.discarded) {
				return PostStart.INACTIVE;
			}
			if (this.postActive) {
				return PostStart.OVERLAP;
			}
			this.postActive = true;
			return PostStart.STARTED;
		}
	}

	/**
	 * How {@link #beginPost()} went.
	 */
	public enum PostStart {

		/** The POST is in progress; {@link #receive} or {@link #endPost} ends it. */
		STARTED,

		/** Another POST is in progress. */
		OVERLAP,

		/** The transport no longer carries an open session. */
		INACTIVE

	}

	/**
	 * Delivers the body of a POST started with {@link #beginPost()}, packet by packet; a
	 * packet that cannot be decoded ends the session with a parse error.
	 * @param payload the body, decoded as UTF-8
	 */
	public void receive(String payload) {
		EngineSession session = session();
		try {
			int start = 0;
			int length = payload.length();
			while (session.isOpen()) {
				int end = payload.indexOf(PollingPayload.SEPARATOR, start);
				if (end < 0) {
					end = length;
				}
				InboundPacket packet;
				try {
					packet = InboundPacket.decodeText(payload.substring(start, end));
				}
				catch (EngineProtocolException ex) {
					session.onParseError(this, ex.getMessage());
					return;
				}
				session.onPacket(this, packet);
				if (end == length) {
					return;
				}
				start = end + 1;
			}
		}
		finally {
			endPost();
		}
	}

	/**
	 * Marks the end of a POST that carried nothing to deliver.
	 */
	public void endPost() {
		synchronized (session()) {
			this.postActive = false;
		}
	}

	@Override
	protected boolean isWritable() {
		return this.pendingPoll != null;
	}

	@Override
	protected void write(List<EngineFrame> frames) {
		MonoSink<ByteBuf> sink = this.pendingPoll;
		if (sink == null) {
			frames.forEach(EngineFrame::release);
			return;
		}
		this.pendingPoll = null;
		sink.success(encodeAndRelease(frames));
	}

	@Override
	protected void close(EngineCloseReason reason, List<EngineFrame> remaining) {
		this.closed = true;
		boolean byServer = reason == EngineCloseReason.FORCED_CLOSE || reason == EngineCloseReason.SERVER_SHUTTING_DOWN;
		List<List<EngineFrame>> payloads = new ArrayList<>(2);
		if (byServer) {
			// like the reference, the close packet goes in a payload of its own after
			// the last packets: the official Socket.IO client handles the packets of a
			// payload one tick later, so a close packet in the same payload would close
			// the connection before they are handled
			if (!remaining.isEmpty()) {
				payloads.add(remaining);
			}
			payloads.add(List.of(EngineFrame.CLOSE));
		}
		else {
			remaining.forEach(EngineFrame::release);
			// a close packet from the client releases the pending poll with a noop, as
			// the reference does
			payloads.add(List.of((reason == EngineCloseReason.TRANSPORT_CLOSE) ? EngineFrame.NOOP : EngineFrame.CLOSE));
		}
		MonoSink<ByteBuf> sink = this.pendingPoll;
		if (sink != null) {
			this.pendingPoll = null;
			sink.success(encodeAndRelease(payloads.remove(0)));
		}
		if (byServer || this.closedByClient) {
			// the client's next polls (already on their way after a close packet) get
			// the rest
			this.parked.addAll(payloads);
		}
	}

	@Override
	protected void onClosePacket() {
		this.closedByClient = true;
	}

	@Override
	protected boolean lingers() {
		return !this.parked.isEmpty();
	}

	@Override
	protected void expire() {
		List<EngineFrame> last;
		while ((last = this.parked.poll()) != null) {
			last.forEach(EngineFrame::release);
		}
	}

	@Override
	protected void onUpgradeProbe() {
		this.probed = true;
		releasePendingPoll();
	}

	@Override
	protected void onUpgradeAborted() {
		this.probed = false;
	}

	@Override
	protected void discard() {
		this.discarded = true;
		MonoSink<ByteBuf> sink = this.pendingPoll;
		if (sink != null) {
			// a poll that arrived after the probe and is still waiting: the session has
			// moved on
			this.pendingPoll = null;
			sink.error(new PollingException(PollingException.Kind.NOT_ACTIVE));
		}
	}

	private void releasePendingPoll() {
		MonoSink<ByteBuf> sink = this.pendingPoll;
		if (sink != null) {
			this.pendingPoll = null;
			sink.success(encodeAndRelease(List.of(EngineFrame.NOOP)));
		}
	}

	private ByteBuf encodeAndRelease(List<EngineFrame> frames) {
		try {
			return PollingPayload.encode(frames, this.allocator);
		}
		finally {
			frames.forEach(EngineFrame::release);
		}
	}

}
