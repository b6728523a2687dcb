package io.github.socketiospringboot.annotation;

import java.util.List;

/**
 * Raised when a {@code @Valid} event argument breaks its constraints. Unless a
 * {@link SocketIOExceptionHandler} handles it, the client's acknowledgement request is
 * answered with {@code {"error":"validation failed","violations":[{"field":...,
 * "message":...}]}}.
 */
public class PayloadValidationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final List<Violation> violations;

	/**
	 * Creates an exception.
	 * @param event the event whose argument was invalid
	 * @param violations what was wrong
	 */
	public PayloadValidationException(String event, List<Violation> violations) {
		super("Invalid argument of event \"" + event + "\": " + violations);
		this.violations = List.copyOf(violations);
	}

	/**
	 * Returns what was wrong.
	 * @return the violations
	 */
	public List<Violation> getViolations() {
		return this.violations;
	}

	/**
	 * One broken constraint.
	 *
	 * @param field the path of the invalid field, or the object's name for a global error
	 * @param message the constraint's message
	 */
	public record Violation(String field, String message) {

	}

}
