package io.github.socketiospringboot.internal.engine;

import java.util.function.Function;

import org.springframework.util.Assert;

/**
 * Reaches the engine of a Socket.IO server, which the server does not make public: for
 * the auto-configuration, which mounts it on the web server, and for tests and
 * benchmarks. The server registers the accessor when its class is initialised, which
 * happens before any server exists.
 */
public final class EngineAccess {

	private static volatile Function<Object, EngineServer> accessor = (server) -> {
		throw new IllegalStateException("No server class registered");
	};

	private EngineAccess() {
	}

	/**
	 * Registers how to read a server's engine; called once by the server's class.
	 * @param accessor reads the engine of a server
	 */
	public static void register(Function<Object, EngineServer> accessor) {
		EngineAccess.accessor = accessor;
	}

	/**
	 * Returns the engine of a server.
	 * @param server the {@code SocketIOServer}
	 * @return its engine
	 */
	public static EngineServer engine(Object server) {
		Assert.notNull(server, "server must not be null");
		return accessor.apply(server);
	}

}
