package io.github.socketiospringboot.internal.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.annotation.SocketIOExceptionHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The exception handler methods of one bean, by the exception types they handle.
 */
final class ExceptionHandlers {

	static final ExceptionHandlers NONE = new ExceptionHandlers(Map.of(), List.of());

	private final Map<Class<? extends Throwable>, HandlerMethod> handlers;

	/** Beans asked in turn, the first with a handler winning; empty for one bean. */
	private final List<ExceptionHandlers> chain;

	private ExceptionHandlers(Map<Class<? extends Throwable>, HandlerMethod> handlers, List<ExceptionHandlers> chain) {
		this.handlers = handlers;
		this.chain = chain;
	}

	/**
	 * The exception handlers of several beans, asked in their order: the first bean with
	 * a handler for the exception (or one of its causes) takes it, as Spring takes its
	 * {@code @ControllerAdvice} beans.
	 * @param beans the handlers of each bean, in order
	 * @return the handlers of them all
	 */
	static ExceptionHandlers inOrder(List<ExceptionHandlers> beans) {
		return new ExceptionHandlers(Map.of(), List.copyOf(beans));
	}

	static ExceptionHandlers of(List<HandlerMethod> methods) {
		Map<Class<? extends Throwable>, HandlerMethod> handlers = new LinkedHashMap<>();
		for (HandlerMethod handler : methods) {
			for (Class<? extends Throwable> type : handledTypes(handler.method())) {
				HandlerMethod previous = handlers.put(type, handler);
				if (previous != null) {
					throw new IllegalStateException("Ambiguous @SocketIOExceptionHandler methods for " + type.getName()
							+ ": " + previous.method() + " and " + handler.method());
				}
			}
		}
		return new ExceptionHandlers(handlers, List.of());
	}

	@SuppressWarnings("unchecked")
	private static List<Class<? extends Throwable>> handledTypes(Method method) {
		SocketIOExceptionHandler annotation = AnnotatedElementUtils.findMergedAnnotation(method,
				SocketIOExceptionHandler.class);
		List<Class<? extends Throwable>> types = new ArrayList<>();
		if (annotation != null) {
			types.addAll(List.of(annotation.value()));
		}
		if (types.isEmpty()) {
			for (Class<?> parameter : method.getParameterTypes()) {
				if (Throwable.class.isAssignableFrom(parameter)) {
					types.add((Class<? extends Throwable>) parameter);
				}
			}
		}
		HandlerMethodFactory.require(!types.isEmpty(), method,
				"an exception handler names the exceptions it handles, in its annotation or as a parameter");
		return types;
	}

	/**
	 * Finds the handler of the closest exception type, trying the causes when nothing
	 * handles the exception itself.
	 */
	@Nullable HandlerMethod find(Throwable error) {
		for (ExceptionHandlers bean : this.chain) {
			HandlerMethod found = bean.find(error);
			if (found != null) {
				return found;
			}
		}
		Throwable current = error;
		while (current != null) {
			List<Class<? extends Throwable>> matches = new ArrayList<>();
			for (Class<? extends Throwable> type : this.handlers.keySet()) {
				if (type.isInstance(current)) {
					matches.add(type);
				}
			}
			if (!matches.isEmpty()) {
				matches.sort(new ExceptionDepthComparator(current));
				return this.handlers.get(matches.get(0));
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

}
