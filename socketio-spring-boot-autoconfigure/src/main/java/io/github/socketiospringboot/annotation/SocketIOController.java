package io.github.socketiospringboot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean whose {@link OnConnect}, {@link OnEvent}, {@link OnDisconnect} and
 * {@link SocketIOExceptionHandler} methods handle the sockets of one namespace or of
 * several.
 *
 * <p>
 * Each namespace is static ({@code "/chat"}) or a template whose variables match one
 * segment each ({@code "/workspace-{id}"}) or what a regular expression matches
 * ({@code "/workspace-{id:\\d+}"}): the namespaces a template matches are created on
 * demand, as children of a dynamic namespace, and handlers read the variables with
 * {@link NamespaceVariable}.
 *
 * <p>
 * A controller serves the namespaces that code creates with the same name, whatever the
 * order: a static namespace is {@code io.of("/chat")}, and a template stands for the
 * regular expression {@code ^}, its text (metacharacters escaped), each variable's
 * constraint ({@code [^/]+} by default), {@code $}, so that
 * {@code "/workspace-{id:\\d+}"} serves the parent
 * {@code io.of(Pattern.compile("^/workspace-\\d+$"))} returns, with the middlewares code
 * registered on it; broadcasting to that parent reaches every workspace. To bind handler
 * methods to a namespace no template can name (a parent created with a
 * {@link io.github.socketiospringboot.server.NamespaceMatcher}, or with flags), see
 * {@link io.github.socketiospringboot.internal.annotation.SocketIOControllerRegistrar#registerHandler}.
 *
 * <pre class="code">
 * &#64;SocketIOController({ "/", "/chat" })
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
	 * @return the namespaces
	 */
	@AliasFor("namespace")
	String[] value() default "/";

	/**
	 * The namespaces, each static or a template with {@code {variables}}; a handler
	 * method's {@link NamespaceVariable} must be a variable of every one of them.
	 * @return the namespaces
	 */
	@AliasFor("value")
	String[] namespace() default "/";

}
