package io.github.socketiospringboot.annotation.support;

import org.jspecify.annotations.Nullable;

/**
 * Produces one argument of a handler method; chosen once per parameter at startup.
 */
@FunctionalInterface
interface ParameterResolver {

	@Nullable Object resolve(InvocationContext context);

}
