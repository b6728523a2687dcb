package io.github.socketiospringboot.server;

import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.internal.protocol.EncodedPacket;
import io.github.socketiospringboot.internal.protocol.PacketEncoder;
import org.jspecify.annotations.Nullable;

/**
 * The server's broadcast message: encoded by the server's encoder on first use, the one
 * encoding shared by every recipient on this server.
 */
final class EncodedMessage extends BroadcastMessage {

	private final PacketEncoder encoder;

	private volatile @Nullable EncodedPacket encoded;

	EncodedMessage(String namespace, String event, @Nullable Object[] args, PacketEncoder encoder) {
		super(namespace, event, args);
		this.encoder = encoder;
	}

	/**
	 * Returns a message the server can encode: the message itself when it is one, else a
	 * copy of its event, arguments and acknowledgement id.
	 * @param message a message an adapter delivers
	 * @param encoder the server's encoder
	 * @return the server's message; the caller releases a copy it made once done
	 */
	static EncodedMessage of(BroadcastMessage message, PacketEncoder encoder) {
		if (message instanceof EncodedMessage encodedMessage) {
			return encodedMessage;
		}
		EncodedMessage copy = new EncodedMessage(message.namespace(), message.event(), message.args(), encoder);
		copy.ackId(message.ackId());
		return copy;
	}

	/**
	 * Returns the encoded packet, encoding it on the first call.
	 * @return the packet, owned by this message
	 */
	EncodedPacket encoded() {
		EncodedPacket packet = this.encoded;
		if (packet == null) {
			synchronized (this) {
				packet = this.encoded;
				if (packet == null) {
					packet = this.encoder.event(namespace(), event(), args(), ackId());
					this.encoded = packet;
				}
			}
		}
		return packet;
	}

	@Override
	protected boolean isEncoded() {
		return this.encoded != null;
	}

	@Override
	protected synchronized void releaseEncoding() {
		if (this.encoded != null) {
			this.encoded.release();
			this.encoded = null;
		}
	}

}
