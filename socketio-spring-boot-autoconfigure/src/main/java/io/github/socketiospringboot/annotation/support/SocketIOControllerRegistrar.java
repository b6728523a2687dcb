package io.github.socketiospringboot.annotation.support;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.annotation.OnConnect;
import io.github.socketiospringboot.annotation.OnDisconnect;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.PayloadValidationException;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.annotation.SocketIOControllerAdvice;
import io.github.socketiospringboot.annotation.SocketIOExceptionHandler;
import io.github.socketiospringboot.annotation.support.HandlerMethodFactory.Kind;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.SocketEvent;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;

/**
 * Finds the {@link SocketIOController} and {@link SocketIOControllerAdvice} beans once,
 * at startup, and registers their handler methods on the {@link SocketIOServer}'s
 * namespaces; at runtime an event costs a map lookup and a call. Startup fails, naming
 * the method, on malformed or ambiguous handlers.
 */
public final class SocketIOControllerRegistrar implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(SocketIOControllerRegistrar.class);

	private final ApplicationContext context;

	private final SocketIOServer server;

	private final HandlerMethodFactory factory;

	private final Scheduler blockingScheduler;

	private final Map<SocketIOSocket, SerialExecutor> executors = new ConcurrentHashMap<>();

	private ExceptionHandlers adviceHandlers = ExceptionHandlers.NONE;

	/**
	 * Creates a registrar.
	 * @param context the application context holding the controllers
	 * @param server the server to register on
	 * @param validator validates {@code @Valid} event arguments, if available
	 */
	public SocketIOControllerRegistrar(ApplicationContext context, SocketIOServer server,
			@Nullable Validator validator) {
		this.context = context;
		this.server = server;
		this.factory = new HandlerMethodFactory(server.mapper(), server, validator);
		this.blockingScheduler = Schedulers.boundedElastic();
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<HandlerMethod> advice = new ArrayList<>();
		for (Object bean : this.context.getBeansWithAnnotation(SocketIOControllerAdvice.class).values()) {
			advice.addAll(exceptionHandlers(bean, NamespaceTemplate.parse("/")));
		}
		this.adviceHandlers = ExceptionHandlers.of(advice);
		Map<String, Map<String, HandlerMethod>> eventsByNamespace = new LinkedHashMap<>();
		for (Object bean : this.context.getBeansWithAnnotation(SocketIOController.class).values()) {
			register(bean, eventsByNamespace);
		}
	}

	private void register(Object bean, Map<String, Map<String, HandlerMethod>> eventsByNamespace) {
		Class<?> userClass = ClassUtils.getUserClass(bean);
		SocketIOController controller = AnnotatedElementUtils.findMergedAnnotation(userClass, SocketIOController.class);
		NamespaceTemplate template = NamespaceTemplate.parse((controller != null) ? controller.namespace() : "/");
		ExceptionHandlers local = ExceptionHandlers.of(exceptionHandlers(bean, template));
		Namespace namespace = template.isDynamic() ? this.server.of(template.pattern())
				: this.server.of(template.source());
		Map<String, HandlerMethod> events = eventsByNamespace.computeIfAbsent(template.source(),
				(key) -> new LinkedHashMap<>());
		Map<String, Map<String, String>> variables = new ConcurrentHashMap<>();
		Binding binding = new Binding(template, local, variables);

		for (Method method : methods(userClass, OnConnect.class)) {
			OnConnect annotation = AnnotatedElementUtils.findMergedAnnotation(method, OnConnect.class);
			HandlerMethod handler = this.factory.create(bean, invocable(method, bean), Kind.CONNECT, template,
					annotation.blocking(), null);
			namespace.onConnection((socket) -> dispatch(handler, binding, socket, null, null));
		}
		for (Method method : methods(userClass, OnEvent.class)) {
			OnEvent annotation = AnnotatedElementUtils.findMergedAnnotation(method, OnEvent.class);
			String event = annotation.value();
			HandlerMethod handler = this.factory.create(bean, invocable(method, bean), Kind.EVENT, template,
					annotation.blocking(), event);
			HandlerMethod previous = events.put(event, handler);
			if (previous != null) {
				throw new IllegalStateException("Ambiguous @OnEvent(\"" + event + "\") handlers in namespace \""
						+ template.source() + "\": " + previous.method() + " and " + handler.method());
			}
			namespace.on(event, (received) -> dispatch(handler, binding, received.socket(), received, null));
		}
		for (Method method : methods(userClass, OnDisconnect.class)) {
			OnDisconnect annotation = AnnotatedElementUtils.findMergedAnnotation(method, OnDisconnect.class);
			HandlerMethod handler = this.factory.create(bean, invocable(method, bean), Kind.DISCONNECT, template,
					annotation.blocking(), null);
			namespace.onDisconnect((socket, reason) -> dispatch(handler, binding, socket, null, reason));
		}
		namespace.onDisconnect((socket, reason) -> this.executors.remove(socket));
	}

	private List<HandlerMethod> exceptionHandlers(Object bean, NamespaceTemplate template) {
		List<HandlerMethod> handlers = new ArrayList<>();
		for (Method method : methods(ClassUtils.getUserClass(bean), SocketIOExceptionHandler.class)) {
			handlers.add(this.factory.create(bean, invocable(method, bean), Kind.EXCEPTION, template, false, null));
		}
		return handlers;
	}

	private static List<Method> methods(Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation) {
		return new ArrayList<>(MethodIntrospector
			.selectMethods(type,
					(MethodIntrospector.MetadataLookup<Boolean>) (
							method) -> AnnotatedElementUtils.hasAnnotation(method, annotation) ? Boolean.TRUE : null)
			.keySet());
	}

	private static Method invocable(Method method, Object bean) {
		return AopUtils.selectInvocableMethod(method, bean.getClass());
	}

	private void dispatch(HandlerMethod handler, Binding binding, SocketIOSocket socket, @Nullable SocketEvent event,
			@Nullable DisconnectReason reason) {
		String name = socket.namespace().name();
		Map<String, String> variables = binding.template().isDynamic()
				? binding.variables().computeIfAbsent(name, binding.template()::extract) : Map.of();
		InvocationContext context = new InvocationContext(socket, event, reason, null, variables);
		if (handler.blocking()) {
			this.executors.computeIfAbsent(socket, (key) -> new SerialExecutor(this.blockingScheduler))
				.execute(() -> invoke(handler, binding.local(), context));
		}
		else {
			invoke(handler, binding.local(), context);
		}
	}

	private void invoke(HandlerMethod handler, ExceptionHandlers local, InvocationContext context) {
		Object result;
		try {
			result = handler.invoke(context);
		}
		catch (Throwable ex) {
			handleError(ex, handler, local, context);
			return;
		}
		handleResult(handler, result, local, context);
	}

	private void handleResult(HandlerMethod handler, @Nullable Object result, ExceptionHandlers local,
			InvocationContext context) {
		SocketEvent event = context.event();
		boolean answer = event != null && event.hasAck() && !handler.explicitAck();
		switch (handler.returnKind()) {
			case NONE -> {
			}
			case VALUE -> {
				if (answer) {
					event.ack(result);
				}
			}
			case MONO -> {
				Mono<?> mono = (result instanceof Mono<?> value) ? value : Mono.empty();
				mono.subscribe((value) -> {
					if (answer) {
						event.ack(value);
					}
				}, (error) -> handleError(error, handler, local, context), () -> {
					if (answer) {
						event.ack();
					}
				});
			}
			case MONO_VOID -> {
				Mono<?> mono = (result instanceof Mono<?> value) ? value : Mono.empty();
				mono.subscribe(null, (error) -> handleError(error, handler, local, context));
			}
		}
	}

	private void handleError(Throwable error, HandlerMethod failed, ExceptionHandlers local,
			InvocationContext context) {
		Throwable handled = context.error();
		if (handled != null) {
			// an exception handler failed: not handed to the exception handlers again
			// (one
			// failing on its own kind of exception would never end), and logged with what
			// it was handling
			if (error != handled) {
				error.addSuppressed(handled);
			}
			unhandled(error, failed, context);
			return;
		}
		HandlerMethod handler = local.find(error);
		if (handler == null) {
			handler = this.adviceHandlers.find(error);
		}
		if (handler == null) {
			unhandled(error, failed, context);
			return;
		}
		InvocationContext errorContext = context.withError(error);
		Object result;
		try {
			result = handler.invoke(errorContext);
		}
		catch (Throwable ex) {
			handleError(ex, handler, ExceptionHandlers.NONE, errorContext);
			return;
		}
		handleResult(handler, result, ExceptionHandlers.NONE, errorContext);
	}

	/**
	 * The defaults when no exception handler took the error: the client's mistake is
	 * answered with what was wrong and logged without a stack trace; anything else is a
	 * server bug, logged once at ERROR with its stack trace and answered with
	 * {@link SocketEvent#INTERNAL_ERROR}, which tells the client nothing of it.
	 */
	private void unhandled(Throwable error, HandlerMethod failed, InvocationContext context) {
		SocketEvent event = context.event();
		boolean asked = event != null && event.hasAck();
		String socketId = context.socket().id();
		if (error instanceof PayloadValidationException invalid) {
			if (asked) {
				event.ack(Map.of("error", "validation failed", "violations", invalid.getViolations()));
				if (logger.isDebugEnabled()) {
					logger.debug("Socket " + socketId + " sent an invalid argument to " + failed + ": "
							+ invalid.getViolations());
				}
			}
			else {
				logger.warn("Socket " + socketId + " sent an invalid argument to " + failed + ": "
						+ invalid.getViolations());
			}
			return;
		}
		logger.error("Socket.IO handler " + failed + " failed for socket " + socketId, error);
		if (asked) {
			event.ack(SocketEvent.INTERNAL_ERROR);
		}
	}

	private record Binding(NamespaceTemplate template, ExceptionHandlers local,
			Map<String, Map<String, String>> variables) {

	}

}
