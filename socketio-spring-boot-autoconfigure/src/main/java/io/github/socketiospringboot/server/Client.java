package io.github.socketiospringboot.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.engine.EngineCloseReason;
import io.github.socketiospringboot.engine.EngineSocket;
import io.github.socketiospringboot.engine.EngineSocketListener;
import io.github.socketiospringboot.protocol.EncodedPacket;
import io.github.socketiospringboot.protocol.Packet;
import io.github.socketiospringboot.protocol.PacketDecoder;
import io.github.socketiospringboot.protocol.PacketType;
import io.github.socketiospringboot.protocol.SocketIOProtocolException;
import io.netty.util.Timeout;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One Engine.IO connection as the Socket.IO layer sees it: the decoder of its packets,
 * its sockets (one per namespace) and its connect timeout.
 */
final class Client implements EngineSocketListener {

	private static final Log logger = LogFactory.getLog(Client.class);

	private final SocketIOServer server;

	private final EngineSocket connection;

	private final PacketDecoder decoder;

	private final Map<String, DefaultSocket> sockets = new ConcurrentHashMap<>();

	private volatile @Nullable Timeout connectTimer;

	Client(SocketIOServer server, EngineSocket connection) {
		this.server = server;
		this.connection = connection;
		this.decoder = new PacketDecoder(server.mapper(), server.options().maxAttachments());
		this.connectTimer = server.engine()
			.schedule(this::onConnectTimeout, server.options().connectTimeout().toMillis());
	}

	EngineSocket connection() {
		return this.connection;
	}

	boolean isOpen() {
		return this.connection.isOpen();
	}

	private void onConnectTimeout() {
		if (this.sockets.isEmpty()) {
			logger.debug("No namespace joined within the connect timeout: closing " + this.connection.id());
			this.connection.close();
		}
	}

	@Override
	public void onMessage(String text) {
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

	private void onInvalidPacket(SocketIOProtocolException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Invalid packet from " + this.connection.id() + ": " + ex.getMessage() + "; closing");
		}
		this.connection.close();
	}

	private void onPacket(Packet packet) {
		DefaultSocket socket = this.sockets.get(packet.namespace());
		if (socket == null && packet.type() == PacketType.CONNECT) {
			JsonNode data = packet.data();
			connect(packet.namespace(), (data != null) ? data : this.server.mapper().createObjectNode());
		}
		else if (socket != null && packet.type() != PacketType.CONNECT && packet.type() != PacketType.CONNECT_ERROR) {
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
			namespace.add(this, auth);
			return;
		}
		// refused only when no parent matched: the completion also follows a match
		this.server.dynamicNamespace(name, auth)
			.switchIfEmpty(Mono.fromRunnable(() -> refuse(name, "Invalid namespace", null)))
			.subscribe((created) -> created.add(this, auth), (error) -> {
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
		EncodedPacket packet = this.server.encoder().connectError(namespace, message, data);
		try {
			send(packet);
		}
		finally {
			packet.release();
		}
	}

	void onConnected(DefaultSocket socket) {
		this.sockets.put(socket.namespace().name(), socket);
		Timeout timer = this.connectTimer;
		if (timer != null) {
			timer.cancel();
			this.connectTimer = null;
		}
	}

	void remove(DefaultSocket socket) {
		this.sockets.remove(socket.namespace().name(), socket);
	}

	void send(EncodedPacket packet) {
		packet.sendTo(this.connection);
	}

	void disconnectAll() {
		for (DefaultSocket socket : List.copyOf(this.sockets.values())) {
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
		for (DefaultSocket socket : List.copyOf(this.sockets.values())) {
			socket.onClose(socketReason);
		}
		this.sockets.clear();
	}

}
