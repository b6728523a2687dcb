package io.github.socketiospringboot.internal.annotation;

import io.github.socketiospringboot.annotation.NamespaceVariable;
import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import io.github.socketiospringboot.annotation.SocketIOInvocation;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

import org.springframework.core.MethodParameter;

/**
 * Resolves {@link NamespaceVariable} parameters: a variable of the namespace template,
 * which the parameter must name, converted to its type. The client chose the namespace,
 * so a failure to convert the variable is its mistake, a
 * {@link io.github.socketiospringboot.annotation.PayloadValidationException} (a
 * constraint such as {@code {id:\\d+}} refuses such a namespace before it connects).
 */
final class NamespaceVariableArgumentResolver implements BuiltInArgumentResolver {

	private final ArgumentConverter converter;

	NamespaceVariableArgumentResolver(ArgumentConverter converter) {
		this.converter = converter;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(NamespaceVariable.class);
	}

	@Override
	public SocketIOArgumentResolver bind(MethodParameter parameter, MethodBinding binding) {
		NamespaceVariable annotation = parameter.getParameterAnnotation(NamespaceVariable.class);
		String name = (annotation != null && !annotation.value().isEmpty()) ? annotation.value()
				: parameter.getParameterName();
		NamespaceTemplate namespace = binding.namespace();
		binding.require(name != null && namespace.variables().contains(name),
				"@NamespaceVariable \"" + name + "\" is not a variable of namespace \"" + namespace.source() + "\"");
		JavaType type = this.converter.javaType(parameter);
		return new BoundArgumentResolver(parameter) {

			@Override
			public @Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
				String value = invocation.namespaceVariables().get(name);
				try {
					return (value != null) ? NamespaceVariableArgumentResolver.this.converter.convert(value, type)
							: null;
				}
				catch (JacksonException ex) {
					throw ConversionViolations.of(ConversionViolations.eventName(invocation), name, ex);
				}
			}

		};
	}

}
