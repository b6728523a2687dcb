package io.github.socketiospringboot.server;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import io.github.socketiospringboot.internal.engine.AllowRequest;
import io.github.socketiospringboot.internal.engine.EngineOptions;
import io.github.socketiospringboot.internal.engine.RequestRefusedException;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.internal.engine.WriteBufferLimits;

/**
 * The engine's settings made of a server's {@link SocketIOOptions}: the one place where
 * the public options meet the engine's own. The options hold the defaults and validate
 * the values; the engine only reads them.
 */
final class EngineSettings {

	private EngineSettings() {
	}

	/**
	 * Maps the options onto the engine's.
	 * @param options the server's options
	 * @return the engine's options
	 */
	static EngineOptions of(SocketIOOptions options) {
		Set<TransportType> transports = EnumSet.noneOf(TransportType.class);
		for (SocketIOOptions.Transport transport : options.transports()) {
			transports.add(switch (transport) {
				case POLLING -> TransportType.POLLING;
				case WEBSOCKET -> TransportType.WEBSOCKET;
			});
		}
		SocketIOOptions.WriteBufferLimits writeBuffer = options.writeBuffer();
		return new EngineOptions(options.pingInterval(), options.pingTimeout(), options.upgradeTimeout(),
				options.maxHttpBufferSize(), Collections.unmodifiableSet(transports), options.allowUpgrades(),
				allowRequest(options.allowRequest()),
				new WriteBufferLimits(writeBuffer.limit(), writeBuffer.timeout(), writeBuffer.max()));
	}

	/**
	 * Maps an engine transport onto the public one.
	 * @param transport the engine's transport
	 * @return the public transport
	 */
	static SocketIOOptions.Transport transport(TransportType transport) {
		return switch (transport) {
			case POLLING -> SocketIOOptions.Transport.POLLING;
			case WEBSOCKET -> SocketIOOptions.Transport.WEBSOCKET;
		};
	}

	private static AllowRequest allowRequest(io.github.socketiospringboot.server.AllowRequest allowRequest) {
		if (allowRequest == io.github.socketiospringboot.server.AllowRequest.ALLOW_ALL) {
			return AllowRequest.ALLOW_ALL;
		}
		return (request) -> allowRequest.allow(new RequestHandshake(request))
			.onErrorMap(ConnectionRefusedException.class, (ex) -> new RequestRefusedException(ex.getMessage()));
	}

}
