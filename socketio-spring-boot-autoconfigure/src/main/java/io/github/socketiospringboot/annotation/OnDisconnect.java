package io.github.socketiospringboot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method called when a socket of the controller's namespace has left it; a
 * {@code DisconnectReason} parameter receives the reason.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnect {

	/**
	 * Whether the method blocks: it then runs on a worker thread instead of on the I/O
	 * thread.
	 * @return whether the method blocks
	 */
	boolean blocking() default false;

}
