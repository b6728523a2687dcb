package io.github.socketiospringboot.annotation;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Raised when an event argument is the client's mistake: it cannot be converted to the
 * handler's parameter type (a number where a record is expected, a missing value for a
 * primitive, ...), or a {@code @Valid} argument breaks its constraints. Unless a
 * {@link SocketIOExceptionHandler} handles it, the client's acknowledgement request is
 * answered with {@code {"error":"validation failed","violations":[{"field":...,
 * "message":...}]}} and the server logs it at DEBUG (at WARN, without stack trace, when
 * the client asked for no acknowledgement).
 *
 * <p>
 * A conversion failure names the field as a constraint violation does, by its path in the
 * argument ({@code items[1].name}) or by the parameter's name when the whole argument is
 * wrong, and says what was expected ({@code "must be an object"}, {@code "must be a
 * number"}, {@code "must not be null"}, ...) without naming the server's types; the
 * mapper's exception is the cause.
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
		this(event, violations, null);
	}

	/**
	 * Creates an exception with a cause, such as the mapper's conversion failure.
	 * @param event the event whose argument was invalid
	 * @param violations what was wrong
	 * @param cause what revealed it, or {@code null}
	 */
	public PayloadValidationException(String event, List<Violation> violations, @Nullable Throwable cause) {
		super("Invalid argument of event \"" + event + "\": " + violations, cause);
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
