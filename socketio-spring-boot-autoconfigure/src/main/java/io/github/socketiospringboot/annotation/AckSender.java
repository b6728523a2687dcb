package io.github.socketiospringboot.annotation;

/**
 * Answers a client's acknowledgement request explicitly, from a handler that declares it
 * as a parameter (its return value then answers nothing).
 */
@FunctionalInterface
public interface AckSender {

	/**
	 * Sends the acknowledgement, once; later calls, and calls when the client asked for
	 * none, do nothing.
	 * @param args the answer's arguments
	 * @return whether this call sent it
	 */
	boolean send(Object... args);

}
