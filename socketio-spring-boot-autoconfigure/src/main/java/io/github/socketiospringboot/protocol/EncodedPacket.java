package io.github.socketiospringboot.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.socketiospringboot.engine.EngineSocket;
import io.github.socketiospringboot.engine.protocol.EngineFrame;

/**
 * A Socket.IO packet encoded once into the Engine.IO frames that carry it: the text
 * frame, then one binary frame per attachment. The same instance is sent to every
 * recipient; whoever encoded it releases it once all sends are done.
 */
public final class EncodedPacket {

	private final EngineFrame[] frames;

	EncodedPacket(EngineFrame[] frames) {
		this.frames = frames;
	}

	/**
	 * Returns the frames in sending order.
	 * @return the frames
	 */
	public List<EngineFrame> frames() {
		return List.of(this.frames);
	}

	/**
	 * Returns the number of binary attachments.
	 * @return the attachment count
	 */
	public int attachmentCount() {
		return this.frames.length - 1;
	}

	/**
	 * Sends the packet on one connection, its frames together; the connection takes its
	 * own references.
	 * @param socket the connection
	 */
	public void sendTo(EngineSocket socket) {
		if (this.frames.length == 1) {
			socket.send(this.frames[0]);
		}
		else {
			// a concurrent send must not come between the packet and its attachments
			socket.send(List.of(this.frames));
		}
	}

	/**
	 * Releases the encoder's references to the frames.
	 */
	public void release() {
		for (EngineFrame frame : this.frames) {
			frame.release();
		}
	}

	/**
	 * Returns the Socket.IO text of the packet (without the Engine.IO message type), for
	 * logs and tests.
	 * @return the packet text
	 */
	public String text() {
		EngineFrame text = this.frames[0];
		return text.content().toString(text.content().readerIndex() + 1, text.length() - 1, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "EncodedPacket[" + text() + ((this.frames.length > 1) ? " +" + attachmentCount() + " attachments" : "")
				+ "]";
	}

}
