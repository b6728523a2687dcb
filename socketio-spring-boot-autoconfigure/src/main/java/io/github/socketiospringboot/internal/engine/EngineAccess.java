package io.github.socketiospringboot.internal.engine;

import java.util.function.Function;

import org.springframework.util.Assert;

/**
 * Reaches what the Socket.IO server does not make public, without the engine knowing the
 * server's types: a server's engine, for the auto-configuration, which mounts it on the
 * web server, and for tests and benchmarks; and the engine's settings made of a
 * {@code SocketIOOptions}, for an engine used without a server. The server's classes
 * register the accessors when they are initialised, which happens before any server or
 * options exist.
 */
public final class EngineAccess {

	private static volatile Function<Object, EngineServer> accessor = (server) -> {
		throw new IllegalStateException("No server class registered");
	};

	private static volatile Function<Object, EngineOptions> settings = (options) -> {
		throw new IllegalStateException("No options class registered");
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
	 * Registers how to make the engine's settings of a server's options; called once by
	 * the options' class.
	 * @param settings makes the engine's settings of a {@code SocketIOOptions}
	 */
	public static void registerOptions(Function<Object, EngineOptions> settings) {
		EngineAccess.settings = settings;
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

	/**
	 * Returns the engine's settings made of a server's options, as a server with those
	 * options gives its engine.
	 * @param options the {@code SocketIOOptions}
	 * @return the engine's settings
	 */
	public static EngineOptions options(Object options) {
		Assert.notNull(options, "options must not be null");
		return settings.apply(options);
	}

}
