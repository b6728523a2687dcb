package io.github.socketiospringboot.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineRequest;
import io.github.socketiospringboot.internal.engine.EngineServer;
import io.github.socketiospringboot.internal.engine.Transport;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.github.socketiospringboot.internal.engine.protocol.InboundPacket;
import io.github.socketiospringboot.internal.protocol.Packet;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import io.netty.buffer.ByteBuf;

import org.springframework.http.HttpHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client connected in-process through the engine's transport SPI, standing for a
 * WebSocket: every frame the server writes is counted and released at once, so that what
 * is measured ends where a real transport would start writing to the network. It also
 * remembers the id of the last event that asked for an acknowledgement, for the client to
 * answer it.
 *
 * <p>
 * Not thread-safe: a benchmark drives its connections from one thread.
 */
final class InProcessConnection extends Transport {

	private static final URI HANDSHAKE_URI = URI.create("/socket.io/?EIO=4&transport=websocket");

	private long frames;

	private long pendingAck = Packet.NO_ACK;

	private boolean closed;

	private InProcessConnection() {
	}

	/**
	 * A server for in-process connections, with no heartbeat during a run: the in-process
	 * clients answer no ping.
	 * @return the server
	 */
	static SocketIOServer server() {
		SocketIOOptions options = SocketIOOptions.builder()
			.pingInterval(Duration.ofHours(1))
			.pingTimeout(Duration.ofHours(1))
			.build();
		return new SocketIOServer(options, JsonMapper.shared());
	}

	/**
	 * Opens an Engine.IO session on a new in-process connection, as a WebSocket handshake
	 * does.
	 * @param engine the engine
	 * @return the connection, attached to its new session
	 */
	static InProcessConnection open(EngineServer engine) {
		InProcessConnection connection = new InProcessConnection();
		EngineRequest request = new EngineRequest(HANDSHAKE_URI, new HttpHeaders(), null, false, Instant.now(), null);
		engine.open(request, connection);
		return connection;
	}

	/**
	 * Hands the session a text packet from the client, as the WebSocket transport does
	 * with each text frame it reads.
	 * @param text the Engine.IO packet, type digit included (for example {@code 40})
	 */
	void receive(String text) {
		session().onPacket(this, InboundPacket.decodeText(text));
	}

	/**
	 * Returns the acknowledgement id of the last event received that asked for one, and
	 * forgets it.
	 * @return the id, or {@link Packet#NO_ACK}
	 */
	long takePendingAck() {
		long id = this.pendingAck;
		this.pendingAck = Packet.NO_ACK;
		return id;
	}

	/**
	 * Returns how many frames the server wrote to this connection.
	 * @return the frame count
	 */
	long frames() {
		return this.frames;
	}

	@Override
	public TransportType type() {
		return TransportType.WEBSOCKET;
	}

	@Override
	protected boolean isWritable() {
		return !this.closed;
	}

	@Override
	protected void write(List<EngineFrame> frames) {
		for (EngineFrame frame : frames) {
			write(frame);
		}
	}

	@Override
	protected void write(EngineFrame frame) {
		try {
			this.frames++;
			if (!frame.isBinary()) {
				readAckId(frame.content());
			}
		}
		finally {
			frame.release();
		}
	}

	/**
	 * Reads the id of an event of the main namespace that asks for an acknowledgement,
	 * {@code 42<id>[...]}, with absolute reads: the bytes are shared by every recipient.
	 */
	private void readAckId(ByteBuf content) {
		int start = content.readerIndex();
		int end = content.writerIndex();
		if (end - start < 3 || content.getByte(start) != '4' || content.getByte(start + 1) != '2') {
			return;
		}
		long id = 0;
		int i = start + 2;
		while (i < end) {
			byte b = content.getByte(i);
			if (b < '0' || b > '9') {
				break;
			}
			id = id * 10 + (b - '0');
			i++;
		}
		if (i > start + 2) {
			this.pendingAck = id;
		}
	}

	@Override
	protected void close(EngineCloseReason reason, List<EngineFrame> remaining) {
		this.closed = true;
		for (EngineFrame frame : remaining) {
			frame.release();
		}
	}

}
