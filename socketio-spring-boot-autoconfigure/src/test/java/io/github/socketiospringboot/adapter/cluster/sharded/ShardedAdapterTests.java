package io.github.socketiospringboot.adapter.cluster.sharded;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.socketiospringboot.adapter.AckCollector;
import io.github.socketiospringboot.adapter.BroadcastFlags;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.adapter.SocketDetails;
import io.github.socketiospringboot.adapter.cluster.Captures;
import io.github.socketiospringboot.adapter.cluster.Captures.Message;
import io.github.socketiospringboot.adapter.cluster.InMemoryBus;
import io.github.socketiospringboot.adapter.cluster.InMemoryBus.Publication;
import io.github.socketiospringboot.adapter.cluster.RequestTimeoutException;
import io.github.socketiospringboot.adapter.cluster.StubNamespace;
import io.github.socketiospringboot.adapter.cluster.StubNamespace.StubSocket;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import io.github.socketiospringboot.internal.cluster.ClusterCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ShardedAdapterTests {

	private static final String CAPTURE = "sharded.json";

	private static final String NODE_A = "87223e1ad0e80364";

	private static final String NODE_B = "7adae286ba0c6836";

	private static final String SID_A = "2W4uL6Je4hzBBs8uAAAA";

	private static final String SID_B = "s9FHWo18cJO1xiQpAAAB";

	private static final JsonMapper mapper = JsonMapper.shared();

	private final InMemoryBus bus = new InMemoryBus();

	private InMemoryBus.Connection lastConnection;

	private StubNamespace namespace(ShardedOptions options) {
		this.lastConnection = this.bus.connect();
		return new StubNamespace("/", new ShardedAdapterFactory(this.lastConnection, options));
	}

	private StubNamespace namespace() {
		return namespace(ShardedOptions.DEFAULTS);
	}

	private static String uid(StubNamespace namespace) {
		return namespace.<ShardedAdapter>adapter().uid();
	}

	private static String hex(String text) {
		return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String expected(Message message, String... replacements) {
		String hex = HexFormat.of().formatHex(message.bytes());
		for (int i = 0; i < replacements.length; i += 2) {
			hex = hex.replace(hex(replacements[i]), hex(replacements[i + 1]));
		}
		return hex;
	}

	private static BroadcastOptions to(Set<String> rooms, Set<String> except) {
		return new BroadcastOptions(rooms, except, BroadcastFlags.DEFAULT);
	}

	private void broadcast(StubNamespace namespace, BroadcastOptions options, String event, Object... args) {
		BroadcastMessage message = namespace.newMessage(event, args);
		namespace.<ShardedAdapter>adapter().broadcast(message, options);
		message.release();
	}

	private Publication last() {
		List<Publication> all = this.bus.published();
		assertThat(all).isNotEmpty();
		return all.get(all.size() - 1);
	}

	private void assertPublished(int seq, String... replacements) {
		Message captured = Captures.message(CAPTURE, seq);
		assertThat(last().channel()).as("channel of #" + seq).isEqualTo(captured.channel());
		assertThat(last().hex()).as("payload of #" + seq).isEqualTo(expected(captured, replacements));
	}

	private void inject(int seq) {
		Message message = Captures.message(CAPTURE, seq);
		this.bus.inject(message.channel(), message.bytes());
	}

	// ---- what this server publishes

	@Test
	void broadcastsArePublishedAsTheNodeAdapterPublishesThem() {
		StubNamespace a = namespace();
		String uid = uid(a);
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("a", 1);
		object.put("b", Arrays.asList(true, null));
		object.put("f", 1.5);
		broadcast(a, BroadcastOptions.ALL, "hello", "world", 42, object);
		assertPublished(9, NODE_A, uid);
		broadcast(a, to(Set.of("room1"), Set.of()), "room-msg", "r1");
		assertPublished(10, NODE_A, uid);
		broadcast(a, to(new LinkedHashSet<>(List.of("room1", "room2")), Set.of()), "rooms-msg", "r12");
		assertPublished(11, NODE_A, uid);
		broadcast(a, to(Set.of(), Set.of("room1")), "except-msg", "not-r1");
		assertPublished(12, NODE_A, uid);
		broadcast(a, to(Set.of(), Set.of(SID_A)), "bcast", "from-cA");
		assertPublished(13, NODE_A, uid);
		broadcast(a, to(Set.of(SID_B), Set.of()), "private", "pm");
		assertPublished(14, NODE_A, uid);
		broadcast(a,
				new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withVolatile().withCompress(false)),
				"vol", 1);
		assertPublished(15, NODE_A, uid);
		broadcast(a, BroadcastOptions.ALL, "bin", new byte[] { 1, 2, 3 }, Map.of("nested", new byte[] { 4, 5 }));
		assertPublished(16, NODE_A, uid);
	}

	@Test
	void roomRequestsArePublishedAndAppliedHereAtOnce() {
		StubNamespace a = namespace();
		String uid = uid(a);
		StubSocket socket = a.connect(SID_A, "room1");
		ShardedAdapter adapter = a.adapter();
		adapter.addSockets(to(Set.of("room1"), Set.of()), Set.of("room3"));
		assertPublished(24, NODE_A, uid);
		assertThat(socket.rooms()).contains("room3");
		adapter.delSockets(to(Set.of("room3"), Set.of()), Set.of("room3"));
		assertPublished(26, NODE_A, uid);
		assertThat(socket.rooms()).doesNotContain("room3");
		adapter.serverSideEmit("sse", new Object[] { 1, "two", Map.of("three", 3) });
		assertPublished(28, NODE_A, uid);
		adapter.disconnectSockets(to(Set.of("room1"), Set.of()), true);
		assertPublished(32, NODE_A, uid);
		assertThat(socket.disconnections()).containsExactly(true);
	}

	@Test
	void ownMessagesComingBackAreIgnored() {
		StubNamespace a = namespace();
		StubSocket socket = a.connect(SID_A, "room1");
		broadcast(a, BroadcastOptions.ALL, "once");
		a.<ShardedAdapter>adapter().disconnectSockets(to(Set.of("room1"), Set.of()), false);
		assertThat(socket.received()).hasSize(1);
		assertThat(socket.disconnections()).containsExactly(false);
	}

	// ---- room channels

	@Test
	void inDynamicModeEachPublicRoomHasItsChannel() {
		StubNamespace b = namespace();
		StubSocket socket = b.connect(SID_B, "room1", "room2");
		assertThat(this.lastConnection.channels()).containsExactlyInAnyOrder("socket.io#/#",
				"socket.io#/#" + uid(b) + "#", "socket.io#/#room1#", "socket.io#/#room2#");
		socket.leave("room2");
		assertThat(this.lastConnection.channels()).doesNotContain("socket.io#/#room2#");
		socket.disconnect(false);
		assertThat(this.lastConnection.channels()).containsExactlyInAnyOrder("socket.io#/#",
				"socket.io#/#" + uid(b) + "#");
		assertThat(this.lastConnection.log()).doesNotContain("SUBSCRIBE socket.io#/#" + SID_B + "#");
	}

	@Test
	void inStaticModeNoRoomHasItsChannel() {
		StubNamespace b = namespace(new ShardedOptions("socket.io", Duration.ofSeconds(5), SubscriptionMode.STATIC));
		b.connect(SID_B, "room1");
		assertThat(this.lastConnection.channels()).containsExactlyInAnyOrder("socket.io#/#",
				"socket.io#/#" + uid(b) + "#");
		broadcast(b, to(Set.of("room1"), Set.of()), "r");
		assertThat(last().channel()).isEqualTo("socket.io#/#");
	}

	@Test
	void inDynamicPrivateModeSocketRoomsHaveTheirChannelToo() {
		StubNamespace b = namespace(
				new ShardedOptions("socket.io", Duration.ofSeconds(5), SubscriptionMode.DYNAMIC_PRIVATE));
		b.connect(SID_B, "room1");
		assertThat(this.lastConnection.channels()).contains("socket.io#/#" + SID_B + "#", "socket.io#/#room1#");
		broadcast(b, to(Set.of(SID_A), Set.of()), "private");
		assertThat(last().channel()).isEqualTo("socket.io#/#" + SID_A + "#");
	}

	// ---- what this server does with what Node servers publish

	@Test
	void broadcastsFromNodeServersReachTheTargetedSockets() {
		StubNamespace b = namespace();
		StubSocket cb = b.connect(SID_B, "room1", "room2");
		StubSocket other = b.connect("other", "roomA");
		for (int seq = 9; seq <= 16; seq++) {
			inject(seq);
		}
		assertThat(cb.received()).map(JsonNode::toString)
			.containsExactly("[\"hello\",\"world\",42,{\"a\":1,\"b\":[true,null],\"f\":1.5}]", "[\"room-msg\",\"r1\"]",
					"[\"rooms-msg\",\"r12\"]", "[\"bcast\",\"from-cA\"]", "[\"private\",\"pm\"]", "[\"vol\",1]",
					"[\"bin\",\"AQID\",{\"nested\":\"BAU=\"}]");
		assertThat(other.received()).map((event) -> event.get(0).asString())
			.containsExactly("hello", "except-msg", "bcast", "vol", "bin");
		assertThat(cb.received().get(6).get(1).isBinary()).isTrue();
	}

	@Test
	void broadcastsWithAcknowledgementsFromNodeServersAreCountedAndAnsweredOnTheRequesterChannel() {
		StubNamespace b = namespace();
		String uid = uid(b);
		StubSocket cb = b.connect(SID_B);
		inject(17);
		assertThat(cb.received()).map(JsonNode::toString).containsExactly("[\"ask\",\"question\"]");
		assertPublished(19, NODE_B, uid);
		cb.answer("ack-from-cB");
		Message ack = Captures.message(CAPTURE, 20);
		assertThat(last().channel()).isEqualTo(ack.channel());
		assertThat(last().text()).isEqualTo(ack.json()
			.get("text")
			.asString()
			.replace(NODE_B, uid)
			.replace("\"ack-from-cB\"", "\"ack-from-cB\",\"socketId\":\"" + SID_B + "\""));
	}

	@Test
	void fetchSocketsRequestsAreAnsweredOnTheRequesterChannel() {
		StubNamespace b = namespace();
		JsonNode captured = mapper.readTree(Captures.message(CAPTURE, 23).json().get("text").asString());
		JsonNode socket = captured.get("data").get("sockets").get(0);
		b.connect(SID_B, "room1", "room2").describedAs(socket.get("handshake"), socket.get("data"));
		inject(22);
		assertThat(last().channel()).isEqualTo(Captures.message(CAPTURE, 23).channel());
		JsonNode published = mapper.readTree(last().payload());
		assertThat(published.get("uid").asString()).isEqualTo(uid(b));
		((ObjectNode) published).put("uid", NODE_B);
		assertThat(sortRooms(published)).isEqualTo(sortRooms(captured));
	}

	@Test
	void roomRequestsFromNodeServersAreAppliedAndMoveTheRoomSubscriptions() {
		StubNamespace b = namespace();
		StubSocket cb = b.connect(SID_B, "room1", "room2");
		inject(24);
		assertThat(cb.rooms()).contains("room3");
		assertThat(this.lastConnection.channels()).contains("socket.io#/#room3#");
		inject(26);
		assertThat(cb.rooms()).doesNotContain("room3");
		assertThat(this.lastConnection.channels()).doesNotContain("socket.io#/#room3#");
		inject(32);
		assertThat(cb.disconnections()).containsExactly(true);
		assertThat(this.lastConnection.channels()).doesNotContain("socket.io#/#room1#", "socket.io#/#room2#");
	}

	@Test
	void serverSideEmitsFromNodeServersReachTheHandlersAndAreAnswered() {
		StubNamespace b = namespace();
		b.answerServerSideEvents((event) -> "sse-answer-from-B");
		inject(28);
		inject(30);
		assertThat(b.serverSideEvents()).map(JsonNode::toString)
			.containsExactly("[\"sse\",1,\"two\",{\"three\":3}]", "[\"sse-ack\",\"q\"]");
		assertPublished(31, NODE_B, uid(b));
	}

	@Test
	void messagesOfOtherNamespacesAndMalformedMessagesAreDropped() {
		StubNamespace b = namespace();
		StubSocket socket = b.connect("s1");
		String other = Captures.message(CAPTURE, 9)
			.json()
			.get("text")
			.asString()
			.replace("\"nsp\":\"/\"", "\"nsp\":\"/x\"");
		this.bus.inject("socket.io#/#", other.getBytes(StandardCharsets.UTF_8));
		this.bus.inject("socket.io#/#", new byte[] { (byte) 0xc1 });
		this.bus.inject("socket.io#/#", "{\"type\":99,\"uid\":\"x\",\"nsp\":\"/\"}".getBytes(StandardCharsets.UTF_8));
		this.bus.inject("socket.io#/#",
				"{\"type\":3,\"uid\":\"x\",\"nsp\":\"/\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));
		this.bus.inject("socket.io#/#", ClusterCodec.msgpack(mapper.createArrayNode()));
		inject(9);
		assertThat(socket.received()).hasSize(1);
	}

	// ---- requests of this server to Node servers

	/** A Node server B on the bus, answering with the captured responses. */
	private void nodePeer(boolean silent) {
		InMemoryBus.Connection peer = this.bus.connect();
		peer.subscribe("socket.io#/#", (channel, payload) -> {
			JsonNode message = ClusterCodec.decode(payload);
			if (silent) {
				return;
			}
			String requester = message.path("uid").asString();
			String requestId = message.path("data").path("requestId").asString("");
			int[] answers = switch (message.path("type").asInt()) {
				case 3 -> requestId.isEmpty() ? new int[0] : new int[] { 19, 20 };
				case 7 -> new int[] { 23 };
				case 9 -> requestId.isEmpty() ? new int[0] : new int[] { 31 };
				default -> new int[0];
			};
			for (int answer : answers) {
				Message captured = Captures.message(CAPTURE, answer);
				String original = mapper.readTree(captured.json().get("text").asString())
					.get("data")
					.get("requestId")
					.asString();
				peer.publish("socket.io#/#" + requester + "#",
						HexFormat.of().parseHex(expected(captured, original, requestId, NODE_A, requester)))
					.block();
			}
		}).block();
	}

	@Test
	void serverCountIsTheNumberOfSubscribersOfTheMainChannel() {
		StubNamespace a = namespace();
		assertThat(a.<ShardedAdapter>adapter().serverCount().block()).isEqualTo(1);
		nodePeer(false);
		assertThat(a.<ShardedAdapter>adapter().serverCount().block()).isEqualTo(2);
	}

	@Test
	void fetchSocketsAsksTheOtherServersAsTheNodeAdapterDoes() {
		StubNamespace a = namespace();
		a.connect(SID_A, "roomA");
		nodePeer(false);
		ShardedAdapter adapter = a.adapter();
		List<SocketDetails> sockets = adapter.fetchSockets(BroadcastOptions.ALL).block();
		assertThat(sockets).extracting(SocketDetails::id).containsExactlyInAnyOrder(SID_A, SID_B);
		SocketDetails remote = sockets.stream().filter((s) -> s.id().equals(SID_B)).findFirst().orElseThrow();
		assertThat(remote.serverId()).isEqualTo(NODE_B);
		assertThat(remote.rooms()).containsExactly(SID_B, "room1", "room2");
		assertThat(remote.handshake().path("auth").path("rooms")).hasSize(2);
		Publication request = this.bus.published((c) -> c.equals("socket.io#/#")).get(0);
		String requestId = mapper.readTree(request.payload()).get("data").get("requestId").asString();
		assertThat(request.hex())
			.isEqualTo(expected(Captures.message(CAPTURE, 22), NODE_A, adapter.uid(), "6b224385ec38939a", requestId));
		assertThat(adapter.allRooms().block()).containsExactlyInAnyOrder(SID_A, "roomA", SID_B, "room1", "room2");
	}

	@Test
	void serverSideEmitsWithAcknowledgementsCollectTheOtherServersAnswers() {
		StubNamespace a = namespace();
		nodePeer(false);
		ShardedAdapter adapter = a.adapter();
		assertThat(adapter.serverSideEmitWithAck("sse-ack", new Object[] { "q" }, 1000).block()).map(JsonNode::asString)
			.containsExactly("sse-answer-from-B");
		Publication request = this.bus.published((c) -> c.equals("socket.io#/#")).get(0);
		String requestId = mapper.readTree(request.payload()).get("data").get("requestId").asString();
		assertThat(request.hex())
			.isEqualTo(expected(Captures.message(CAPTURE, 30), NODE_A, adapter.uid(), "7f7bc6f99e28f1b7", requestId));
	}

	@Test
	void broadcastsWithAcknowledgementsCollectTheCountsAndAnswersOfTheOtherServers() {
		StubNamespace a = namespace();
		StubSocket ca = a.connect(SID_A);
		nodePeer(false);
		Recorder collector = new Recorder();
		BroadcastMessage message = a.newMessage("ask", new Object[] { "question" });
		message.ackId(a.nextAckId());
		a.<ShardedAdapter>adapter().broadcastWithAck(message, BroadcastOptions.ALL, collector);
		message.release();
		Publication request = this.bus.published((c) -> c.equals("socket.io#/#")).get(0);
		String requestId = mapper.readTree(request.payload()).get("data").get("requestId").asString();
		assertThat(request.hex())
			.isEqualTo(expected(Captures.message(CAPTURE, 17), NODE_A, uid(a), "06d02a3606d11080", requestId));
		ca.answer("ack-from-cA");
		assertThat(collector.counts).containsExactlyInAnyOrder(1, 1);
		assertThat(collector.acks).containsExactlyInAnyOrder(SID_A + "=[\"ack-from-cA\"]", "=[\"ack-from-cB\"]");
	}

	@Test
	void requestsTimeOutWithWhatCameInTime() {
		StubNamespace a = namespace(new ShardedOptions("socket.io", Duration.ofMillis(200), SubscriptionMode.DYNAMIC));
		nodePeer(true);
		ShardedAdapter adapter = a.adapter();
		assertThatExceptionOfType(RequestTimeoutException.class)
			.isThrownBy(() -> adapter.fetchSockets(BroadcastOptions.ALL).block(Duration.ofSeconds(5)))
			.withMessage("timeout reached: only 0 responses received out of 1");
		assertThatExceptionOfType(RequestTimeoutException.class)
			.isThrownBy(() -> adapter.serverSideEmitWithAck("e", new Object[0], 200).block(Duration.ofSeconds(5)))
			.withMessage("timeout reached: only 0 responses received out of 1");
	}

	@Test
	void twoJavaServersTellEachOtherWhoAnswered() {
		StubNamespace a = namespace();
		StubNamespace b = namespace();
		StubSocket ca = a.connect("cA");
		StubSocket cb = b.connect("cB", "room1");
		Recorder collector = new Recorder();
		BroadcastMessage message = a.newMessage("ask", new Object[] { new byte[] { 7 } });
		message.ackId(a.nextAckId());
		a.<ShardedAdapter>adapter().broadcastWithAck(message, BroadcastOptions.ALL, collector);
		message.release();
		ca.answer(1);
		cb.answer(new byte[] { 2 }, 3);
		assertThat(collector.counts).containsExactly(1, 1);
		assertThat(collector.acks).containsExactly("cA=[1]", "cB=[\"Ag==\"]");
		assertThat(cb.received().get(0).get(1).binaryValue()).containsExactly(7);
		List<SocketDetails> sockets = a.<ShardedAdapter>adapter().fetchSockets(BroadcastOptions.ALL).block();
		assertThat(sockets).extracting(SocketDetails::id).containsExactlyInAnyOrder("cA", "cB");
		assertThat(a.<ShardedAdapter>adapter().allRooms().block()).containsExactlyInAnyOrder("cA", "cB", "room1");
	}

	private static JsonNode sortRooms(JsonNode node) {
		if (node.isObject()) {
			ObjectNode copy = mapper.createObjectNode();
			node.properties().forEach((property) -> {
				if (property.getKey().equals("rooms") && property.getValue().isArray()) {
					ArrayNode sorted = mapper.createArrayNode();
					property.getValue().valueStream().map(JsonNode::asString).sorted().forEach(sorted::add);
					copy.set("rooms", sorted);
				}
				else {
					copy.set(property.getKey(), sortRooms(property.getValue()));
				}
			});
			return copy;
		}
		if (node.isArray()) {
			ArrayNode copy = mapper.createArrayNode();
			node.values().forEach((item) -> copy.add(sortRooms(item)));
			return copy;
		}
		return node;
	}

	static final class Recorder implements AckCollector {

		final List<Integer> counts = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<String> acks = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public Duration timeout() {
			return Duration.ofMillis(2000);
		}

		@Override
		public void onClientCount(int count) {
			this.counts.add(count);
		}

		@Override
		public void onAck(String socketId, JsonNode args) {
			this.acks.add(socketId + "=" + args);
		}

	}

}
