package io.github.socketiospringboot.tests.app;

import io.github.socketiospringboot.annotation.OnEvent;

/**
 * Handlers declared once for any payload type, bound by the controllers that extend it.
 *
 * @param <T> the payload type
 */
public abstract class GenericCrud<T> {

	@OnEvent("save")
	String save(T value) {
		return value.getClass().getSimpleName();
	}

}
