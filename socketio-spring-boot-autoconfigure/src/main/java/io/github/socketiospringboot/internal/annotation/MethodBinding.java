package io.github.socketiospringboot.internal.annotation;

import java.lang.reflect.Method;

import io.github.socketiospringboot.internal.annotation.HandlerMethodFactory.Kind;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;

/**
 * One handler method whose parameters are being bound to their resolvers, at startup:
 * what the built-in resolvers check a parameter against, and what they note of it.
 */
final class MethodBinding {

	private final Method method;

	private final Kind kind;

	private final NamespaceTemplate namespace;

	private final @Nullable String event;

	private int eventArguments;

	private boolean explicitAck;

	MethodBinding(Method method, Kind kind, NamespaceTemplate namespace, @Nullable String event) {
		this.method = method;
		this.kind = kind;
		this.namespace = namespace;
		this.event = event;
	}

	Kind kind() {
		return this.kind;
	}

	NamespaceTemplate namespace() {
		return this.namespace;
	}

	/**
	 * The event of an {@code @OnEvent} method.
	 */
	@Nullable String event() {
		return this.event;
	}

	/**
	 * Takes the next event argument, for a parameter that receives one.
	 * @return its index among the event's arguments
	 */
	int nextEventArgument() {
		return this.eventArguments++;
	}

	/**
	 * Notes that the method answers the acknowledgement itself, through an
	 * {@code AckSender}.
	 */
	void answersAcknowledgement() {
		this.explicitAck = true;
	}

	boolean explicitAck() {
		return this.explicitAck;
	}

	/**
	 * Refuses the method, naming it, unless a condition holds.
	 * @param condition what must hold
	 * @param problem what is wrong otherwise
	 * @throws IllegalStateException if the condition does not hold
	 */
	void require(boolean condition, String problem) {
		HandlerMethodFactory.require(condition, this.method, problem);
	}

	/**
	 * Describes a parameter for a startup failure: {@code parameter 1 (User user)}.
	 * @param parameter the parameter
	 * @return its description
	 */
	static String describe(MethodParameter parameter) {
		String name = parameter.getParameterName();
		return "parameter " + parameter.getParameterIndex() + " (" + parameter.getParameterType().getSimpleName()
				+ ((name != null) ? " " + name : "") + ")";
	}

}
