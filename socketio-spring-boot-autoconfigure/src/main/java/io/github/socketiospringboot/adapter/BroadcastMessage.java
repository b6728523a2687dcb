package io.github.socketiospringboot.adapter;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.protocol.EncodedPacket;
import io.github.socketiospringboot.protocol.Packet;
import io.github.socketiospringboot.protocol.PacketEncoder;
import org.jspecify.annotations.Nullable;

/**
 * One event to broadcast in a namespace: its name and arguments as the application gave
 * them, and its encoding, made once on first use and shared by every recipient on this
 * server.
 */
public final class BroadcastMessage {

	private final String namespace;

	private final String event;

	private @Nullable Object[] args;

	private @Nullable String offset;

	private final PacketEncoder encoder;

	private long ackId = Packet.NO_ACK;

	private volatile @Nullable EncodedPacket encoded;

	private final AtomicInteger holders = new AtomicInteger(1);

	/**
	 * Creates a message.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param args the arguments
	 * @param encoder the encoder of the namespace's server
	 */
	public BroadcastMessage(String namespace, String event, @Nullable Object[] args, PacketEncoder encoder) {
		this.namespace = namespace;
		this.event = event;
		this.args = args;
		this.encoder = encoder;
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
	 * @return the id, or {@link Packet#NO_ACK}
	 */
	public long ackId() {
		return this.ackId;
	}

	/**
	 * Sets the acknowledgement id, before the first encoding.
	 * @param ackId the id
	 */
	public void ackId(long ackId) {
		if (this.encoded != null) {
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
		if (this.encoded != null) {
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
	 * Returns the encoded packet, encoding it on the first call.
	 * @return the packet, owned by this message
	 */
	public EncodedPacket encoded() {
		EncodedPacket packet = this.encoded;
		if (packet == null) {
			synchronized (this) {
				packet = this.encoded;
				if (packet == null) {
					packet = this.encoder.event(this.namespace, this.event, this.args, this.ackId);
					this.encoded = packet;
				}
			}
		}
		return packet;
	}

	/**
	 * Adds holders of the message: deliveries that will send it later, on other threads.
	 * Each calls {@link #release()} when done. The host's delivery
	 * ({@link AdapterHost#deliver}) holds it so; an adapter has no need to.
	 * @param count the number of holders to add
	 */
	public void retain(int count) {
		if (count > 0) {
			this.holders.addAndGet(count);
		}
	}

	/**
	 * Gives up one hold of the message; once the creator and every holder added by
	 * {@link #retain(int)} have released it, the encoding is released.
	 */
	public void release() {
		if (this.holders.decrementAndGet() == 0) {
			synchronized (this) {
				if (this.encoded != null) {
					this.encoded.release();
					this.encoded = null;
				}
			}
		}
	}

}
