package io.github.socketiospringboot.adapter;

import org.jspecify.annotations.Nullable;

/**
 * The namespace an adapter serves, as the adapter sees it.
 */
public interface AdapterHost {

	/**
	 * Returns the namespace name.
	 * @return the name
	 */
	String name();

	/**
	 * Finds a socket of this namespace connected to this server.
	 * @param id the socket id
	 * @return the socket, or {@code null}
	 */
	@Nullable LocalSocket localSocket(String id);

}
