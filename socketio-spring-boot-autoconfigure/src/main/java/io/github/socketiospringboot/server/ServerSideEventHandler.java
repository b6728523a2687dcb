package io.github.socketiospringboot.server;

/**
 * Handles the events other servers of the cluster send with {@code serverSideEmit}.
 * Called on an I/O thread of the adapter; must not block.
 *
 * <pre class="code">
 * io.of("/").onServerSideEmit("refresh-cache", (event) -&gt; {
 *     cache.evict(event.args().get(0, String.class));
 *     event.ack("done");
 * });
 * </pre>
 */
@FunctionalInterface
public interface ServerSideEventHandler {

	/**
	 * Handles one event.
	 * @param event the event
	 */
	void onServerSideEvent(ServerSideEvent event);

}
