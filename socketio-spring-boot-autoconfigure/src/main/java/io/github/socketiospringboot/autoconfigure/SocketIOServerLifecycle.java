package io.github.socketiospringboot.autoconfigure;

import io.github.socketiospringboot.server.SocketIOServer;

import org.springframework.context.SmartLifecycle;

/**
 * Closes the {@link SocketIOServer} when the application stops, before the web server's
 * graceful shutdown waits for in-flight requests: every socket is disconnected with the
 * reason "server shutting down" and pending long-polling requests are answered, so they
 * do not hold the shutdown.
 */
class SocketIOServerLifecycle implements SmartLifecycle {

	/** Runs before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}). */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final SocketIOServer server;

	private volatile boolean running;

	/**
	 * Creates the lifecycle of a server.
	 * @param server the server
	 */
	public SocketIOServerLifecycle(SocketIOServer server) {
		this.server = server;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.server.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
