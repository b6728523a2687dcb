package io.github.socketiospringboot.internal.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.validation.Validator;

/**
 * Turns annotated methods into {@link HandlerMethod}s, choosing each parameter's resolver
 * once and refusing, with a message that names the method, what cannot work.
 *
 * <p>
 * The resolvers are asked in a fixed order, the first that supports a parameter winning:
 * the built-in ones ({@code @NamespaceVariable}, {@code @Auth}, then those of the
 * {@link ContextArgumentResolver context types}), the custom ones in their order, and
 * last the event arguments, which support every parameter.
 */
final class HandlerMethodFactory {

	/**
	 * The kinds of handler methods, each allowing its own parameters.
	 */
	enum Kind {

		CONNECT, EVENT, DISCONNECT, EXCEPTION

	}

	private final List<BuiltInArgumentResolver> builtIn;

	private final List<SocketIOArgumentResolver> custom;

	private final PayloadArgumentResolver payload;

	private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

	HandlerMethodFactory(ObjectMapper mapper, @Nullable Validator validator,
			List<? extends SocketIOArgumentResolver> custom) {
		ArgumentConverter converter = new ArgumentConverter(mapper);
		List<BuiltInArgumentResolver> builtIn = new ArrayList<>();
		builtIn.add(new NamespaceVariableArgumentResolver(converter));
		builtIn.add(new AuthArgumentResolver(converter));
		builtIn.addAll(List.of(ContextArgumentResolver.values()));
		this.builtIn = List.copyOf(builtIn);
		this.custom = List.copyOf(custom);
		this.payload = new PayloadArgumentResolver(converter, validator);
	}

	HandlerMethod create(Object bean, Method method, Kind kind, NamespaceTemplate namespace, boolean blocking,
			@Nullable String event) {
		int count = method.getParameterCount();
		MethodParameter[] parameters = new MethodParameter[count];
		SocketIOArgumentResolver[] resolvers = new SocketIOArgumentResolver[count];
		MethodBinding binding = new MethodBinding(method, kind, namespace, event);
		Class<?> userClass = AopProxyUtils.ultimateTargetClass(bean);
		for (int i = 0; i < count; i++) {
			// in the bean's class: a type variable of a generic superclass resolves to
			// what the bean's class binds it to
			MethodParameter parameter = new MethodParameter(method, i).withContainingClass(userClass);
			parameter.initParameterNameDiscovery(this.names);
			parameters[i] = parameter;
			resolvers[i] = resolver(parameter, binding);
		}
		HandlerMethod.ReturnKind returnKind = returnKind(method);
		if (kind != Kind.EVENT && kind != Kind.EXCEPTION && returnKind == HandlerMethod.ReturnKind.VALUE) {
			returnKind = HandlerMethod.ReturnKind.NONE;
		}
		return new HandlerMethod(bean, method, parameters, resolvers, returnKind, binding.explicitAck(), blocking);
	}

	private SocketIOArgumentResolver resolver(MethodParameter parameter, MethodBinding binding) {
		for (BuiltInArgumentResolver resolver : this.builtIn) {
			if (resolver.supportsParameter(parameter)) {
				return resolver.bind(parameter, binding);
			}
		}
		for (SocketIOArgumentResolver resolver : this.custom) {
			if (resolver.supportsParameter(parameter)) {
				return resolver;
			}
		}
		return this.payload.bind(parameter, binding);
	}

	private static HandlerMethod.ReturnKind returnKind(Method method) {
		Class<?> type = method.getReturnType();
		if (type == void.class || type == Void.class) {
			return HandlerMethod.ReturnKind.NONE;
		}
		if (Mono.class.isAssignableFrom(type) || CompletionStage.class.isAssignableFrom(type)) {
			// a CompletionStage (CompletableFuture) is answered as a Mono of its result
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

	static void require(boolean condition, Method method, String problem) {
		if (!condition) {
			throw new IllegalStateException("Invalid Socket.IO handler method " + method + ": " + problem);
		}
	}

}
