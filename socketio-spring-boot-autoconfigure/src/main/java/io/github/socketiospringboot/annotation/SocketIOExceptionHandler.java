package io.github.socketiospringboot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles the exceptions of handler methods: in a
 * {@link SocketIOController} for that controller's handlers, in a
 * {@link SocketIOControllerAdvice} for every controller. The closest match in the
 * controller wins, then the closest in the advice beans; when nothing matches the
 * exception, its causes are tried, and an exception parameter then receives the cause
 * that matched. Its return value answers the client's acknowledgement request, as a
 * handler's would. It takes the parameters of an {@link OnEvent} method but the event's
 * arguments.
 *
 * <pre class="code">
 * &#64;SocketIOExceptionHandler
 * Map&lt;String, String&gt; onNotFound(NoSuchElementException ex) {
 *     return Map.of("error", "not found");
 * }
 * </pre>
 *
 * <p>
 * Without a handler for it:
 * <ul>
 * <li>a {@link PayloadValidationException} (an argument the mapper cannot convert, or a
 * {@code @Valid} one breaking its constraints) is the client's mistake: its
 * acknowledgement request is answered with {@code {"error":"validation failed",
 * "violations":[...]}}, and the server logs it at DEBUG (at WARN, without stack trace,
 * when the client asked for no acknowledgement);</li>
 * <li>any other exception is a server bug: it is logged once at ERROR with its stack
 * trace, and the acknowledgement request is answered with {@code {"error":"internal
 * error"}} ({@code SocketEvent.INTERNAL_ERROR}), which tells the client nothing of the
 * exception. A handler for {@code Exception} in an advice replaces this answer (and the
 * first one too, unless a handler of {@code PayloadValidationException} is closer).</li>
 * </ul>
 * An exception that an exception handler throws, or its {@code Mono} signals, is not
 * handled again: it gets the second default, logged with the exception being handled as a
 * suppressed one.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SocketIOExceptionHandler {

	/**
	 * The exceptions handled; by default those of the method's exception parameter.
	 * @return the exception types
	 */
	Class<? extends Throwable>[] value() default {};

}
