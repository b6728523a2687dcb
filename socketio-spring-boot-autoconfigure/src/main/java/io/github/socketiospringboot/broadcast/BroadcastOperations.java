package io.github.socketiospringboot.broadcast;

import java.util.regex.Pattern;

/**
 * Broadcasting for application services (REST controllers, scheduled jobs, message
 * listeners): the same fluent operations as the server, starting from the main namespace
 * or any other.
 *
 * <pre class="code">
 * template.emit("announcement", text);                                  // every client of "/"
 * template.namespace("/chat").to("room1").except("muted").emit("message", message);
 * template.namespace(Pattern.compile("^/workspace-\\d+$")).emit("notice", text); // every workspace
 * template.namespace("/polls").timeout(Duration.ofSeconds(10))
 *     .emitWithAck("vote", question)                                    // Mono&lt;List&lt;Ack&gt;&gt;
 *     .map((acks) -&gt; tally(acks));
 * </pre>
 *
 * <p>
 * As a {@link BroadcastOperator}, it targets every socket of the main namespace.
 */
public interface BroadcastOperations extends BroadcastOperator {

	/**
	 * Targets every socket of a namespace, created on first use as
	 * {@link io.github.socketiospringboot.server.SocketIOServer#of(String)} does (a name
	 * that the expression of a dynamic namespace matches becomes its child).
	 * @param namespace the namespace name
	 * @return the broadcast operator
	 */
	BroadcastOperator namespace(String namespace);

	/**
	 * Targets every socket of the children, on this server, of the dynamic namespace of a
	 * regular expression: the parent {@code io.of(pattern)} returns, which an annotated
	 * controller whose namespace template comes down to the same expression serves too.
	 * Like {@code io.of(pattern)}, the first call creates the parent: clients may then
	 * join the names it matches.
	 * @param pattern the expression of the parent namespace
	 * @return the broadcast operator
	 * @see io.github.socketiospringboot.server.SocketIOServer#of(Pattern)
	 */
	BroadcastOperator namespace(Pattern pattern);

}
