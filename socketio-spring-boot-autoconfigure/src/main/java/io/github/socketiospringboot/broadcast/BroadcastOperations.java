package io.github.socketiospringboot.broadcast;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.BroadcastOperator;
import io.github.socketiospringboot.broadcast.Emitter;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import reactor.core.publisher.Mono;

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
 */
public interface BroadcastOperations extends Emitter<List<Ack>> {

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

	/**
	 * Sends an event to every client of the main namespace.
	 * @param event the event name
	 * @param args the arguments
	 */
	@Override
	void emit(String event, Object... args);

	/**
	 * Sends an event to every client of the main namespace and collects one answer each,
	 * with the default timeout.
	 * @param event the event name
	 * @param args the arguments
	 * @return the answers
	 */
	@Override
	Mono<List<Ack>> emitWithAck(String event, Object... args);

	/**
	 * Targets rooms of the main namespace.
	 * @param rooms the rooms
	 * @return the broadcast operator
	 */
	BroadcastOperator to(String... rooms);

	/**
	 * Same as {@link #to(String...)}.
	 * @param rooms the rooms
	 * @return the broadcast operator
	 */
	BroadcastOperator in(String... rooms);

	/**
	 * Targets every client of the main namespace but the members of rooms.
	 * @param rooms the rooms left out
	 * @return the broadcast operator
	 */
	BroadcastOperator except(String... rooms);

	/**
	 * Targets this server's clients of the main namespace only.
	 * @return the broadcast operator
	 */
	BroadcastOperator local();

	/**
	 * Targets the main namespace with volatile packets.
	 * @return the broadcast operator
	 */
	@Override
	BroadcastOperator asVolatile();

	/**
	 * Targets the main namespace with a compression hint. Accepted for compatibility, but
	 * it has no effect: this server compresses nothing yet.
	 * @param compress whether packets may be compressed
	 * @return the broadcast operator
	 */
	@Override
	BroadcastOperator compress(boolean compress);

	/**
	 * Targets the main namespace with an acknowledgement timeout.
	 * @param timeout the timeout
	 * @return the broadcast operator
	 */
	@Override
	BroadcastOperator timeout(Duration timeout);

	/**
	 * Finds every socket of the main namespace.
	 * @return the sockets
	 */
	Mono<List<RemoteSocket>> fetchSockets();

	/**
	 * Makes every socket of the main namespace join rooms.
	 * @param rooms the rooms
	 */
	void socketsJoin(String... rooms);

	/**
	 * Makes every socket of the main namespace leave rooms.
	 * @param rooms the rooms
	 */
	void socketsLeave(String... rooms);

	/**
	 * Disconnects every socket of the main namespace.
	 * @param close whether their connections close too
	 */
	void disconnectSockets(boolean close);

}
