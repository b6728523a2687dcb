package io.github.socketiospringboot.server;

import org.jspecify.annotations.Nullable;

/**
 * Refuses a connection from a {@link ConnectionMiddleware}: the client receives a
 * CONNECT_ERROR packet with this message and data ({@code connect_error} on the client,
 * with {@code err.data}). Signalled by an {@link AllowRequest}, it refuses the request
 * with HTTP 403 and this message.
 */
public class ConnectionRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient @Nullable Object data;

	/**
	 * Creates a refusal without data.
	 * @param message the message the client receives
	 */
	public ConnectionRefusedException(String message) {
		this(message, null);
	}

	/**
	 * Creates a refusal.
	 * @param message the message the client receives
	 * @param data details the client receives as JSON, or {@code null}
	 */
	public ConnectionRefusedException(String message, @Nullable Object data) {
		super(message);
		this.data = data;
	}

	/**
	 * Returns the details the client receives.
	 * @return the data, or {@code null}
	 */
	public @Nullable Object getData() {
		return this.data;
	}

}
