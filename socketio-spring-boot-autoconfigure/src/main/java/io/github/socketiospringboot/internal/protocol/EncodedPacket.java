package io.github.socketiospringboot.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;

/**
 * A Socket.IO packet encoded once into the Engine.IO frames that carry it: the text
 * frame, then one binary frame per attachment. The same instance is sent to every
 * recipient; whoever encoded it releases it once all sends are done. A packet with
 * attachments goes out as one send of all its frames, so that no frame of a concurrent
 * send comes between them.
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
	 * Returns the frame that carries the packet itself, the text frame that comes before
	 * any attachment: what a packet without attachments sends, without the list
	 * {@link #frames()} makes.
	 * @return the text frame
	 */
	public EngineFrame packetFrame() {
		return this.frames[0];
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
