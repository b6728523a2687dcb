package io.github.socketiospringboot.internal.annotation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.util.ReflectionUtils;

/**
 * A handler method ready to call: its bean, the resolver of each parameter (chosen once
 * at startup, so that a call resolves each argument with one call) and how its return
 * value is used.
 */
final class HandlerMethod {

	/**
	 * What a handler's return value is.
	 */
	enum ReturnKind {

		/** Nothing: {@code void}. */
		NONE,

		/** A value answering the acknowledgement. */
		VALUE,

		/** A {@code Mono} whose value answers the acknowledgement. */
		MONO,

		/** A {@code Mono<Void>}: subscribed, answers nothing. */
		MONO_VOID

	}

	private final Object bean;

	private final Method method;

	private final MethodParameter[] parameters;

	private final SocketIOArgumentResolver[] resolvers;

	private final ReturnKind returnKind;

	private final boolean explicitAck;

	private final boolean blocking;

	HandlerMethod(Object bean, Method method, MethodParameter[] parameters, SocketIOArgumentResolver[] resolvers,
			ReturnKind returnKind, boolean explicitAck, boolean blocking) {
		this.bean = bean;
		this.method = method;
		this.parameters = parameters;
		this.resolvers = resolvers;
		this.returnKind = returnKind;
		this.explicitAck = explicitAck;
		this.blocking = blocking;
		ReflectionUtils.makeAccessible(method);
	}

	Method method() {
		return this.method;
	}

	Object bean() {
		return this.bean;
	}

	ReturnKind returnKind() {
		return this.returnKind;
	}

	boolean explicitAck() {
		return this.explicitAck;
	}

	boolean blocking() {
		return this.blocking;
	}

	/**
	 * Resolves the arguments and calls the method.
	 * @throws Throwable what the method or a resolver threw
	 */
	@Nullable Object invoke(InvocationContext context) throws Throwable {
		Object[] args = new Object[this.resolvers.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.resolvers[i].resolveArgument(this.parameters[i], context);
		}
		try {
			return this.method.invoke(this.bean, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	@Override
	public String toString() {
		return this.method.getDeclaringClass().getSimpleName() + "#" + this.method.getName();
	}

}
