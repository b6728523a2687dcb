package io.github.socketiospringboot.internal.annotation;

import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import io.github.socketiospringboot.annotation.SocketIOInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;

/**
 * A resolver of the framework: it supports parameters as any resolver does, and binds
 * itself to each one at startup, refusing a parameter the handler method may not take and
 * computing once what resolving it needs.
 */
interface BuiltInArgumentResolver extends SocketIOArgumentResolver {

	/**
	 * Returns the resolver of a parameter this resolver supports: itself, or one made for
	 * that parameter alone.
	 * @param parameter the parameter
	 * @param binding the method being bound
	 * @return the resolver to call
	 * @throws IllegalStateException if the method cannot take the parameter
	 */
	default SocketIOArgumentResolver bind(MethodParameter parameter, MethodBinding binding) {
		return this;
	}

	/**
	 * Resolves nothing: a resolver that needs what it computes when binding a parameter
	 * only resolves through the resolver {@link #bind} returns.
	 */
	@Override
	default @Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
		throw new IllegalStateException(getClass().getSimpleName() + " resolves the parameters it was bound to");
	}

}
