package io.github.socketiospringboot.adapter;

/**
 * Creates the adapter of each namespace.
 */
@FunctionalInterface
public interface AdapterFactory {

	/** Creates {@link InMemoryAdapter}s. */
	AdapterFactory IN_MEMORY = InMemoryAdapter::new;

	/**
	 * Creates the adapter of a namespace.
	 * @param namespace the namespace
	 * @return its adapter
	 */
	Adapter create(AdapterHost namespace);

}
