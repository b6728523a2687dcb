package io.github.socketiospringboot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method called for each socket that joined the controller's namespace, after the
 * client was told it is connected. Its arguments may be the socket, the handshake, the
 * auth payload ({@link Auth}), the principal, namespace variables, and what the
 * application's {@link SocketIOArgumentResolver} beans resolve.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {

	/**
	 * Whether the method blocks: it then runs on a worker thread, in order with the
	 * socket's other blocking handlers, instead of on the I/O thread.
	 * @return whether the method blocks
	 */
	boolean blocking() default false;

}
