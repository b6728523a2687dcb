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
 * controller wins, then the closest in the advice beans. Its return value answers the
 * client's acknowledgement request, as a handler's would.
 *
 * <pre class="code">
 * &#64;SocketIOExceptionHandler
 * Map&lt;String, String&gt; onNotFound(NoSuchElementException ex) {
 *     return Map.of("error", "not found");
 * }
 * </pre>
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
