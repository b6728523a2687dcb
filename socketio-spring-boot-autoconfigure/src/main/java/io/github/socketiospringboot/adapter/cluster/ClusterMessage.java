package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.adapter.SocketDetails;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * What the servers of a cluster tell each other about one namespace: the messages of the
 * reference's {@code ClusterAdapter} ({@code ClusterMessage} and {@code ClusterResponse}
 * of {@code socket.io-adapter}), plus the all-rooms request of the classic Redis
 * protocol. A {@link ClusterAdapter} hands them to its transport to publish, and its
 * transport hands it those the other servers published; how they look on the wire is the
 * transport's business.
 *
 * <p>
 * The JSON trees in a message are shared, not copied: neither side changes them.
 */
public sealed interface ClusterMessage {

	/**
	 * Returns the id of the server that sent the message.
	 * @return the sender's {@link ClusterAdapter#uid()}, or {@code null} when the sender
	 * did not say (some messages of the classic protocol)
	 */
	@Nullable String uid();

	/**
	 * Returns the namespace the message is about.
	 * @return the namespace name
	 */
	String namespace();

	/**
	 * An answer to a request, which goes back to the requesting server only.
	 */
	sealed interface Response extends ClusterMessage {

		/**
		 * Returns the id of the request this answers.
		 * @return the request id
		 */
		String requestId();

	}

	/**
	 * A broadcast ({@code BROADCAST}); with a request id, every recipient answers and
	 * each server reports its number of recipients.
	 *
	 * @param uid the sender
	 * @param namespace the namespace
	 * @param data the event name followed by its arguments
	 * @param options the targets and flags
	 * @param requestId the id the answers refer to, or {@code null} for a broadcast
	 * without acknowledgements
	 * @param ackTimeout how long the sender waits for the answers, or {@code null}
	 */
	record Broadcast(@Nullable String uid, String namespace, ArrayNode data, BroadcastOptions options,
			@Nullable String requestId, @Nullable Duration ackTimeout) implements ClusterMessage {
	}

	/**
	 * The targeted sockets join rooms ({@code SOCKETS_JOIN}).
	 *
	 * @param uid the sender
	 * @param namespace the namespace
	 * @param options the targets
	 * @param rooms the rooms to join
	 */
	record SocketsJoin(@Nullable String uid, String namespace, BroadcastOptions options,
			Set<String> rooms) implements ClusterMessage {
	}

	/**
	 * The targeted sockets leave rooms ({@code SOCKETS_LEAVE}).
	 *
	 * @param uid the sender
	 * @param namespace the namespace
	 * @param options the targets
	 * @param rooms the rooms to leave
	 */
	record SocketsLeave(@Nullable String uid, String namespace, BroadcastOptions options,
			Set<String> rooms) implements ClusterMessage {
	}

	/**
	 * The targeted sockets are disconnected ({@code DISCONNECT_SOCKETS}).
	 *
	 * @param uid the sender
	 * @param namespace the namespace
	 * @param options the targets
	 * @param close whether their connections close too
	 */
	record DisconnectSockets(@Nullable String uid, String namespace, BroadcastOptions options,
			boolean close) implements ClusterMessage {
	}

	/**
	 * Asks every server for its sockets that the options target ({@code FETCH_SOCKETS}).
	 *
	 * @param uid the sender
	 * @param namespace the namespace
	 * @param requestId the request id
	 * @param options the targets
	 */
	record FetchSockets(@Nullable String uid, String namespace, String requestId,
			BroadcastOptions options) implements ClusterMessage {
	}

	/**
	 * An event for the server-side handlers of the other servers
	 * ({@code SERVER_SIDE_EMIT}); with a request id, each server answers once.
	 *
	 * @param uid the sender
	 * @param namespace the namespace
	 * @param requestId the request id, or {@code null} when no answer is expected
	 * @param data the event name followed by its arguments
	 */
	record ServerSideEmit(@Nullable String uid, String namespace, @Nullable String requestId,
			ArrayNode data) implements ClusterMessage {
	}

	/**
	 * Asks every server for its rooms (the classic protocol's {@code ALL_ROOMS}; the
	 * ClusterAdapter protocol has no such request).
	 *
	 * @param uid the sender
	 * @param namespace the namespace
	 * @param requestId the request id
	 */
	record AllRooms(@Nullable String uid, String namespace, String requestId) implements ClusterMessage {
	}

	/**
	 * One server's sockets, the answer to {@link FetchSockets}
	 * ({@code FETCH_SOCKETS_RESPONSE}).
	 *
	 * @param uid the answering server
	 * @param namespace the namespace
	 * @param requestId the request id
	 * @param sockets the sockets, each with its id, rooms, handshake and data (and, as
	 * received, the id of its server)
	 */
	record FetchSocketsResponse(@Nullable String uid, String namespace, String requestId,
			List<SocketDetails> sockets) implements Response {

		/**
		 * Freezes the list.
		 */
		public FetchSocketsResponse {
			sockets = List.copyOf(sockets);
		}

	}

	/**
	 * One server's answer to a {@link ServerSideEmit}
	 * ({@code SERVER_SIDE_EMIT_RESPONSE}).
	 *
	 * @param uid the answering server
	 * @param namespace the namespace
	 * @param requestId the request id
	 * @param answer the answer (a null node when the handler answered nothing)
	 */
	record ServerSideEmitResponse(@Nullable String uid, String namespace, String requestId,
			JsonNode answer) implements Response {
	}

	/**
	 * One server's number of recipients of a {@link Broadcast} with acknowledgements
	 * ({@code BROADCAST_CLIENT_COUNT}).
	 *
	 * @param uid the answering server
	 * @param namespace the namespace
	 * @param requestId the request id
	 * @param clientCount the number of clients that will answer
	 */
	record BroadcastClientCount(@Nullable String uid, String namespace, String requestId,
			int clientCount) implements Response {
	}

	/**
	 * One client's answer to a {@link Broadcast} with acknowledgements
	 * ({@code BROADCAST_ACK}); only the first argument of the answer crosses servers.
	 *
	 * @param uid the answering server
	 * @param namespace the namespace
	 * @param requestId the request id
	 * @param answer the first argument of the client's answer, or {@code null} when it
	 * answered without arguments
	 * @param socketId the client that answered, or {@code null} when the server did not
	 * say (Node servers do not)
	 */
	record BroadcastAck(@Nullable String uid, String namespace, String requestId, @Nullable JsonNode answer,
			@Nullable String socketId) implements Response {
	}

	/**
	 * One server's rooms, the answer to {@link AllRooms}.
	 *
	 * @param uid the answering server, or {@code null} when it did not say
	 * @param namespace the namespace
	 * @param requestId the request id
	 * @param rooms the rooms of that server
	 */
	record AllRoomsResponse(@Nullable String uid, String namespace, String requestId,
			Set<String> rooms) implements Response {
	}

}
