package io.github.socketiospringboot.annotation.support;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import io.github.socketiospringboot.annotation.AckSender;
import io.github.socketiospringboot.annotation.Auth;
import io.github.socketiospringboot.annotation.NamespaceVariable;
import io.github.socketiospringboot.annotation.PayloadValidationException;
import io.github.socketiospringboot.server.Args;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.Handshake;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.RemoteSocket;
import io.github.socketiospringboot.server.SocketEvent;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.Validator;

/**
 * Turns annotated methods into {@link HandlerMethod}s, choosing each parameter's resolver
 * once and refusing, with a message that names the method, what cannot work.
 */
final class HandlerMethodFactory {

	/**
	 * The kinds of handler methods, each allowing its own parameters.
	 */
	enum Kind {

		CONNECT, EVENT, DISCONNECT, EXCEPTION

	}

	private final ObjectMapper mapper;

	private final SocketIOServer server;

	private final @Nullable Validator validator;

	private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

	HandlerMethodFactory(ObjectMapper mapper, SocketIOServer server, @Nullable Validator validator) {
		this.mapper = mapper;
		this.server = server;
		this.validator = validator;
	}

	HandlerMethod create(Object bean, Method method, Kind kind, NamespaceTemplate namespace, boolean blocking,
			@Nullable String event) {
		int count = method.getParameterCount();
		ParameterResolver[] resolvers = new ParameterResolver[count];
		int payloadIndex = 0;
		boolean explicitAck = false;
		for (int i = 0; i < count; i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			parameter.initParameterNameDiscovery(this.names);
			Class<?> type = parameter.getParameterType();
			if (parameter.hasParameterAnnotation(NamespaceVariable.class)) {
				resolvers[i] = namespaceVariable(method, parameter, namespace);
			}
			else if (parameter.hasParameterAnnotation(Auth.class)) {
				JavaType javaType = javaType(parameter);
				String objectName = (parameter.getParameterName() != null) ? parameter.getParameterName() : "auth";
				// the auth payload is the client's input: a failure to convert it is its
				// mistake
				resolvers[i] = (context) -> {
					try {
						return convert(context.socket().handshake().auth(), javaType);
					}
					catch (JacksonException ex) {
						throw ConversionViolations.of(eventName(context), objectName, ex);
					}
				};
			}
			else if (SocketIOSocket.class == type || RemoteSocket.class == type) {
				resolvers[i] = InvocationContext::socket;
			}
			else if (Handshake.class == type) {
				resolvers[i] = (context) -> context.socket().handshake();
			}
			else if (Principal.class.isAssignableFrom(type)) {
				resolvers[i] = (context) -> {
					Principal principal = context.socket().handshake().principal();
					return type.isInstance(principal) ? principal : null;
				};
			}
			else if (Namespace.class == type) {
				resolvers[i] = (context) -> context.socket().namespace();
			}
			else if (SocketIOServer.class == type) {
				SocketIOServer io = this.server;
				resolvers[i] = (context) -> io;
			}
			else if (Throwable.class.isAssignableFrom(type)) {
				require(kind == Kind.EXCEPTION, method,
						"an exception parameter is only allowed in an exception handler");
				resolvers[i] = (context) -> errorOfType(context.error(), type);
			}
			else if (DisconnectReason.class == type) {
				require(kind == Kind.DISCONNECT || kind == Kind.EXCEPTION, method,
						"a DisconnectReason parameter is only allowed in an @OnDisconnect method");
				resolvers[i] = InvocationContext::reason;
			}
			else if (SocketEvent.class == type) {
				requireEvent(kind, method, type);
				resolvers[i] = InvocationContext::event;
			}
			else if (Args.class == type) {
				requireEvent(kind, method, type);
				resolvers[i] = (context) -> (context.event() != null) ? context.event().args() : null;
			}
			else if (AckSender.class == type) {
				requireEvent(kind, method, type);
				explicitAck = true;
				resolvers[i] = (context) -> {
					SocketEvent current = context.event();
					return (current != null) ? (AckSender) current::ack : (AckSender) (args) -> false;
				};
			}
			else {
				require(kind == Kind.EVENT, method, "parameter " + i + " (" + type.getSimpleName()
						+ ") is neither a known type nor annotated, and only @OnEvent methods receive event arguments");
				resolvers[i] = payload(parameter, payloadIndex++, event);
			}
		}
		HandlerMethod.ReturnKind returnKind = returnKind(method);
		if (kind != Kind.EVENT && kind != Kind.EXCEPTION && returnKind == HandlerMethod.ReturnKind.VALUE) {
			returnKind = HandlerMethod.ReturnKind.NONE;
		}
		return new HandlerMethod(bean, method, resolvers, returnKind, explicitAck, blocking);
	}

	/**
	 * Returns the error or, when a handler was chosen for one of its causes, that cause.
	 */
	private static @Nullable Throwable errorOfType(@Nullable Throwable error, Class<?> type) {
		Throwable current = error;
		while (current != null) {
			if (type.isInstance(current)) {
				return current;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

	private ParameterResolver namespaceVariable(Method method, MethodParameter parameter, NamespaceTemplate namespace) {
		NamespaceVariable annotation = parameter.getParameterAnnotation(NamespaceVariable.class);
		String name = (annotation != null && !annotation.value().isEmpty()) ? annotation.value()
				: parameter.getParameterName();
		require(name != null && namespace.variables().contains(name), method,
				"@NamespaceVariable \"" + name + "\" is not a variable of namespace \"" + namespace.source() + "\"");
		JavaType javaType = javaType(parameter);
		return (context) -> {
			String value = context.variables().get(name);
			try {
				return (value != null) ? this.mapper.convertValue(value, javaType) : null;
			}
			catch (JacksonException ex) {
				// the namespace's name came from the client (a constraint such as
				// {id:\\d+} refuses it
				// before it connects)
				throw ConversionViolations.of(eventName(context), name, ex);
			}
		};
	}

	private ParameterResolver payload(MethodParameter parameter, int index, @Nullable String event) {
		JavaType javaType = javaType(parameter);
		boolean primitive = parameter.getParameterType().isPrimitive();
		boolean validate = isValidated(parameter);
		if (validate && this.validator == null) {
			throw new IllegalStateException("Handler method " + parameter.getMethod() + " validates its parameter "
					+ index + " but no Validator bean exists: add spring-boot-starter-validation");
		}
		String objectName = (parameter.getParameterName() != null) ? parameter.getParameterName() : "arg" + index;
		return (context) -> {
			SocketEvent current = context.event();
			if (current == null || index >= current.args().size()) {
				if (primitive) {
					throw ConversionViolations.missing(event, objectName);
				}
				return null;
			}
			Object value;
			try {
				value = convert(current.args().get(index), javaType);
			}
			catch (JacksonException ex) {
				throw ConversionViolations.of(event, objectName, ex);
			}
			if (validate && value != null) {
				validate(value, objectName, String.valueOf(event));
			}
			return value;
		};
	}

	private void validate(Object value, String objectName, String event) {
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(value, objectName);
		this.validator.validate(value, errors);
		if (errors.hasErrors()) {
			List<PayloadValidationException.Violation> violations = new ArrayList<>();
			for (ObjectError error : errors.getAllErrors()) {
				String field = (error instanceof FieldError fieldError) ? fieldError.getField() : error.getObjectName();
				violations
					.add(new PayloadValidationException.Violation(field, String.valueOf(error.getDefaultMessage())));
			}
			throw new PayloadValidationException(event, violations);
		}
	}

	/**
	 * The event being handled, {@code connect} or {@code disconnect} outside an event.
	 */
	private static String eventName(InvocationContext context) {
		SocketEvent event = context.event();
		if (event != null) {
			return event.name();
		}
		return (context.reason() != null) ? "disconnect" : "connect";
	}

	private @Nullable Object convert(JsonNode node, JavaType type) {
		if (type.getRawClass() == JsonNode.class || type.getRawClass() == Object.class && node.isContainer()) {
			return node;
		}
		return this.mapper.treeToValue(node, type);
	}

	private JavaType javaType(MethodParameter parameter) {
		return this.mapper.getTypeFactory().constructType(parameter.getGenericParameterType());
	}

	private static boolean isValidated(MethodParameter parameter) {
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			String name = annotation.annotationType().getName();
			if (name.equals("jakarta.validation.Valid")
					|| name.equals("org.springframework.validation.annotation.Validated")) {
				return true;
			}
		}
		return false;
	}

	private static HandlerMethod.ReturnKind returnKind(Method method) {
		Class<?> type = method.getReturnType();
		if (type == void.class || type == Void.class) {
			return HandlerMethod.ReturnKind.NONE;
		}
		if (Mono.class.isAssignableFrom(type)) {
			Type generic = method.getGenericReturnType();
			if (generic instanceof ParameterizedType parameterized
					&& parameterized.getActualTypeArguments()[0] == Void.class) {
				return HandlerMethod.ReturnKind.MONO_VOID;
			}
			return HandlerMethod.ReturnKind.MONO;
		}
		require(!Publisher.class.isAssignableFrom(type), method,
				"returns a " + type.getSimpleName() + ": return a value or a Mono (an acknowledgement is one answer)");
		return HandlerMethod.ReturnKind.VALUE;
	}

	private static void requireEvent(Kind kind, Method method, Class<?> type) {
		require(kind == Kind.EVENT || kind == Kind.EXCEPTION, method,
				"a " + type.getSimpleName() + " parameter is only allowed in an @OnEvent method");
	}

	static void require(boolean condition, Method method, String problem) {
		if (!condition) {
			throw new IllegalStateException("Invalid Socket.IO handler method " + method + ": " + problem);
		}
	}

}
