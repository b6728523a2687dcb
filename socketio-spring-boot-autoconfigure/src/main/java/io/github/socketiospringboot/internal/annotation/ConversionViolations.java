package io.github.socketiospringboot.internal.annotation;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.annotation.PayloadValidationException;
import io.github.socketiospringboot.annotation.PayloadValidationException.Violation;
import io.github.socketiospringboot.annotation.SocketIOInvocation;
import io.github.socketiospringboot.server.SocketEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.util.ClassUtils;

/**
 * Turns the mapper's failure to convert an event argument into the client's mistake it
 * is: a {@link PayloadValidationException} whose violation names the field and what was
 * expected in JSON terms, never a Java type or the mapper's message.
 */
final class ConversionViolations {

	private ConversionViolations() {
	}

	/**
	 * Describes a conversion failure: the client's mistake, unless the mapper cannot
	 * build the parameter's type whatever the value (no creator, an interface without
	 * type information), which is the application's bug and raised as it is.
	 * @param event the event
	 * @param objectName the parameter's name, the root of the field's path
	 * @param failure what the mapper threw
	 * @return the exception to raise
	 */
	static RuntimeException of(@Nullable String event, String objectName, JacksonException failure) {
		if (failure instanceof InvalidDefinitionException) {
			return failure;
		}
		Violation violation = new Violation(field(objectName, failure.getPath()), problem(failure));
		return new PayloadValidationException(String.valueOf(event), List.of(violation), failure);
	}

	/**
	 * The violation of an argument a primitive parameter needs and the event lacks.
	 * @param event the event
	 * @param objectName the parameter's name
	 * @return the exception to raise
	 */
	static PayloadValidationException missing(@Nullable String event, String objectName) {
		return new PayloadValidationException(String.valueOf(event),
				List.of(new Violation(objectName, "must not be null")));
	}

	/**
	 * Names what a client's mistake outside an event's arguments was made in: the event
	 * being handled, {@code connect} or {@code disconnect} outside an event.
	 * @param invocation the call
	 * @return the event's name
	 */
	static String eventName(SocketIOInvocation invocation) {
		SocketEvent event = invocation.event();
		if (event != null) {
			return event.name();
		}
		return (invocation.reason() != null) ? "disconnect" : "connect";
	}

	/**
	 * Names the field as a Bean Validation violation does: its path in the argument
	 * ({@code items[1].name}), or the parameter's name when the whole argument is wrong.
	 */
	private static String field(String objectName, List<JacksonException.Reference> path) {
		StringBuilder field = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				if (!field.isEmpty()) {
					field.append('.');
				}
				field.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				field.append('[').append(reference.getIndex()).append(']');
			}
		}
		return field.isEmpty() ? objectName : field.toString();
	}

	private static String problem(JacksonException failure) {
		if (failure instanceof UnrecognizedPropertyException) {
			return "is not a known property";
		}
		if (!(failure instanceof MismatchedInputException mismatch) || mismatch.getTargetType() == null) {
			// a constructor or a creator refused the value: its reason stays on the
			// server
			return "has an invalid value";
		}
		Class<?> target = mismatch.getTargetType();
		JsonToken token = mismatch.getCurrentToken();
		if (target.isPrimitive() && !(failure instanceof InvalidFormatException)
				&& (token == null || token == JsonToken.VALUE_NULL || token == JsonToken.END_OBJECT)) {
			return "must not be null";
		}
		Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(target);
		if (type == Boolean.class) {
			return "must be a boolean";
		}
		if (Number.class.isAssignableFrom(type)) {
			return "must be a number";
		}
		if (CharSequence.class.isAssignableFrom(type) || type == Character.class) {
			return "must be a string";
		}
		if (type == byte[].class) {
			return "must be binary data";
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "must be an array";
		}
		if (type.isEnum() || failure instanceof InvalidFormatException) {
			return "has an invalid value";
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord() || !isJdkType(type)) {
			return "must be an object";
		}
		// a JDK value read from a scalar: UUID, LocalDate, URI...
		return "has an invalid value";
	}

	private static boolean isJdkType(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.");
	}

}
