package io.github.socketiospringboot.actuate;

import java.util.function.BooleanSupplier;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.server.SocketIOServer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.SmartLifecycle;

/**
 * The {@code socketio} health contributor: {@code UP} while the server runs and its
 * adapter reaches its transport (the Redis adapters: connected and subscribed),
 * {@code DOWN} with the reason while it does not, {@code OUT_OF_SERVICE} once the server
 * is shutting down. It reads state only: no request to Redis.
 */
public class SocketIOHealthIndicator implements HealthIndicator {

	private final SocketIOServer server;

	private final @Nullable SmartLifecycle lifecycle;

	private final String adapterType;

	private final @Nullable BooleanSupplier adapterConnected;

	/**
	 * Creates the contributor.
	 * @param server the server
	 * @param lifecycle the server's lifecycle, stopped when the application shuts down
	 * @param adapterType how the adapter is named
	 * @param adapterConnected whether the adapter reaches its transport, or {@code null}
	 * for an adapter that needs none (in-memory)
	 */
	public SocketIOHealthIndicator(SocketIOServer server, @Nullable SmartLifecycle lifecycle, String adapterType,
			@Nullable BooleanSupplier adapterConnected) {
		this.server = server;
		this.lifecycle = lifecycle;
		this.adapterType = adapterType;
		this.adapterConnected = adapterConnected;
	}

	@Override
	public Health health() {
		Health.Builder builder = new Health.Builder().withDetail("adapter", this.adapterType)
			.withDetail("connections", EngineAccess.engine(this.server).sessions().size());
		if (EngineAccess.engine(this.server).isClosed() || (this.lifecycle != null && !this.lifecycle.isRunning())) {
			return builder.status(Status.OUT_OF_SERVICE).withDetail("reason", "the server is shutting down").build();
		}
		if (this.adapterConnected != null && !this.adapterConnected.getAsBoolean()) {
			return builder.down()
				.withDetail("reason",
						"the adapter does not reach " + this.adapterType
								+ ": cross-server broadcasts and requests fail until it is back")
				.build();
		}
		return builder.up().build();
	}

}
