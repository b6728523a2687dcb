package io.github.socketiospringboot.internal.annotation;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.core.GenericTypeResolver;
import org.springframework.core.MethodParameter;

/**
 * Converts what a client sent to the type of a handler method's parameter, with the
 * application's JSON mapper.
 */
final class ArgumentConverter {

	private final ObjectMapper mapper;

	ArgumentConverter(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * The mapper's type of a parameter, resolved once at startup.
	 */
	JavaType javaType(MethodParameter parameter) {
		// type variables resolved in the bean's class (a generic superclass's handler)
		return this.mapper.getTypeFactory()
			.constructType(GenericTypeResolver.resolveType(parameter.getGenericParameterType(),
					parameter.getContainingClass()));
	}

	/**
	 * Converts a JSON value; a {@code JsonNode} parameter, or an {@code Object} one given
	 * an object or an array, takes the tree itself.
	 * @throws tools.jackson.core.JacksonException if the value cannot be converted
	 */
	@Nullable Object convert(JsonNode node, JavaType type) {
		if (type.getRawClass() == JsonNode.class || type.getRawClass() == Object.class && node.isContainer()) {
			return node;
		}
		return this.mapper.treeToValue(node, type);
	}

	/**
	 * Converts a string, such as a namespace variable.
	 * @throws tools.jackson.core.JacksonException if the value cannot be converted
	 */
	@Nullable Object convert(String value, JavaType type) {
		return this.mapper.convertValue(value, type);
	}

}
