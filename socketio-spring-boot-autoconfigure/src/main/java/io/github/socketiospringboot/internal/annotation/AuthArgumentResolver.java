package io.github.socketiospringboot.internal.annotation;

import io.github.socketiospringboot.annotation.Auth;
import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import io.github.socketiospringboot.annotation.SocketIOInvocation;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

import org.springframework.core.MethodParameter;

/**
 * Resolves {@link Auth} parameters: the auth payload of the socket's handshake, converted
 * to the parameter's type. The client chose the payload, so a failure to convert it is
 * its mistake, a
 * {@link io.github.socketiospringboot.annotation.PayloadValidationException}.
 */
final class AuthArgumentResolver implements BuiltInArgumentResolver {

	private final ArgumentConverter converter;

	AuthArgumentResolver(ArgumentConverter converter) {
		this.converter = converter;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(Auth.class);
	}

	@Override
	public SocketIOArgumentResolver bind(MethodParameter parameter, MethodBinding binding) {
		JavaType type = this.converter.javaType(parameter);
		String objectName = (parameter.getParameterName() != null) ? parameter.getParameterName() : "auth";
		return new BoundArgumentResolver(parameter) {

			@Override
			public @Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
				try {
					return AuthArgumentResolver.this.converter.convert(invocation.socket().handshake().auth(), type);
				}
				catch (JacksonException ex) {
					throw ConversionViolations.of(ConversionViolations.eventName(invocation), objectName, ex);
				}
			}

		};
	}

}
