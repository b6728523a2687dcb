package io.github.socketiospringboot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Marks a bean whose {@link SocketIOExceptionHandler} methods apply to every
 * {@link SocketIOController}, after the controller's own exception handlers.
 *
 * <pre class="code">
 * &#64;SocketIOControllerAdvice
 * class SocketIOErrors {
 *
 *     &#64;SocketIOExceptionHandler
 *     Map&lt;String, Object&gt; onAccessDenied(AccessDeniedException ex) {
 *         return Map.of("error", "forbidden");
 *     }
 *
 *     &#64;SocketIOExceptionHandler
 *     Map&lt;String, Object&gt; onAnyOther(Exception ex, SocketEvent event) {
 *         log.error("Event " + event.name() + " failed", ex);
 *         return Map.of("error", "try again later");     // instead of {"error":"internal error"}
 *     }
 *
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketIOControllerAdvice {

}
