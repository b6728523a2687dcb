package io.github.socketiospringboot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter to a variable of the controller's namespace template, such as
 * {@code id} in {@code "/workspace-{id}"} or {@code "/workspace-{id:\\d+}"}, converted to
 * the parameter's type; or, for handlers bound to a parent created from a regular
 * expression, to a named group of that expression ({@code (?<id>\\d+)}).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NamespaceVariable {

	/**
	 * The variable name; by default the parameter's name.
	 * @return the variable name
	 */
	String value() default "";

}
