package io.github.socketiospringboot.adapter;

import java.util.function.Consumer;

/**
 * The recipients on this server of one broadcast, as an adapter hands them to
 * {@link AdapterHost#deliver}: a walk over the adapter's own structures (its rooms, a
 * list) that the host runs once.
 *
 * <pre class="code">
 * namespace.deliver(message, options.flags(), (recipient) -&gt; {
 *     for (String id : membersOf(options)) {
 *         LocalSocket socket = namespace.localSocket(id);
 *         if (socket != null) {
 *             recipient.accept(socket);
 *         }
 *     }
 * });
 * </pre>
 */
@FunctionalInterface
public interface Recipients {

	/**
	 * Hands each recipient to the host, once, on the calling thread and before returning.
	 * @param recipient takes one socket of the host ({@link AdapterHost#localSocket})
	 */
	void forEach(Consumer<LocalSocket> recipient);

}
