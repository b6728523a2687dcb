package io.github.socketiospringboot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean whose {@link OnConnect}, {@link OnEvent} and {@link OnDisconnect} methods
 * handle the sockets of one namespace.
 *
 * <p>
 * The namespace is static ({@code "/chat"}) or a template whose variables match one path
 * segment each ({@code "/workspace-{id}"}): the namespaces it matches are created on
 * demand, and handlers read the variables with {@link NamespaceVariable}.
 *
 * <pre class="code">
 * &#64;SocketIOController("/chat")
 * class ChatController {
 *
 *     &#64;OnEvent("message")
 *     String message(SocketIOSocket socket, &#64;Valid ChatMessage message) {
 *         socket.broadcast().emit("message", message);
 *         return "delivered";   // the acknowledgement, when the client asked for one
 *     }
 *
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketIOController {

	/**
	 * Alias for {@link #namespace()}.
	 * @return the namespace
	 */
	@AliasFor("namespace")
	String value() default "/";

	/**
	 * The namespace, static or a template with {@code {variables}}.
	 * @return the namespace
	 */
	@AliasFor("value")
	String namespace() default "/";

}
