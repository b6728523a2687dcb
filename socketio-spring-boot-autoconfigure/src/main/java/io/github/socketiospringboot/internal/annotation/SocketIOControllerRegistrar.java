package io.github.socketiospringboot.internal.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.socketiospringboot.annotation.OnConnect;
import io.github.socketiospringboot.annotation.OnDisconnect;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.PayloadValidationException;
import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.annotation.SocketIOControllerAdvice;
import io.github.socketiospringboot.annotation.SocketIOExceptionHandler;
import io.github.socketiospringboot.internal.annotation.HandlerMethodFactory.Kind;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.ParentNamespace;
import io.github.socketiospringboot.server.SocketEvent;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.util.Assert;
import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.validation.Validator;

/**
 * Finds the {@link SocketIOController} and {@link SocketIOControllerAdvice} beans once,
 * at startup, and registers their handler methods on the {@link SocketIOServer}'s
 * namespaces; at runtime an event costs a map lookup and a call. Startup fails, naming
 * the method, on malformed or ambiguous handlers.
 *
 * <p>
 * {@link #registerHandler(Namespace, Object)} binds the annotated methods of any object
 * to a namespace that code created, such as a parent created with a
 * {@link io.github.socketiospringboot.server.NamespaceMatcher}:
 *
 * <pre class="code">
 * &#64;Bean
 * ParentNamespace tenants(SocketIOServer io, SocketIOControllerRegistrar registrar, TenantHandlers handlers) {
 *     ParentNamespace tenants = io.of((name, auth) -&gt; Mono.just(directory.exists(name)));
 *     registrar.registerHandler(tenants, handlers);
 *     return tenants;
 * }
 * </pre>
 */
public final class SocketIOControllerRegistrar implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(SocketIOControllerRegistrar.class);

	private final ApplicationContext context;

	private final SocketIOServer server;

	private final HandlerMethodFactory factory;

	private final Scheduler blockingScheduler;

	private volatile int maxPendingBlockingEvents = 1000;

	private final Map<SocketIOSocket, SerialExecutor> executors = new ConcurrentHashMap<>();

	/**
	 * The {@code @OnEvent} methods bound to each namespace, by event; under this monitor.
	 */
	private final Map<Namespace, Bound> bound = new IdentityHashMap<>();

	private volatile ExceptionHandlers adviceHandlers = ExceptionHandlers.NONE;

	private volatile ObservationRegistry observations = ObservationRegistry.NOOP;

	/**
	 * Creates a registrar whose custom argument resolvers are the
	 * {@link SocketIOArgumentResolver} beans of the context, in their order.
	 * @param context the application context holding the controllers
	 * @param server the server to register on
	 * @param validator validates {@code @Valid} event arguments, if available
	 */
	public SocketIOControllerRegistrar(ApplicationContext context, SocketIOServer server,
			@Nullable Validator validator) {
		this(context, server, validator,
				context.getBeanProvider(SocketIOArgumentResolver.class).orderedStream().toList());
	}

	/**
	 * Creates a registrar.
	 * @param context the application context holding the controllers
	 * @param server the server to register on
	 * @param validator validates {@code @Valid} event arguments, if available
	 * @param argumentResolvers the custom argument resolvers, in the order they are asked
	 * (after the built-in ones, see {@link SocketIOArgumentResolver})
	 */
	public SocketIOControllerRegistrar(ApplicationContext context, SocketIOServer server, @Nullable Validator validator,
			List<? extends SocketIOArgumentResolver> argumentResolvers) {
		this.context = context;
		this.server = server;
		this.factory = new HandlerMethodFactory(server.mapper(), validator, argumentResolvers);
		this.blockingScheduler = Schedulers.boundedElastic();
	}

	/**
	 * Sets how many events of one socket may wait for its blocking handlers; a socket
	 * whose client sends more is disconnected.
	 * @param max the most events that may wait, 1000 by default
	 */
	public void setMaxPendingBlockingEvents(int max) {
		Assert.isTrue(max > 0, "max must be positive");
		this.maxPendingBlockingEvents = max;
	}

	/**
	 * Makes each {@code @OnEvent} invocation a Micrometer {@link Observation} named
	 * {@value #OBSERVATION}, with the low-cardinality keys {@code namespace} (the
	 * controller's namespace, a template as written) and {@code event}; a handler
	 * returning a {@code Mono} is observed until it completes. Nothing is observed with
	 * {@link ObservationRegistry#NOOP}, the default.
	 * @param registry the registry
	 */
	public void setObservationRegistry(ObservationRegistry registry) {
		this.observations = registry;
	}

	/** The name of the observations of the {@code @OnEvent} invocations. */
	public static final String OBSERVATION = "socketio.handler";

	@Override
	public void afterSingletonsInstantiated() {
		// the advice beans in their order (@Order, Ordered): the first with a handler for
		// an exception takes it
		List<Object> adviceBeans = beansWith(SocketIOControllerAdvice.class);
		AnnotationAwareOrderComparator.sort(adviceBeans);
		List<ExceptionHandlers> advice = new ArrayList<>();
		for (Object bean : adviceBeans) {
			advice.add(ExceptionHandlers.of(exceptionHandlers(bean, NamespaceTemplate.parse("/"))));
		}
		this.adviceHandlers = ExceptionHandlers.inOrder(advice);
		List<Declaration> declarations = new ArrayList<>();
		for (Object bean : beansWith(SocketIOController.class)) {
			declarations.addAll(declarations(bean));
		}
		// the dynamic namespaces first, so that a static one they match becomes their
		// child whatever the order of the beans
		declarations.sort(Comparator.comparing((declaration) -> !declaration.template().isDynamic()));
		for (Declaration declaration : declarations) {
			NamespaceTemplate template = declaration.template();
			Pattern pattern = template.pattern();
			Namespace namespace = (pattern != null) ? this.server.of(pattern) : this.server.of(template.source());
			if (pattern != null && logger.isDebugEnabled()) {
				logger.debug(AopProxyUtils.ultimateTargetClass(declaration.bean()).getName() + " serves \""
						+ template.source() + "\", the dynamic namespace of " + pattern.pattern());
			}
			ParentNamespace parent = namespace.parent();
			if (parent != null && this.server.options().cleanupEmptyChildNamespaces()) {
				logger.warn("Namespace \"" + template.source() + "\" of "
						+ AopProxyUtils.ultimateTargetClass(declaration.bean()).getName()
						+ " is a child of the dynamic namespace of " + parent.pattern()
						+ ": as empty children are cleaned up, it is removed with its handlers once its last socket"
						+ " has left, and comes back with those of the dynamic namespace only");
			}
			register(declaration.bean(), template, namespace);
		}
	}

	/**
	 * Binds the {@link OnConnect}, {@link OnEvent}, {@link OnDisconnect} and
	 * {@link SocketIOExceptionHandler} methods of an object to a namespace of this
	 * registrar's server: a static namespace, or a parent whose children they then serve,
	 * those that exist already included. The object need not be a bean nor a
	 * {@code @SocketIOController}. Bound to a parent created from a regular expression,
	 * {@link io.github.socketiospringboot.annotation.NamespaceVariable} parameters read
	 * its named groups ({@code (?<id>\\d+)}). Call it before the server serves clients,
	 * for example from a {@code @Bean} method, as a failure means the handler cannot
	 * work: a malformed method, or an {@code @OnEvent} event that the namespace, its
	 * parent or one of its children already has a handler method for.
	 * @param namespace the namespace
	 * @param handler the object whose annotated methods handle its sockets
	 * @throws IllegalStateException if a method cannot work or an event is ambiguous
	 */
	public void registerHandler(Namespace namespace, Object handler) {
		Assert.isTrue(namespace.server() == this.server, () -> namespace + " belongs to another server");
		register(handler, NamespaceTemplate.of(namespace), namespace);
	}

	/**
	 * The beans with an annotation, a scoped proxy's target left out (the proxy stands
	 * for it, as in Spring's own handler mappings).
	 */
	private List<Object> beansWith(Class<? extends java.lang.annotation.Annotation> annotation) {
		List<Object> beans = new ArrayList<>();
		for (String name : this.context.getBeanNamesForAnnotation(annotation)) {
			if (!ScopedProxyUtils.isScopedTarget(name)) {
				beans.add(this.context.getBean(name));
			}
		}
		return beans;
	}

	private List<Declaration> declarations(Object bean) {
		Class<?> userClass = AopProxyUtils.ultimateTargetClass(bean);
		SocketIOController controller = AnnotatedElementUtils.findMergedAnnotation(userClass, SocketIOController.class);
		String[] names = (controller != null) ? controller.namespace() : new String[] { "/" };
		if (names.length == 0) {
			throw new IllegalStateException("@SocketIOController " + userClass.getName() + " names no namespace");
		}
		List<Declaration> declarations = new ArrayList<>();
		Map<String, String> seen = new LinkedHashMap<>();
		for (String name : names) {
			NamespaceTemplate template = NamespaceTemplate.parse(name);
			Pattern pattern = template.pattern();
			String previous = seen.putIfAbsent((pattern != null) ? pattern.pattern() : template.source(), name);
			if (previous != null) {
				throw new IllegalStateException("@SocketIOController " + userClass.getName() + " names the namespace \""
						+ previous + "\" twice" + (previous.equals(name) ? "" : " (as \"" + name + "\")"));
			}
			declarations.add(new Declaration(bean, template));
		}
		return declarations;
	}

	private synchronized void register(Object bean, NamespaceTemplate template, Namespace namespace) {
		Class<?> userClass = AopProxyUtils.ultimateTargetClass(bean);
		ExceptionHandlers local = ExceptionHandlers.of(exceptionHandlers(bean, template));
		Map<Namespace, Map<String, String>> variables = template.variables().isEmpty() ? null
				: new ConcurrentReferenceHashMap<>(16, ConcurrentReferenceHashMap.ReferenceType.WEAK);
		Binding binding = new Binding(template, local, variables);
		List<Runnable> registrations = new ArrayList<>();
		Map<String, HandlerMethod> events = new LinkedHashMap<>();

		for (Method method : methods(userClass, OnConnect.class)) {
			OnConnect annotation = AnnotatedElementUtils.findMergedAnnotation(method, OnConnect.class);
			HandlerMethod handler = this.factory.create(bean, invocable(method, bean), Kind.CONNECT, template,
					annotation.blocking(), null);
			registrations.add(() -> namespace.onConnection((socket) -> dispatch(handler, binding, socket, null, null)));
		}
		for (Method method : methods(userClass, OnEvent.class)) {
			OnEvent annotation = AnnotatedElementUtils.findMergedAnnotation(method, OnEvent.class);
			String event = annotation.value();
			HandlerMethod handler = this.factory.create(bean, invocable(method, bean), Kind.EVENT, template,
					annotation.blocking(), event);
			HandlerMethod previous = events.put(event, handler);
			if (previous != null) {
				throw ambiguous(event, template.source(), null, previous, handler);
			}
			checkUnambiguous(namespace, template, event, handler);
			registrations.add(() -> namespace.on(event,
					(received) -> dispatch(handler, binding, received.socket(), received, null)));
		}
		for (Method method : methods(userClass, OnDisconnect.class)) {
			OnDisconnect annotation = AnnotatedElementUtils.findMergedAnnotation(method, OnDisconnect.class);
			HandlerMethod handler = this.factory.create(bean, invocable(method, bean), Kind.DISCONNECT, template,
					annotation.blocking(), null);
			registrations.add(
					() -> namespace.onDisconnect((socket, reason) -> dispatch(handler, binding, socket, null, reason)));
		}
		// registered only once every method was found to work: a failure leaves the
		// namespace as it was
		Bound bound = this.bound.get(namespace);
		if (bound == null) {
			bound = new Bound(template.source(), new LinkedHashMap<>());
			this.bound.put(namespace, bound);
			namespace.onDisconnect((socket, reason) -> forgetExecutor(socket));
		}
		bound.events().putAll(events);
		registrations.forEach(Runnable::run);
	}

	/**
	 * Refuses an event that the namespace, its parent or one of its children has a
	 * handler method for already: every one of them would run.
	 */
	private void checkUnambiguous(Namespace namespace, NamespaceTemplate template, String event,
			HandlerMethod handler) {
		List<Namespace> related = new ArrayList<>();
		related.add(namespace);
		ParentNamespace parent = namespace.parent();
		if (parent != null) {
			related.add(parent);
		}
		if (namespace instanceof ParentNamespace dynamic) {
			related.addAll(dynamic.children());
		}
		for (Namespace other : related) {
			Bound bound = this.bound.get(other);
			HandlerMethod previous = (bound != null) ? bound.events().get(event) : null;
			if (previous != null) {
				throw ambiguous(event, template.source(), (other != namespace) ? bound.name() : null, previous,
						handler);
			}
		}
	}

	private static IllegalStateException ambiguous(String event, String namespace, @Nullable String related,
			HandlerMethod previous, HandlerMethod handler) {
		return new IllegalStateException("Ambiguous @OnEvent(\"" + event + "\") handlers in namespace \"" + namespace
				+ "\"" + ((related != null) ? " and the related namespace \"" + related + "\"" : "") + ": "
				+ previous.method() + " and " + handler.method());
	}

	private List<HandlerMethod> exceptionHandlers(Object bean, NamespaceTemplate template) {
		List<HandlerMethod> handlers = new ArrayList<>();
		for (Method method : methods(AopProxyUtils.ultimateTargetClass(bean), SocketIOExceptionHandler.class)) {
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
		Map<Namespace, Map<String, String>> cache = binding.variables();
		Map<String, String> variables = (cache != null)
				? cache.computeIfAbsent(socket.namespace(), (child) -> binding.template().extract(child.name()))
				: Map.of();
		InvocationContext context = new InvocationContext(socket, event, reason, null, variables);
		if (handler.blocking()) {
			SerialExecutor executor = this.executors.computeIfAbsent(socket,
					(key) -> new SerialExecutor(this.blockingScheduler));
			if (event != null) {
				if (!executor.offer(() -> invoke(handler, binding, context), this.maxPendingBlockingEvents)) {
					tooManyPending(socket);
				}
				return;
			}
			executor.execute(() -> invoke(handler, binding, context));
			if (reason != null) {
				// a disconnect handler: the socket's last task on this executor
				executor.execute(() -> this.executors.remove(socket, executor));
			}
		}
		else {
			invoke(handler, binding, context);
		}
	}

	/**
	 * Disconnects a socket whose client sends events faster than its blocking handlers
	 * run, once {@link #setMaxPendingBlockingEvents} of them wait: the memory a client
	 * can make the server hold is bounded. The events waiting already still run.
	 */
	private void tooManyPending(SocketIOSocket socket) {
		if (socket.connected()) {
			logger.warn("Socket " + socket.id() + " of " + socket.namespace().name() + " has "
					+ this.maxPendingBlockingEvents
					+ " events waiting for its blocking handlers: disconnected (socketio.max-pending-blocking-events)");
			socket.disconnect();
		}
	}

	/**
	 * Forgets the executor of a socket that left, once the blocking handlers it still
	 * holds for the socket have run: the socket's blocking disconnect handlers, which
	 * come after this, then run behind them (on this executor if it is still known, or on
	 * a new one once it ran dry, which they forget in turn).
	 */
	private void forgetExecutor(SocketIOSocket socket) {
		SerialExecutor executor = this.executors.get(socket);
		if (executor != null) {
			executor.execute(() -> this.executors.remove(socket, executor));
		}
	}

	private void invoke(HandlerMethod handler, Binding binding, InvocationContext context) {
		ObservationRegistry registry = this.observations;
		SocketEvent event = context.event();
		if (event == null || registry.isNoop()) {
			invoke(handler, binding.local(), context);
			return;
		}
		Observation observation = Observation.createNotStarted(OBSERVATION, registry)
			.lowCardinalityKeyValue("namespace", binding.template().source())
			.lowCardinalityKeyValue("event", event.name())
			.start();
		Object result;
		try (Observation.Scope scope = observation.openScope()) {
			result = handler.invoke(context);
		}
		catch (Throwable ex) {
			observation.error(ex);
			observation.stop();
			handleError(ex, handler, binding.local(), context);
			return;
		}
		if (result instanceof Mono<?> mono && (handler.returnKind() == HandlerMethod.ReturnKind.MONO
				|| handler.returnKind() == HandlerMethod.ReturnKind.MONO_VOID)) {
			result = mono.doOnError(observation::error).doFinally((signal) -> observation.stop());
		}
		else {
			observation.stop();
		}
		handleResult(handler, result, binding.local(), context);
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
					answer(event, result, handler, local, context);
				}
			}
			case MONO -> {
				Mono<?> mono = asMono(result);
				mono.subscribe((value) -> {
					if (answer) {
						answer(event, value, handler, local, context);
					}
				}, (error) -> handleError(error, handler, local, context), () -> {
					if (answer) {
						event.ack();
					}
				});
			}
			case MONO_VOID -> {
				Mono<?> mono = asMono(result);
				mono.subscribe(null, (error) -> handleError(error, handler, local, context));
			}
		}
	}

	private static Mono<?> asMono(@Nullable Object result) {
		if (result instanceof Mono<?> mono) {
			return mono;
		}
		if (result instanceof CompletionStage<?> stage) {
			return Mono.fromCompletionStage(stage);
		}
		return Mono.empty();
	}

	/**
	 * Answers with a handler's result; a result that cannot be encoded is the handler's
	 * failure, which the exception handlers or the default answer take.
	 */
	private void answer(SocketEvent event, @Nullable Object result, HandlerMethod handler, ExceptionHandlers local,
			InvocationContext context) {
		try {
			event.ack(result);
		}
		catch (RuntimeException ex) {
			handleError(ex, handler, local, context);
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
				Map<String, Object> answer = new LinkedHashMap<>(4);
				answer.put("error", "validation failed");
				answer.put("violations", invalid.getViolations());
				event.ack(answer);
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

	/**
	 * The handler methods of one object on one namespace.
	 *
	 * @param template the namespace
	 * @param local the object's exception handlers
	 * @param variables the variables of each child, held as long as the child lives;
	 * {@code null} when the namespace has none
	 */
	private record Binding(NamespaceTemplate template, ExceptionHandlers local,
			@Nullable Map<Namespace, Map<String, String>> variables) {

	}

	private record Declaration(Object bean, NamespaceTemplate template) {

	}

	/**
	 * What is bound to one namespace.
	 *
	 * @param name the namespace as the first binding named it
	 * @param events the {@code @OnEvent} methods by event
	 */
	private record Bound(String name, Map<String, HandlerMethod> events) {

	}

}
