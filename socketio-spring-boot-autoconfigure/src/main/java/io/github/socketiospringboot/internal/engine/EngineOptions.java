package io.github.socketiospringboot.internal.engine;

import java.time.Duration;
import java.util.Set;

/**
 * The settings of an Engine.IO server, as the engine reads them. They are made of a
 * server's {@code SocketIOOptions} in one place, which holds the defaults and validates
 * them; {@link EngineAccess#options} makes them for an engine used without a Socket.IO
 * server (tests, benchmarks, the conformance server).
 *
 * @param pingInterval how long after the handshake, and after each pong, the server sends
 * a ping
 * @param pingTimeout how long the server waits for a pong before it closes the session
 * @param upgradeTimeout how long an upgrade to WebSocket may take before it is cancelled
 * @param maxHttpBufferSize the largest message or polling request body accepted, in
 * bytes, advertised to clients as {@code maxPayload}
 * @param transports the transports clients may use, unmodifiable
 * @param allowUpgrades whether a polling session may upgrade to WebSocket
 * @param allowRequest decides whether a request may open a session
 * @param writeBuffer how much may wait for a client that does not read
 */
public record EngineOptions(Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
		long maxHttpBufferSize, Set<TransportType> transports, boolean allowUpgrades, AllowRequest allowRequest,
		WriteBufferLimits writeBuffer) {

}
