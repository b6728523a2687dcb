package io.github.socketiospringboot.server;

import java.util.Arrays;
import java.util.Optional;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.internal.engine.EngineSocketListener;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.internal.protocol.EncodedPacket;
import io.github.socketiospringboot.internal.protocol.Packet;
import io.github.socketiospringboot.internal.protocol.PacketDecoder;
import io.github.socketiospringboot.internal.protocol.PacketType;
import io.github.socketiospringboot.internal.protocol.SocketIOProtocolException;
import io.github.socketiospringboot.observe.SocketIOObserver;
import io.netty.util.Timeout;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * One Engine.IO connection as the Socket.IO layer sees it: the decoder of its packets,
 * its sockets (one per namespace) and its connect timeout.
 */
final class Client implements EngineSocketListener, SocketIOObserver.Connection {

	private static final Log logger = LogFactory.getLog(Client.class);

	private final SocketIOServer server;

	private final EngineSocket connection;

	private final PacketDecoder decoder;

	private static final DefaultSocket[] NONE = {};

	/**
	 * The connected sockets, one per namespace: an array replaced on each change (under
	 * this client's monitor), as a client rarely has more than one or two and holding a
	 * map per connection costs more than scanning them.
	 */
	private volatile DefaultSocket[] sockets = NONE;

	private volatile @Nullable Timeout connectTimer;

	/**
	 * Why the connection ended, once it has (set under this client's monitor): a socket
	 * whose middlewares finish later is not attached any more.
	 */
	private volatile @Nullable DisconnectReason closeReason;

	/**
	 * The bytes of the messages of the packet being decoded, counted only for an
	 * observer; messages of a connection arrive one at a time.
	 */
	private long packetBytes;

	Client(SocketIOServer server, EngineSocket connection) {
		this.server = server;
		this.connection = connection;
		this.decoder = server.newDecoder();
		this.connectTimer = server.engine()
			.schedule(this::onConnectTimeout, server.options().connectTimeout().toMillis());
	}

	@Override
	public String id() {
		return this.connection.id();
	}

	@Override
	public SocketIOOptions.Transport transport() {
		return EngineSettings.transport(this.connection.transport());
	}

	EngineSocket connection() {
		return this.connection;
	}

	boolean isOpen() {
		return this.connection.isOpen();
	}

	private void onConnectTimeout() {
		if (this.sockets.length == 0) {
			logger.debug("No namespace joined within the connect timeout: closing " + this.connection.id());
			this.connection.close();
		}
	}

	@Override
	public void onMessage(String text) {
		if (this.server.observer() != SocketIOObserver.NONE) {
			// the bytes of the Engine.IO message, its type included, as sent ones count
			this.packetBytes += 1 + utf8Length(text);
		}
		Packet packet;
		try {
			packet = this.decoder.decode(text);
		}
		catch (SocketIOProtocolException ex) {
			onInvalidPacket(ex);
			return;
		}
		if (packet != null) {
			onPacket(packet);
		}
	}

	@Override
	public void onBinary(byte[] bytes) {
		if (this.server.observer() != SocketIOObserver.NONE) {
			this.packetBytes += bytes.length;
		}
		Packet packet;
		try {
			packet = this.decoder.decodeBinary(bytes);
		}
		catch (SocketIOProtocolException ex) {
			onInvalidPacket(ex);
			return;
		}
		if (packet != null) {
			onPacket(packet);
		}
	}

	/**
	 * Returns the length of a string in UTF-8, without encoding it.
	 */
	static long utf8Length(String text) {
		long length = text.length();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x800) {
				// surrogate pairs: 2 chars, 4 bytes; others 3 bytes
				length += Character.isSurrogate(c) ? 1 : 2;
			}
			else if (c >= 0x80) {
				length++;
			}
		}
		return length;
	}

	@Override
	public void onUpgrade(TransportType from, TransportType to) {
		SocketIOObserver observer = this.server.observer();
		if (observer != SocketIOObserver.NONE) {
			observer.onConnectionUpgraded(this, EngineSettings.transport(from), EngineSettings.transport(to));
		}
	}

	@Override
	public void onWriteCongested() {
		SocketIOObserver observer = this.server.observer();
		if (observer != SocketIOObserver.NONE) {
			observer.onWriteCongested(this);
		}
	}

	@Override
	public void onWriteBufferClose() {
		SocketIOObserver observer = this.server.observer();
		if (observer != SocketIOObserver.NONE) {
			observer.onWriteBufferClose(this);
		}
	}

	private void onInvalidPacket(SocketIOProtocolException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Invalid packet from " + this.connection.id() + ": " + ex.getMessage() + "; closing");
		}
		this.connection.close();
	}

	private void onPacket(Packet packet) {
		long bytes = this.packetBytes;
		this.packetBytes = 0;
		DefaultSocket socket = socket(packet.namespace());
		if (socket == null && packet.type() == PacketType.CONNECT) {
			JsonNode data = packet.data();
			connect(packet.namespace(), (data != null) ? data : this.server.mapper().createObjectNode());
		}
		else if (socket != null && packet.type() != PacketType.CONNECT && packet.type() != PacketType.CONNECT_ERROR) {
			SocketIOObserver observer = this.server.observer();
			if (observer != SocketIOObserver.NONE
					&& (packet.type() == PacketType.EVENT || packet.type() == PacketType.BINARY_EVENT)
					&& packet.data() instanceof ArrayNode array && !array.isEmpty()) {
				JsonNode name = array.get(0);
				observer.onEventReceived(socket, name.isString() ? name.stringValue() : name.asString(), bytes);
			}
			socket.onPacket(packet);
		}
		else {
			if (logger.isDebugEnabled()) {
				logger.debug("Invalid state for " + packet.type() + " on " + packet.namespace() + " from "
						+ this.connection.id() + "; closing");
			}
			this.connection.close();
		}
	}

	private void connect(String name, JsonNode auth) {
		Namespace namespace = this.server.namespace(name);
		if (namespace != null) {
			if (!namespace.add(this, auth)) {
				// an empty child removed in the meantime: its name is free again
				connect(name, auth);
			}
			return;
		}
		// refused only when no parent matched: the completion also follows a match
		this.server.dynamicNamespace(name, auth)
			.switchIfEmpty(Mono.fromRunnable(() -> refuse(name, "Invalid namespace", null)))
			.subscribe((created) -> {
				if (!created.add(this, auth)) {
					connect(name, auth);
				}
			}, (error) -> {
				logger.error("Dynamic namespace matcher failed for " + name, error);
				refuse(name, "Invalid namespace", null);
			});
	}

	void refuse(String namespace, Throwable error) {
		if (error instanceof ConnectionRefusedException refused) {
			refuse(namespace, String.valueOf(refused.getMessage()), refused.getData());
		}
		else {
			String message = error.getMessage();
			refuse(namespace, (message != null) ? message : error.getClass().getSimpleName(), null);
		}
	}

	private void refuse(String namespace, String message, @Nullable Object data) {
		if (!this.connection.isOpen()) {
			return;
		}
		sendOnce(this.server.encoder().connectError(namespace, message, data));
	}

	private @Nullable DefaultSocket socket(String namespace) {
		DefaultSocket[] current = this.sockets;
		int index = indexOf(current, namespace);
		return (index >= 0) ? current[index] : null;
	}

	private static int indexOf(DefaultSocket[] sockets, String namespace) {
		// the last socket of the namespace: the one its packets go to
		for (int i = sockets.length - 1; i >= 0; i--) {
			if (sockets[i].namespace().name().equals(namespace)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Attaches a socket that its middlewares let in, unless the connection has ended: a
	 * socket attached afterwards would never hear of the end, and stay in its namespace
	 * with nobody behind it.
	 * @param socket the socket
	 * @return whether it was attached; {@code false} once the connection has ended
	 */
	boolean attach(DefaultSocket socket) {
		synchronized (this) {
			if (this.closeReason != null) {
				return false;
			}
			DefaultSocket[] current = this.sockets;
			// appended even when the namespace has a socket already (a second connect
			// while the first went through its middlewares): the packets of the namespace
			// go to the last one, as in the reference, and the end of the connection
			// reaches both
			DefaultSocket[] next = Arrays.copyOf(current, current.length + 1);
			next[current.length] = socket;
			this.sockets = next;
		}
		Timeout timer = this.connectTimer;
		if (timer != null) {
			timer.cancel();
			this.connectTimer = null;
		}
		return true;
	}

	/**
	 * Tells why the connection ended.
	 * @return the reason its sockets leave with, or {@code null} while it is open
	 */
	@Nullable DisconnectReason closeReason() {
		return this.closeReason;
	}

	void remove(DefaultSocket socket) {
		synchronized (this) {
			DefaultSocket[] current = this.sockets;
			for (int i = 0; i < current.length; i++) {
				if (current[i] == socket) {
					DefaultSocket[] next = new DefaultSocket[current.length - 1];
					System.arraycopy(current, 0, next, 0, i);
					System.arraycopy(current, i + 1, next, i, current.length - i - 1);
					this.sockets = next;
					return;
				}
			}
		}
	}

	/**
	 * Sends a packet on this connection, its frames together; the connection takes its
	 * own references, the caller keeps its own.
	 * @param packet the packet
	 */
	void send(EncodedPacket packet) {
		if (packet.attachmentCount() == 0) {
			this.connection.send(packet.packetFrame());
		}
		else {
			// a concurrent send must not come between the packet and its attachments
			this.connection.send(packet.frames());
		}
	}

	/**
	 * Sends a packet encoded for this connection alone, and releases it: encode, send,
	 * release, written once for every packet that is not a broadcast.
	 * @param packet the packet, released here
	 */
	void sendOnce(EncodedPacket packet) {
		try {
			send(packet);
		}
		finally {
			packet.release();
		}
	}

	void disconnectAll() {
		for (DefaultSocket socket : this.sockets) {
			socket.disconnect(false);
		}
		this.connection.close();
	}

	@Override
	public void onClose(EngineCloseReason reason, @Nullable String description) {
		Timeout timer = this.connectTimer;
		if (timer != null) {
			timer.cancel();
		}
		DisconnectReason socketReason = DisconnectReason.of(reason);
		DefaultSocket[] closed;
		synchronized (this) {
			this.closeReason = socketReason;
			closed = this.sockets;
			this.sockets = NONE;
		}
		for (DefaultSocket socket : closed) {
			socket.onClose(socketReason);
		}
		SocketIOObserver observer = this.server.observer();
		if (observer != SocketIOObserver.NONE) {
			observer.onConnectionClosed(this, transport(), socketReason);
		}
	}

}
