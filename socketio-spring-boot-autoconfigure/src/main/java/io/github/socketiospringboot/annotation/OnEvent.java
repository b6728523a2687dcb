package io.github.socketiospringboot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles one event of the controller's namespace.
 *
 * <p>
 * Parameters without annotation and of no special type receive the event's arguments in
 * order, converted by the application's JSON mapper (records, POJOs, collections,
 * primitives, {@code JsonNode}, {@code byte[]} for binary); {@code @Valid} ones are
 * validated. Special types: {@code SocketIOSocket}, {@code SocketEvent}, {@code Args},
 * {@link AckSender}, {@code Handshake}, {@code Principal}, {@code Namespace},
 * {@code SocketIOServer}; annotated: {@link Auth}, {@link NamespaceVariable}; and what
 * the application's {@link SocketIOArgumentResolver} beans resolve, which takes no event
 * argument.
 *
 * <p>
 * The return value answers the client's acknowledgement request: a value, or a
 * {@code Mono} completing with one; {@code void} and {@code Mono<Void>} answer nothing.
 * An exception, thrown or signalled by the {@code Mono}, goes to the
 * {@link SocketIOExceptionHandler} methods; an argument that cannot be converted to its
 * parameter's type raises a {@link PayloadValidationException}. What happens when no
 * exception handler takes it is told there.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnEvent {

	/**
	 * The event name.
	 * @return the event name
	 */
	String value();

	/**
	 * Whether the method blocks: it then runs on a worker thread, in order with the
	 * socket's other blocking handlers, instead of on the I/O thread.
	 * @return whether the method blocks
	 */
	boolean blocking() default false;

}
