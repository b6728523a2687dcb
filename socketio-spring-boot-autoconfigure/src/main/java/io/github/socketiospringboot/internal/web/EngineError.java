package io.github.socketiospringboot.internal.web;

import org.springframework.http.HttpStatus;

/**
 * The HTTP errors of the Engine.IO reference server, each with its code, message and
 * status.
 */
public enum EngineError {

	/**
	 * The {@code transport} parameter is missing or names a transport that is not
	 * enabled.
	 */
	UNKNOWN_TRANSPORT(0, "Transport unknown", HttpStatus.BAD_REQUEST),

	/** The {@code sid} parameter names no open session. */
	UNKNOWN_SID(1, "Session ID unknown", HttpStatus.BAD_REQUEST),

	/** A handshake request that is not a GET. */
	BAD_HANDSHAKE_METHOD(2, "Bad handshake method", HttpStatus.BAD_REQUEST),

	/** A request that does not fit the session or the protocol. */
	BAD_REQUEST(3, "Bad request", HttpStatus.BAD_REQUEST),

	/** A request refused by the allow-request hook or by the allowed origins. */
	FORBIDDEN(4, "Forbidden", HttpStatus.FORBIDDEN),

	/** The {@code EIO} parameter is missing or is not {@code 4}. */
	UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", HttpStatus.BAD_REQUEST);

	private final int code;

	private final String message;

	private final HttpStatus status;

	EngineError(int code, String message, HttpStatus status) {
		this.code = code;
		this.message = message;
		this.status = status;
	}

	/**
	 * Returns the error code of the JSON body.
	 * @return the code
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Returns the default message of the JSON body.
	 * @return the message
	 */
	public String message() {
		return this.message;
	}

	/**
	 * Returns the HTTP status.
	 * @return the status
	 */
	public HttpStatus status() {
		return this.status;
	}

}
