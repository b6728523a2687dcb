package io.github.socketiospringboot.adapter;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;

/**
 * One event to broadcast in a namespace: its name and arguments as the application gave
 * them, and its encoding, made by the server once on first use and shared by every
 * recipient on this server.
 *
 * <p>
 * An adapter receives messages from its namespace ({@link Adapter#broadcast}) and makes
 * those another server asked for with {@link AdapterHost#newMessage}; the server's
 * subclass holds the encoding. A subclass written for a test that never reaches a
 * server's sockets only says whether it was encoded and what to release.
 */
public abstract class BroadcastMessage {

	/** The acknowledgement id of a message that asks for none. */
	public static final long NO_ACK = -1;

	private static final AtomicIntegerFieldUpdater<BroadcastMessage> HOLDERS = AtomicIntegerFieldUpdater
		.newUpdater(BroadcastMessage.class, "holders");

	private final String namespace;

	private final String event;

	private @Nullable Object[] args;

	private @Nullable String offset;

	private long ackId = NO_ACK;

	/** The creator and the holders added by {@link #retain(int)}, not yet released. */
	private volatile int holders = 1;

	/**
	 * Creates a message, held once by its creator.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param args the arguments
	 */
	protected BroadcastMessage(String namespace, String event, @Nullable Object[] args) {
		this.namespace = namespace;
		this.event = event;
		this.args = args;
	}

	/**
	 * Returns the namespace.
	 * @return the namespace name
	 */
	public String namespace() {
		return this.namespace;
	}

	/**
	 * Returns the event name.
	 * @return the event
	 */
	public String event() {
		return this.event;
	}

	/**
	 * Returns the arguments as given, followed by the {@link #offset()} when there is
	 * one.
	 * @return the arguments
	 */
	public @Nullable Object[] args() {
		return this.args;
	}

	/**
	 * Returns the acknowledgement id every recipient answers to.
	 * @return the id, or {@link #NO_ACK}
	 */
	public long ackId() {
		return this.ackId;
	}

	/**
	 * Sets the acknowledgement id, before the first encoding.
	 * @param ackId the id
	 */
	public void ackId(long ackId) {
		if (isEncoded()) {
			throw new IllegalStateException("Message already encoded");
		}
		this.ackId = ackId;
	}

	/**
	 * Returns the offset appended to the arguments for connection state recovery.
	 * @return the offset, or {@code null} when the message is not stored
	 */
	public @Nullable String offset() {
		return this.offset;
	}

	/**
	 * Appends the offset under which the message is stored to its arguments, before the
	 * first encoding: clients receive it as the last argument, and send it back when they
	 * reconnect (connection state recovery).
	 * @param offset the offset
	 */
	public void offset(String offset) {
		if (isEncoded()) {
			throw new IllegalStateException("Message already encoded");
		}
		if (this.offset != null) {
			throw new IllegalStateException("Offset already set");
		}
		@Nullable Object[] current = this.args;
		@Nullable Object[] withOffset = Arrays.copyOf(current, current.length + 1);
		withOffset[current.length] = offset;
		this.args = withOffset;
		this.offset = offset;
	}

	/**
	 * Adds holders of the message: deliveries that will send it later, on other threads.
	 * Each calls {@link #release()} when done. The host's delivery
	 * ({@link AdapterHost#deliver}) holds it so; an adapter has no need to.
	 * @param count the number of holders to add
	 */
	public void retain(int count) {
		if (count > 0) {
			HOLDERS.addAndGet(this, count);
		}
	}

	/**
	 * Gives up one hold of the message; once the creator and every holder added by
	 * {@link #retain(int)} have released it, the encoding is released.
	 */
	public void release() {
		if (HOLDERS.decrementAndGet(this) == 0) {
			releaseEncoding();
		}
	}

	/**
	 * Tells whether the message was encoded, after which its acknowledgement id is fixed.
	 * @return whether it was encoded
	 */
	protected abstract boolean isEncoded();

	/**
	 * Releases the encoding, if any, once the last holder has released the message.
	 */
	protected abstract void releaseEncoding();

}
