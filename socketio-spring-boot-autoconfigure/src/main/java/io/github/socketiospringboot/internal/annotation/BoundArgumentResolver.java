package io.github.socketiospringboot.internal.annotation;

import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;

import org.springframework.core.MethodParameter;

/**
 * A resolver that a built-in one made for one parameter at startup, holding what it
 * computed then; it supports that parameter alone.
 */
abstract class BoundArgumentResolver implements SocketIOArgumentResolver {

	private final MethodParameter parameter;

	BoundArgumentResolver(MethodParameter parameter) {
		this.parameter = parameter;
	}

	@Override
	public final boolean supportsParameter(MethodParameter parameter) {
		return this.parameter.equals(parameter);
	}

}
