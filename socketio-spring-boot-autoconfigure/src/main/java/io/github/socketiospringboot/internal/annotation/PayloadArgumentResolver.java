package io.github.socketiospringboot.internal.annotation;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

import io.github.socketiospringboot.annotation.PayloadValidationException;
import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import io.github.socketiospringboot.annotation.SocketIOInvocation;
import io.github.socketiospringboot.internal.annotation.HandlerMethodFactory.Kind;
import io.github.socketiospringboot.server.SocketEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

import org.springframework.core.MethodParameter;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

/**
 * The last resolver asked, supporting every parameter: the next argument of the event,
 * converted to the parameter's type ({@code null} when the event has no such argument)
 * and validated when the parameter is {@code @Valid} or {@code @Validated}; on any method
 * but an {@code @OnEvent} one, a parameter left to it fails startup.
 */
final class PayloadArgumentResolver implements BuiltInArgumentResolver {

	private final ArgumentConverter converter;

	private final @Nullable Validator validator;

	PayloadArgumentResolver(ArgumentConverter converter, @Nullable Validator validator) {
		this.converter = converter;
		this.validator = validator;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return true;
	}

	@Override
	public SocketIOArgumentResolver bind(MethodParameter parameter, MethodBinding binding) {
		binding.require(binding.kind() == Kind.EVENT, MethodBinding.describe(parameter)
				+ " is taken by no built-in resolver and no SocketIOArgumentResolver bean, and only @OnEvent methods"
				+ " receive event arguments");
		int index = binding.nextEventArgument();
		Object @Nullable [] hints = validationHints(parameter);
		boolean validate = hints != null;
		Validator validator = this.validator;
		if (validate && validator == null) {
			throw new IllegalStateException("Handler method " + parameter.getMethod() + " validates its parameter "
					+ index + " but no Validator bean exists: add spring-boot-starter-validation");
		}
		String objectName = (parameter.getParameterName() != null) ? parameter.getParameterName() : "arg" + index;
		return new EventArgument(parameter, this.converter, this.converter.javaType(parameter), index,
				parameter.getParameterType().isPrimitive(), validate ? validator : null,
				(hints != null) ? hints : new Object[0], objectName, binding.event());
	}

	/**
	 * The validation hints of a parameter, as Spring MVC takes them: empty for
	 * {@code @Valid}, the groups of {@code @Validated(...)} (or of an annotation
	 * meta-annotated with it); {@code null} when the parameter is not validated.
	 */
	private static Object @Nullable [] validationHints(MethodParameter parameter) {
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			Object[] hints = ValidationAnnotationUtils.determineValidationHints(annotation);
			if (hints != null) {
				return hints;
			}
		}
		return null;
	}

	/**
	 * One event argument of one parameter.
	 */
	private static final class EventArgument extends BoundArgumentResolver {

		private final ArgumentConverter converter;

		private final JavaType type;

		private final int index;

		private final boolean primitive;

		private final @Nullable Validator validator;

		private final Object[] hints;

		private final String objectName;

		private final @Nullable String event;

		EventArgument(MethodParameter parameter, ArgumentConverter converter, JavaType type, int index,
				boolean primitive, @Nullable Validator validator, Object[] hints, String objectName,
				@Nullable String event) {
			super(parameter);
			this.converter = converter;
			this.type = type;
			this.index = index;
			this.primitive = primitive;
			this.validator = validator;
			this.hints = hints;
			this.objectName = objectName;
			this.event = event;
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			SocketEvent current = invocation.event();
			if (current == null || this.index >= current.args().size()) {
				if (this.primitive) {
					throw ConversionViolations.missing(this.event, this.objectName);
				}
				return null;
			}
			Object value;
			try {
				value = this.converter.convert(current.args().get(this.index), this.type);
			}
			catch (JacksonException ex) {
				throw ConversionViolations.of(this.event, this.objectName, ex);
			}
			if (this.validator != null && value != null) {
				validate(this.validator, value);
			}
			return value;
		}

		private void validate(Validator validator, Object value) {
			BeanPropertyBindingResult errors = new BeanPropertyBindingResult(value, this.objectName);
			if (this.hints.length > 0 && validator instanceof SmartValidator smart) {
				smart.validate(value, errors, this.hints);
			}
			else {
				validator.validate(value, errors);
			}
			if (errors.hasErrors()) {
				List<PayloadValidationException.Violation> violations = new ArrayList<>();
				for (ObjectError error : errors.getAllErrors()) {
					String field = (error instanceof FieldError fieldError) ? fieldError.getField()
							: error.getObjectName();
					violations.add(
							new PayloadValidationException.Violation(field, String.valueOf(error.getDefaultMessage())));
				}
				throw new PayloadValidationException(String.valueOf(this.event), violations);
			}
		}

	}

}
