package io.github.socketiospringboot.adapter;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;

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

	/**
	 * Delivers a broadcast to sockets of this namespace connected to this server: the one
	 * way an adapter writes to them. The host writes the message's one encoding to every
	 * recipient, each on the thread that serves its connection, and keeps the encoding
	 * alive until the last of them has been written; the adapter only says who receives
	 * it. Recipients whose connection is gone are skipped, and so are, for a volatile
	 * broadcast, those that cannot take the message right now. Deliveries to one socket
	 * stay in the order they were made, whatever thread makes them.
	 * @param message the message; the caller keeps its own hold and releases it as usual
	 * once this returns
	 * @param flags the broadcast's flags
	 * @param recipients walks the recipients, once, before this returns
	 */
	void deliver(BroadcastMessage message, BroadcastFlags flags, Recipients recipients);

	/**
	 * Returns the mapper of the server, which converts arguments to and from JSON trees.
	 * @return the mapper
	 */
	ObjectMapper mapper();

	/**
	 * Makes a message of this namespace, for a broadcast another server asked for: the
	 * server encodes it once, on first use, with its own mapper. The caller holds it once
	 * and releases it when done, as with the messages its namespace hands it.
	 * @param event the event name
	 * @param args the arguments
	 * @return the message
	 */
	BroadcastMessage newMessage(String event, @Nullable Object[] args);

	/**
	 * Allocates an acknowledgement id of this namespace, for a broadcast with
	 * acknowledgements another server asked for.
	 * @return the id
	 */
	long nextAckId();

	/**
	 * Delivers an event another server sent with {@code serverSideEmit}.
	 * @param packet the event name followed by its arguments
	 * @param ack receives this server's answer when the sender asked for one, else
	 * {@code null}
	 */
	void onServerSideEmit(ArrayNode packet, @Nullable Consumer<@Nullable Object> ack);

	/**
	 * Returns the settings of connection state recovery of the namespace's server.
	 * @return the settings; {@link ConnectionStateRecovery#DISABLED} unless overridden
	 */
	default ConnectionStateRecovery connectionStateRecovery() {
		return ConnectionStateRecovery.DISABLED;
	}

	/**
	 * Runs a task once after a delay: the one timer of everything the adapter times
	 * (requests to the other servers, acknowledgements awaited for them). A server hands
	 * its adapters its own timer, where a task still waiting when the server closes runs
	 * then, early (each is the deadline of something a caller waits for); this default
	 * uses Reactor's parallel scheduler.
	 * @param task the task, which must not block
	 * @param delay the delay
	 * @return a handle that cancels the task
	 */
	default Disposable schedule(Runnable task, Duration delay) {
		return Schedulers.parallel().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

}
