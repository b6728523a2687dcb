package io.github.socketiospringboot.adapter.cluster.sharded;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.RoomEvent;
import io.github.socketiospringboot.adapter.cluster.ClusterAdapter;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import io.github.socketiospringboot.adapter.cluster.MalformedMessageException;
import io.github.socketiospringboot.adapter.cluster.PubSubTransport;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import io.github.socketiospringboot.internal.cluster.ClusterAdapterFormat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The adapter of one namespace in a cluster that speaks the ClusterAdapter protocol of
 * the official Node sharded Redis adapter ({@code createShardedAdapter}): broadcasts,
 * room changes and queries reach every server subscribed to the namespace's main channel;
 * {@code local()} operations stay on this server. As in the reference, this server
 * applies its own broadcasts, joins, leaves and disconnections to its own sockets and
 * ignores its own messages.
 *
 * <p>
 * The flows are {@link ClusterAdapter}'s; this class picks the channels (main, private,
 * and one per room in the dynamic subscription modes) and runs them on a
 * {@link PubSubTransport}.
 */
final class ShardedAdapter extends ClusterAdapter {

	private static final Log logger = LogFactory.getLog(ShardedAdapter.class);

	/** The length of the socket ids of Node servers and of this one. */
	private static final int SOCKET_ID_LENGTH = 20;

	private final PubSubTransport transport;

	private final ShardedOptions options;

	private final ShardedChannels channels;

	private final Set<String> roomChannels = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the adapter of a namespace.
	 * @param namespace the namespace
	 * @param transport the sharded bus this server's adapters share
	 * @param options the protocol settings
	 */
	public ShardedAdapter(AdapterHost namespace, PubSubTransport transport, ShardedOptions options) {
		this(namespace, transport, options, ClusterObserver.NONE);
	}

	/**
	 * Creates the adapter of a namespace whose traffic is observed.
	 * @param namespace the namespace
	 * @param transport the sharded bus this server's adapters share
	 * @param options the protocol settings
	 * @param observer observes the adapter's traffic
	 */
	public ShardedAdapter(AdapterHost namespace, PubSubTransport transport, ShardedOptions options,
			ClusterObserver observer) {
		super(namespace, options.requestTimeout(), observer);
		this.transport = transport;
		this.options = options;
		this.channels = new ShardedChannels(options.prefix(), namespace.name());
		if (options.subscriptionMode() != SubscriptionMode.STATIC) {
			addRoomListener(this::onRoomEvent);
		}
	}

	@Override
	public Mono<Void> init() {
		List<Mono<Void>> subscriptions = new ArrayList<>();
		subscriptions.add(this.transport.subscribe(this.channels.main(), this::onMessage));
		subscriptions.add(this.transport.subscribe(this.channels.privateChannel(uid()), this::onMessage));
		for (String room : rooms().keySet()) {
			if (hasOwnChannel(room) && this.roomChannels.add(room)) {
				subscriptions.add(this.transport.subscribe(this.channels.room(room), this::onMessage));
			}
		}
		return Mono.when(subscriptions);
	}

	@Override
	public Mono<Void> close() {
		Mono<Void> closed = super.close();
		List<Mono<Void>> unsubscriptions = new ArrayList<>();
		unsubscriptions.add(this.transport.unsubscribe(this.channels.main()));
		unsubscriptions.add(this.transport.unsubscribe(this.channels.privateChannel(uid())));
		for (String room : List.copyOf(this.roomChannels)) {
			this.roomChannels.remove(room);
			unsubscriptions.add(this.transport.unsubscribe(this.channels.room(room)));
		}
		return closed.then(Mono.when(unsubscriptions).onErrorResume((error) -> Mono.empty()));
	}

	private void onRoomEvent(RoomEvent event) {
		if (isClosed()) {
			return;
		}
		String room = event.room();
		if (event.type() == RoomEvent.Type.CREATE_ROOM && hasOwnChannel(room) && this.roomChannels.add(room)) {
			subscription(this.transport.subscribe(this.channels.room(room), this::onMessage), room);
		}
		else if (event.type() == RoomEvent.Type.DELETE_ROOM && this.roomChannels.remove(room)) {
			subscription(this.transport.unsubscribe(this.channels.room(room)), room);
		}
	}

	private void subscription(Mono<Void> command, String room) {
		command.subscribe(null, (error) -> logger
			.debug("Subscription change of room " + room + " in " + namespace().name() + " failed: " + error));
	}

	/** Whether this server listens on the room's own channel (called on creation). */
	private boolean hasOwnChannel(String room) {
		boolean socketRoom = !socketRooms(room).isEmpty();
		return switch (this.options.subscriptionMode()) {
			case STATIC -> false;
			case DYNAMIC -> !socketRoom;
			case DYNAMIC_PRIVATE -> true;
		};
	}

	// ---- the transport

	@Override
	protected Mono<String> doPublish(ClusterMessage message) {
		byte[] payload = ClusterAdapterFormat.encode(message);
		return this.transport.publish(channel(message), payload).then(Mono.empty());
	}

	/**
	 * The channel of a message, as the Node adapter picks it: a broadcast without
	 * acknowledgements to exactly one room may go on the room's channel, everything else
	 * on the main one.
	 */
	private String channel(ClusterMessage message) {
		if (!(message instanceof ClusterMessage.Broadcast broadcast) || broadcast.requestId() != null
				|| broadcast.options().rooms().size() != 1) {
			return this.channels.main();
		}
		String room = broadcast.options().rooms().iterator().next();
		return switch (this.options.subscriptionMode()) {
			case STATIC -> this.channels.main();
			case DYNAMIC -> (room.length() == SOCKET_ID_LENGTH) ? this.channels.main() : this.channels.room(room);
			case DYNAMIC_PRIVATE -> this.channels.room(room);
		};
	}

	@Override
	protected Mono<Void> doPublishResponse(@Nullable String requesterUid, ClusterMessage.Response response) {
		if (requesterUid == null) {
			return Mono.empty();
		}
		return this.transport.publish(this.channels.privateChannel(requesterUid),
				ClusterAdapterFormat.encode(response));
	}

	@Override
	protected Mono<Integer> countServers() {
		return this.transport.subscriberCount(this.channels.main());
	}

	private void onMessage(String channel, byte[] payload) {
		if (isClosed()) {
			return;
		}
		try {
			ClusterMessage read = ClusterAdapterFormat.readEnvelope(payload, uid(), namespace().name());
			if (read != null) {
				onMessage(read, null);
			}
		}
		catch (MalformedMessageException ex) {
			dropped(channel, ex);
		}
	}

}
