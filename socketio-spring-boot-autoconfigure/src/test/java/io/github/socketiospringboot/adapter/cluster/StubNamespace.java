package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.socketiospringboot.adapter.Adapter;
import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.BroadcastFlags;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.LocalSocket;
import io.github.socketiospringboot.adapter.Recipients;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A namespace without a server, for tests of the adapters: sockets that record what they
 * are sent, and server-side events recorded and answered as the test says.
 */
public final class StubNamespace implements AdapterHost {

	private static final JsonMapper mapper = JsonMapper.shared();

	private final String name;

	private final Adapter adapter;

	private final Map<String, StubSocket> sockets = new ConcurrentHashMap<>();

	private final AtomicLong ackIds = new AtomicLong();

	private final List<ArrayNode> serverSideEvents = new CopyOnWriteArrayList<>();

	private volatile Function<ArrayNode, @Nullable Object> serverSideAnswer = (event) -> null;

	private final List<Duration> scheduled = new CopyOnWriteArrayList<>();

	/**
	 * Creates a namespace and its adapter, and starts the adapter.
	 * @param name the name
	 * @param factory creates the adapter
	 */
	public StubNamespace(String name, AdapterFactory factory) {
		this.name = name;
		this.adapter = factory.create(this);
		this.adapter.init().block(java.time.Duration.ofSeconds(5));
	}

	/**
	 * Returns the adapter.
	 * @param <A> its type
	 * @return the adapter
	 */
	@SuppressWarnings("unchecked")
	public <A extends Adapter> A adapter() {
		return (A) this.adapter;
	}

	/**
	 * Connects a socket and makes it join rooms (and its own).
	 * @param id its id
	 * @param rooms the rooms
	 * @return the socket
	 */
	public StubSocket connect(String id, String... rooms) {
		StubSocket socket = new StubSocket(id);
		this.sockets.put(id, socket);
		Set<String> all = new LinkedHashSet<>();
		all.add(id);
		all.addAll(Arrays.asList(rooms));
		this.adapter.addAll(id, all);
		return socket;
	}

	/**
	 * Sets the answer of this server to the server-side events that ask for one.
	 * @param answer computes the answer from the event
	 */
	public void answerServerSideEvents(Function<ArrayNode, @Nullable Object> answer) {
		this.serverSideAnswer = answer;
	}

	/**
	 * Returns the server-side events received.
	 * @return the events, each {@code [name, args...]}
	 */
	public List<ArrayNode> serverSideEvents() {
		return List.copyOf(this.serverSideEvents);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public @Nullable LocalSocket localSocket(String id) {
		return this.sockets.get(id);
	}

	/**
	 * Records the broadcast on each recipient, on the calling thread.
	 */
	@Override
	public void deliver(BroadcastMessage message, BroadcastFlags flags, Recipients recipients) {
		recipients.forEach((recipient) -> ((StubSocket) recipient).receive(message));
	}

	@Override
	public ObjectMapper mapper() {
		return mapper;
	}

	@Override
	public BroadcastMessage newMessage(String event, @Nullable Object[] args) {
		return new StubMessage(this.name, event, args);
	}

	@Override
	public long nextAckId() {
		return this.ackIds.getAndIncrement();
	}

	/**
	 * Returns the delays of the tasks the adapter scheduled on this namespace's timer.
	 * @return the delays, in order
	 */
	public List<Duration> scheduled() {
		return List.copyOf(this.scheduled);
	}

	@Override
	public Disposable schedule(Runnable task, Duration delay) {
		this.scheduled.add(delay);
		return AdapterHost.super.schedule(task, delay);
	}

	@Override
	public void onServerSideEmit(ArrayNode packet, @Nullable Consumer<@Nullable Object> ack) {
		this.serverSideEvents.add(packet);
		if (ack != null) {
			ack.accept(this.serverSideAnswer.apply(packet));
		}
	}

	/**
	 * A socket that records what it is sent.
	 */
	public final class StubSocket implements LocalSocket {

		private final String id;

		private final List<JsonNode> received = new CopyOnWriteArrayList<>();

		private final Map<Long, Consumer<JsonNode>> acks = new ConcurrentHashMap<>();

		private final List<Boolean> disconnections = new CopyOnWriteArrayList<>();

		private volatile JsonNode handshake = mapper.createObjectNode();

		private volatile JsonNode data = mapper.createObjectNode();

		StubSocket(String id) {
			this.id = id;
		}

		/**
		 * Sets what {@link #handshakeJson()} and {@link #dataJson()} answer.
		 * @param handshake the handshake
		 * @param data the data
		 * @return this socket
		 */
		public StubSocket describedAs(JsonNode handshake, JsonNode data) {
			this.handshake = handshake;
			this.data = data;
			return this;
		}

		/**
		 * Returns the events delivered, each {@code [event, args...]}.
		 * @return the events
		 */
		public List<JsonNode> received() {
			return List.copyOf(this.received);
		}

		/**
		 * Returns the ids of the acknowledgements awaited from this socket.
		 * @return the ids
		 */
		public Set<Long> awaitedAcks() {
			return Set.copyOf(this.acks.keySet());
		}

		/**
		 * Answers every awaited acknowledgement.
		 * @param args the answer's arguments
		 */
		public void answer(Object... args) {
			ArrayNode array = mapper.valueToTree(Arrays.asList(args));
			for (Long ackId : new ArrayList<>(this.acks.keySet())) {
				Consumer<JsonNode> callback = this.acks.remove(ackId);
				if (callback != null) {
					callback.accept(array);
				}
			}
		}

		/**
		 * Returns the disconnections, each telling whether the connection was closed.
		 * @return the disconnections
		 */
		public List<Boolean> disconnections() {
			return List.copyOf(this.disconnections);
		}

		/**
		 * Returns the rooms of this socket.
		 * @return the rooms
		 */
		public Set<String> rooms() {
			return StubNamespace.this.adapter.socketRooms(this.id);
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public JsonNode handshakeJson() {
			return this.handshake;
		}

		@Override
		public JsonNode dataJson() {
			return this.data;
		}

		void receive(BroadcastMessage message) {
			ArrayNode event = mapper.createArrayNode();
			event.add(message.event());
			for (Object arg : message.args()) {
				event.add((arg instanceof JsonNode node) ? node : mapper.<JsonNode>valueToTree(arg));
			}
			this.received.add(event);
		}

		@Override
		public void expectAck(long ackId, Consumer<JsonNode> callback) {
			this.acks.put(ackId, callback);
		}

		@Override
		public void cancelAck(long ackId) {
			this.acks.remove(ackId);
		}

		@Override
		public void join(Set<String> rooms) {
			StubNamespace.this.adapter.addAll(this.id, rooms);
		}

		@Override
		public void leave(String room) {
			StubNamespace.this.adapter.del(this.id, room);
		}

		@Override
		public void disconnect(boolean close) {
			this.disconnections.add(close);
			StubNamespace.this.adapter.delAll(this.id);
			StubNamespace.this.sockets.remove(this.id);
		}

		@Override
		public String toString() {
			return "StubSocket[" + this.id + "]";
		}

	}

	/**
	 * Builds a JSON object from alternating names and values, for expected payloads.
	 * @param pairs names and values
	 * @return the object
	 */
	public static ObjectNode object(Object... pairs) {
		ObjectNode object = mapper.createObjectNode();
		for (int i = 0; i < pairs.length; i += 2) {
			object.set((String) pairs[i], mapper.valueToTree(pairs[i + 1]));
		}
		return object;
	}

	/**
	 * A message of the stub: its recipients read its event and arguments, nothing encodes
	 * it.
	 */
	private static final class StubMessage extends BroadcastMessage {

		StubMessage(String namespace, String event, @Nullable Object[] args) {
			super(namespace, event, args);
		}

		@Override
		protected boolean isEncoded() {
			return false;
		}

		@Override
		protected void releaseEncoding() {
		}

	}

}
