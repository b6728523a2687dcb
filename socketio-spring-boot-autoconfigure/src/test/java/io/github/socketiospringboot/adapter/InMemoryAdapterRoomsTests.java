package io.github.socketiospringboot.adapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rooms of the in-memory adapter hold their members' sockets, resolved when they
 * join: broadcasts reach each member once, members whose socket was not found when they
 * joined are looked up, a socket that joins again under the same id (a recovered session)
 * takes its place, and leaving or disconnecting takes it out. Each test runs with a small
 * room (immutable arrays) and with one past {@link RoomMembers#LIMIT} (a concurrent map).
 */
class InMemoryAdapterRoomsTests {

	private final Host host = new Host();

	private final InMemoryAdapter adapter = new InMemoryAdapter(this.host);

	@ParameterizedTest
	@ValueSource(ints = { 3, 10, RoomMembers.LIMIT, RoomMembers.LIMIT + 5 })
	void aBroadcastReachesEveryMemberOfItsRoomsOnceButTheExcepted(int size) {
		List<Socket> members = connect("m", size, "room");
		Socket other = this.host.connect("other", "other-room");
		Socket both = this.host.connect("both", "room", "other-room");
		broadcast(Set.of("room"), Set.of());
		assertThat(members).allSatisfy((member) -> assertThat(member.received).isEqualTo(1));
		assertThat(both.received).isEqualTo(1);
		assertThat(other.received).isZero();
		// several rooms: a socket in two of them gets the broadcast once
		broadcast(new LinkedHashSet<>(List.of("room", "other-room")), Set.of());
		assertThat(members).allSatisfy((member) -> assertThat(member.received).isEqualTo(2));
		assertThat(both.received).isEqualTo(2);
		assertThat(other.received).isEqualTo(1);
		// a socket's own room left out, as socket.to(room) does
		broadcast(Set.of("room"), Set.of("both"));
		assertThat(members).allSatisfy((member) -> assertThat(member.received).isEqualTo(3));
		assertThat(both.received).isEqualTo(2);
		// a whole room left out
		broadcast(Set.of("other-room"), Set.of("room"));
		assertThat(other.received).isEqualTo(2);
		assertThat(both.received).isEqualTo(2);
		assertThat(members).allSatisfy((member) -> assertThat(member.received).isEqualTo(3));
		assertThat(this.adapter.sockets(Set.of("room"))).hasSize(size + 1);
		assertThat(this.adapter.rooms().get("room")).hasSize(size + 1).contains("both", "m0");
	}

	@ParameterizedTest
	@ValueSource(ints = { 3, RoomMembers.LIMIT + 5 })
	void aMemberWhoseSocketWasNotFoundWhenItJoinedIsLookedUpOnEachBroadcast(int size) {
		List<Socket> members = connect("m", size, "room");
		// joined under an id of no socket of this server yet
		this.adapter.addAll("late", Set.of("late", "room"));
		broadcast(Set.of("room"), Set.of());
		Socket late = this.host.register("late");
		broadcast(Set.of("room"), Set.of());
		assertThat(late.received).isEqualTo(1);
		assertThat(members).allSatisfy((member) -> assertThat(member.received).isEqualTo(2));
		// and left out by id like any other
		broadcast(Set.of("room"), Set.of("late"));
		assertThat(late.received).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(ints = { 3, RoomMembers.LIMIT + 5 })
	void aSocketThatJoinsAgainUnderTheSameIdTakesThePlaceOfTheOldOne(int size) {
		List<Socket> members = connect("m", size, "room");
		Socket old = members.get(1);
		// a recovered session: a new socket under the old one's id, which joins its rooms
		// again while the old one is still a member
		Socket recovered = this.host.register(old.id);
		this.adapter.addAll(old.id, Set.of(old.id, "room"));
		broadcast(Set.of("room"), Set.of());
		assertThat(recovered.received).isEqualTo(1);
		assertThat(old.received).isZero();
		// joining again with no socket found keeps the one known
		this.host.sockets.remove(old.id);
		this.adapter.addAll(old.id, Set.of("room"));
		this.host.sockets.put(old.id, recovered);
		broadcast(Set.of("room"), Set.of());
		assertThat(recovered.received).isEqualTo(2);
		assertThat(this.adapter.rooms().get("room")).hasSize(size);
	}

	@ParameterizedTest
	@ValueSource(ints = { 3, RoomMembers.LIMIT + 5 })
	void leavingOrDisconnectingTakesASocketOutAndTheLastOneRemovesTheRoom(int size) {
		List<Socket> members = connect("m", size, "room");
		Socket left = members.get(0);
		Socket gone = members.get(1);
		this.adapter.del(left.id, "room");
		this.host.disconnect(gone);
		broadcast(Set.of("room"), Set.of());
		assertThat(left.received).isZero();
		assertThat(gone.received).isZero();
		assertThat(members.subList(2, size)).allSatisfy((member) -> assertThat(member.received).isEqualTo(1));
		assertThat(this.adapter.rooms().get("room")).hasSize(size - 2).doesNotContain(left.id, gone.id);
		for (Socket member : members.subList(2, size)) {
			this.host.disconnect(member);
		}
		assertThat(this.adapter.rooms()).doesNotContainKey("room").containsKey(left.id);
		assertThat(this.adapter.sockets(Set.of("room"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 3, RoomMembers.LIMIT + 5 })
	void theMembersOfARoomAreAnUnmodifiableSetOfIds(int size) {
		RoomMembers members = null;
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			members = RoomMembers.plus(members, "s" + i, null);
			ids.add("s" + i);
		}
		RoomMembers all = members;
		if (size <= RoomMembers.LIMIT) {
			assertThat(all).containsExactlyElementsOf(ids);
		}
		else {
			assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
		}
		assertThat(all).contains("s0").doesNotContain("t", null);
		assertThat(RoomMembers.plus(all, "s0", null)).isSameAs(all);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> all.add("t"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> all.remove("s0"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> {
			Iterator<String> iterator = all.iterator();
			iterator.next();
			iterator.remove();
		});
		RoomMembers remaining = all;
		for (String id : ids) {
			assertThat(remaining).isNotNull();
			remaining = RoomMembers.minus(remaining, id);
		}
		assertThat(remaining).isNull();
	}

	private List<Socket> connect(String prefix, int count, String room) {
		List<Socket> sockets = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			sockets.add(this.host.connect(prefix + i, room));
		}
		return sockets;
	}

	private void broadcast(Set<String> rooms, Set<String> except) {
		Message message = new Message();
		this.adapter.broadcast(message, new BroadcastOptions(rooms, except, BroadcastFlags.DEFAULT));
		message.release();
	}

	/**
	 * A namespace whose sockets count what they are delivered.
	 */
	private final class Host implements AdapterHost {

		final Map<String, Socket> sockets = new ConcurrentHashMap<>();

		Socket register(String id) {
			Socket socket = new Socket(id);
			this.sockets.put(id, socket);
			return socket;
		}

		Socket connect(String id, String... rooms) {
			Socket socket = register(id);
			Set<String> all = new LinkedHashSet<>();
			all.add(id);
			all.addAll(Arrays.asList(rooms));
			InMemoryAdapterRoomsTests.this.adapter.addAll(id, all);
			return socket;
		}

		/** As a socket leaves: its rooms first, then the namespace. */
		void disconnect(Socket socket) {
			InMemoryAdapterRoomsTests.this.adapter.delAll(socket.id);
			this.sockets.remove(socket.id, socket);
		}

		@Override
		public String name() {
			return "/";
		}

		@Override
		public @Nullable LocalSocket localSocket(String id) {
			return this.sockets.get(id);
		}

		@Override
		public void deliver(BroadcastMessage message, BroadcastFlags flags, Recipients recipients) {
			recipients.forEach((recipient) -> ((Socket) recipient).received++);
		}

		@Override
		public ObjectMapper mapper() {
			return JsonMapper.shared();
		}

		@Override
		public BroadcastMessage newMessage(String event, @Nullable Object[] args) {
			return new Message();
		}

		@Override
		public long nextAckId() {
			return 0;
		}

		@Override
		public void onServerSideEmit(ArrayNode packet, @Nullable Consumer<@Nullable Object> ack) {
		}

	}

	/**
	 * A socket that counts the broadcasts delivered to it.
	 */
	private static final class Socket implements LocalSocket {

		final String id;

		int received;

		Socket(String id) {
			this.id = id;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public JsonNode handshakeJson() {
			return JsonMapper.shared().createObjectNode();
		}

		@Override
		public JsonNode dataJson() {
			return JsonMapper.shared().createObjectNode();
		}

		@Override
		public void expectAck(long ackId, Consumer<JsonNode> callback) {
		}

		@Override
		public void cancelAck(long ackId) {
		}

		@Override
		public void join(Set<String> rooms) {
		}

		@Override
		public void leave(String room) {
		}

		@Override
		public void disconnect(boolean close) {
		}

	}

	/**
	 * A message that is never encoded.
	 */
	private static final class Message extends BroadcastMessage {

		Message() {
			super("/", "msg", new Object[0]);
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
