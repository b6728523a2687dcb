package io.github.socketiospringboot.internal.engine.transport;

/**
 * Signalled when a long-polling request cannot be served; the HTTP layer turns it into
 * the reference server's status.
 */
public final class PollingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Kind kind;

	PollingException(Kind kind) {
		super(kind.name(), null, false, false);
		this.kind = kind;
	}

	/**
	 * Returns what went wrong.
	 * @return the kind of failure
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * The ways a polling request can be refused.
	 */
	public enum Kind {

		/** A GET arrived while another was pending: 400, and the session is closed. */
		DUPLICATE,

		/** The transport no longer carries its session (closed or upgraded): 400. */
		NOT_ACTIVE

	}

}
