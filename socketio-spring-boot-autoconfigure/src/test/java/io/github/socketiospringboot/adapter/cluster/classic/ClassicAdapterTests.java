package io.github.socketiospringboot.adapter.cluster.classic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
import io.github.socketiospringboot.internal.cluster.ClusterCodec;
import io.github.socketiospringboot.internal.cluster.Notepack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClassicAdapterTests {

	private static final String CAPTURE = "classic-pubsub.json";

	private static final String NODE_A = "rVM5Rt";

	private static final String SID_A = "drbsfowoay9aJuybAAAA";

	private static final String SID_B = "nDqntBhb7to6OWerAAAB";

	private static final JsonMapper mapper = JsonMapper.shared();

	private final InMemoryBus bus = new InMemoryBus();

	private StubNamespace namespace(String name, ClassicOptions options) {
		return new StubNamespace(name, new ClassicAdapterFactory(this.bus.connect(), options));
	}

	private StubNamespace namespace() {
		return namespace("/", ClassicOptions.DEFAULTS);
	}

	private static String hex(String text) {
		return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The captured bytes, with the captured ids replaced by ours (of the same length).
	 */
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
		namespace.<ClassicAdapter>adapter().broadcast(message, options);
		message.release();
	}

	private Publication lastPublication() {
		List<Publication> all = this.bus.published();
		assertThat(all).isNotEmpty();
		return all.get(all.size() - 1);
	}

	// ---- what this server publishes

	@Test
	void broadcastsArePublishedAsTheNodeAdapterPublishesThem() {
		StubNamespace a = namespace();
		String uid = a.<ClassicAdapter>adapter().uid();
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("a", 1);
		object.put("b", Arrays.asList(true, null));
		object.put("f", 1.5);
		broadcast(a, BroadcastOptions.ALL, "hello", "world", 42, object);
		assertPublished(10, uid);
		broadcast(a, to(Set.of("room1"), Set.of()), "room-msg", "r1");
		assertPublished(11, uid);
		broadcast(a, to(new java.util.LinkedHashSet<>(List.of("room1", "room2")), Set.of()), "rooms-msg", "r12");
		assertPublished(12, uid);
		broadcast(a, to(Set.of(), Set.of("room1")), "except-msg", "not-r1");
		assertPublished(13, uid);
		broadcast(a, to(Set.of(), Set.of(SID_A)), "bcast", "from-cA");
		assertPublished(14, uid);
		broadcast(a, to(Set.of("room1"), Set.of(SID_A)), "sock-to-room", 1);
		assertPublished(15, uid);
		broadcast(a, to(Set.of(SID_B), Set.of()), "private", "pm");
		assertPublished(16, uid);
		broadcast(a,
				new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withVolatile().withCompress(false)),
				"vol", 1);
		assertPublished(17, uid);
		broadcast(a, BroadcastOptions.ALL, "bin", new byte[] { 1, 2, 3 }, Map.of("nested", new byte[] { 4, 5 }));
		assertPublished(18, uid);
		JsonNode types = Notepack.decode(Captures.message(CAPTURE, 19).bytes(), true).get(1).get("data").get(1);
		broadcast(a, BroadcastOptions.ALL, "types", types);
		assertPublished(19, uid);
	}

	@Test
	void broadcastsOfAnotherNamespaceUseItsChannels() {
		StubNamespace chat = namespace("/chat", ClassicOptions.DEFAULTS);
		broadcast(chat, BroadcastOptions.ALL, "chat-msg", Map.of("x", 1));
		Message captured = Captures.message(CAPTURE, 20);
		assertThat(lastPublication().channel()).isEqualTo(captured.channel());
		assertThat(lastPublication().hex())
			.isEqualTo(expected(captured, "mkhH9L", chat.<ClassicAdapter>adapter().uid()));
	}

	@Test
	void localBroadcastsPublishNothing() {
		StubNamespace a = namespace();
		StubSocket socket = a.connect(SID_A);
		broadcast(a, new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withLocal()), "local-only", 1);
		assertThat(this.bus.published()).isEmpty();
		assertThat(socket.received()).hasSize(1);
	}

	private void assertPublished(int seq, String uid) {
		Message captured = Captures.message(CAPTURE, seq);
		Publication publication = lastPublication();
		assertThat(publication.channel()).as("channel of #" + seq).isEqualTo(captured.channel());
		assertThat(publication.hex()).as("payload of #" + seq).isEqualTo(expected(captured, NODE_A, uid));
	}

	@Test
	void roomRequestsArePublishedAndAppliedHereAtOnce() {
		StubNamespace a = namespace();
		String uid = a.<ClassicAdapter>adapter().uid();
		StubSocket socket = a.connect(SID_A, "room1");
		ClassicAdapter adapter = a.adapter();
		adapter.addSockets(to(Set.of("room1"), Set.of()), Set.of("room3"));
		assertPublished(35, uid);
		assertThat(socket.rooms()).contains("room3");
		adapter.delSockets(to(Set.of("room3"), Set.of()), Set.of("room3"));
		assertPublished(36, uid);
		assertThat(socket.rooms()).doesNotContain("room3");
		adapter.addSockets(to(Set.of(SID_B), Set.of()), Set.of("room4"));
		assertPublished(40, uid);
		adapter.serverSideEmit("sse", new Object[] { 1, "two", Map.of("three", 3) });
		assertPublished(41, uid);
		adapter.disconnectSockets(to(Set.of("room1"), Set.of()), true);
		assertPublished(45, uid);
		assertThat(socket.disconnections()).containsExactly(true);
	}

	@Test
	void ownRoomRequestsComingBackAreNotAppliedTwice() {
		StubNamespace a = namespace();
		StubSocket socket = a.connect(SID_A, "room1");
		a.<ClassicAdapter>adapter().disconnectSockets(to(Set.of("room1"), Set.of()), false);
		assertThat(socket.disconnections()).containsExactly(false);
	}

	// ---- what this server does with what Node servers publish

	@Test
	void broadcastsFromNodeServersReachTheTargetedSockets() {
		StubNamespace b = namespace();
		StubSocket cb = b.connect(SID_B, "room1", "room2");
		StubSocket other = b.connect("other", "roomA");
		for (int seq = 10; seq <= 19; seq++) {
			Message message = Captures.message(CAPTURE, seq);
			this.bus.inject(message.channel(), message.bytes());
		}
		assertThat(cb.received()).map(JsonNode::toString)
			.containsExactly("[\"hello\",\"world\",42,{\"a\":1,\"b\":[true,null],\"f\":1.5}]", "[\"room-msg\",\"r1\"]",
					"[\"rooms-msg\",\"r12\"]", "[\"bcast\",\"from-cA\"]", "[\"sock-to-room\",1]",
					"[\"private\",\"pm\"]", "[\"vol\",1]", "[\"bin\",\"AQID\",{\"nested\":\"BAU=\"}]",
					cb.received().get(8).toString());
		assertThat(other.received()).map((event) -> event.get(0).asString())
			.containsExactly("hello", "except-msg", "bcast", "vol", "bin", "types");
		JsonNode types = cb.received().get(8).get(1);
		assertThat(types.get("date").asString()).isEqualTo("2023-11-14T22:13:20.000Z");
		assertThat(types.get("big").asLong()).isEqualTo(1099511627776L);
		assertThat(cb.received().get(7).get(1).binaryValue()).containsExactly(1, 2, 3);
	}

	@Test
	void roomChannelsOfRoomsThisServerDoesNotHoldAreIgnored() {
		StubNamespace b = namespace();
		StubSocket socket = b.connect("s1");
		this.bus.inject("socket.io#/#room1#", Captures.message(CAPTURE, 10).bytes());
		this.bus.inject("socket.io#/#room1#", new byte[] { 1, 2, 3 });
		assertThat(socket.received()).isEmpty();
	}

	@Test
	void ownBroadcastsAndOtherNamespacesAreIgnored() {
		StubNamespace b = namespace();
		StubSocket socket = b.connect("s1");
		Message emit = Captures.message(CAPTURE, 10);
		this.bus.inject(emit.channel(),
				HexFormat.of().parseHex(expected(emit, NODE_A, b.<ClassicAdapter>adapter().uid())));
		this.bus.inject("socket.io#/#", Captures.message(CAPTURE, 20).bytes());
		assertThat(socket.received()).isEmpty();
	}

	@Test
	void minimalBroadcastsAreAccepted() {
		StubNamespace b = namespace();
		StubSocket socket = b.connect("s1", "r");
		ArrayNode message = mapper.createArrayNode();
		message.add("J00001");
		message.add(StubNamespace.object("type", 2, "data", List.of("min", 1)));
		message.add(StubNamespace.object("rooms", List.of("r")));
		this.bus.inject("socket.io#/#r#", ClusterCodec.msgpack(message));
		assertThat(socket.received()).map(JsonNode::toString).containsExactly("[\"min\",1]");
	}

	@Test
	void malformedMessagesAreDroppedAndLaterOnesStillArrive() {
		StubNamespace b = namespace();
		StubSocket socket = b.connect("s1");
		this.bus.inject("socket.io#/#", new byte[] { (byte) 0xc1 });
		this.bus.inject("socket.io#/#", ClusterCodec.msgpack(StubNamespace.object("not", "an array")));
		this.bus.inject("socket.io-request#/#", "{not json".getBytes(StandardCharsets.UTF_8));
		this.bus.inject("socket.io-request#/#", "{\"type\":42}".getBytes(StandardCharsets.UTF_8));
		this.bus.inject("socket.io-request#/#",
				"{\"type\":6,\"uid\":\"x\",\"data\":7}".getBytes(StandardCharsets.UTF_8));
		this.bus.inject("socket.io-response#/#", new byte[0]);
		Message emit = Captures.message(CAPTURE, 10);
		this.bus.inject(emit.channel(), emit.bytes());
		assertThat(socket.received()).hasSize(1);
	}

	@Test
	void broadcastsWithAcknowledgementsFromNodeServersAreCountedAndAnswered() {
		StubNamespace b = namespace();
		StubSocket cb = b.connect(SID_B);
		Message request = Captures.message(CAPTURE, 21);
		this.bus.inject(request.channel(), request.bytes());
		assertThat(cb.received()).map(JsonNode::toString).containsExactly("[\"ask\",\"question\"]");
		Message count = Captures.message(CAPTURE, 23);
		assertThat(lastPublication().channel()).isEqualTo(count.channel());
		assertThat(lastPublication().text()).isEqualTo(count.json().get("text").asString());
		cb.answer("ack-from-cB", "ignored");
		Message ack = Captures.message(CAPTURE, 24);
		assertThat(lastPublication().channel()).isEqualTo(ack.channel());
		// the captured map, with one more key that Node ignores: who answered
		assertThat(lastPublication().hex())
			.isEqualTo("84" + expected(ack).substring(2) + "a8" + hex("socketId") + "b4" + hex(SID_B));
	}

	@Test
	void awaitedAcknowledgementsAreForgottenAfterTheBroadcastTimeout() {
		StubNamespace b = namespace();
		StubSocket cb = b.connect(SID_B);
		Message request = Captures.message(CAPTURE, 21);
		ObjectNode shortTimeout = (ObjectNode) Notepack.decode(request.bytes());
		((ObjectNode) shortTimeout.get("opts").get("flags")).put("timeout", 50);
		this.bus.inject(request.channel(), ClusterCodec.msgpack(shortTimeout));
		assertThat(cb.awaitedAcks()).hasSize(1);
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cb.awaitedAcks().isEmpty());
	}

	@Test
	void aBroadcastWithAnyTimeoutIsDeliveredAndItsAnswersAreAwaitedABoundedTimeOrUntilAllCame() {
		StubNamespace b = namespace();
		StubSocket cb = b.connect(SID_B);
		Message request = Captures.message(CAPTURE, 21);
		ObjectNode huge = (ObjectNode) Notepack.decode(request.bytes());
		// Infinity from a Node server's io.timeout(Infinity), or anything another client
		// put
		((ObjectNode) huge.get("opts").get("flags")).put("timeout", 1e19);
		this.bus.inject(request.channel(), ClusterCodec.msgpack(huge));
		assertThat(cb.received()).map(JsonNode::toString).containsExactly("[\"ask\",\"question\"]");
		assertThat(b.scheduled()).last().isEqualTo(Duration.ofHours(1));
		int timers = b.scheduled().size();
		cb.answer("done");
		assertThat(cb.awaitedAcks()).isEmpty();
		assertThat(b.scheduled()).hasSize(timers);
	}

	@Test
	void fetchSocketsRequestsAreAnsweredAsTheNodeAdapterAnswersThem() {
		StubNamespace b = namespace();
		JsonNode captured = mapper.readTree(Captures.message(CAPTURE, 27).json().get("text").asString());
		JsonNode socket = captured.get("sockets").get(0);
		b.connect(SID_B, "room1", "room2").describedAs(socket.get("handshake"), socket.get("data"));
		b.connect(SID_A + "x", "roomA");
		for (int seq : new int[] { 26, 29 }) {
			Message request = Captures.message(CAPTURE, seq);
			this.bus.inject(request.channel(), request.bytes());
			Message response = Captures.message(CAPTURE, seq + 1);
			assertThat(lastPublication().channel()).isEqualTo(response.channel());
			JsonNode published = mapper.readTree(lastPublication().payload());
			if (seq == 26) {
				assertThat(published.get("sockets")).hasSize(2);
				((ArrayNode) published.get("sockets"))
					.remove(published.get("sockets").get(0).get("id").asString().equals(SID_B) ? 1 : 0);
			}
			assertThat(sortRooms(published))
				.isEqualTo(sortRooms(mapper.readTree(response.json().get("text").asString())));
		}
	}

	@Test
	void answersGoToTheRequesterChannelWhenAsked() {
		String file = "classic-pubsub-specific-response.json";
		StubNamespace b = namespace("/", new ClassicOptions("socket.io", Duration.ofSeconds(5), true));
		b.connect("s1");
		Message fetch = Captures.read(file)
			.get("messages")
			.valueStream()
			.filter((m) -> m.path("text").asString("").contains("\"type\":5"))
			.map((m) -> new Message(file, m))
			.findFirst()
			.orElseThrow();
		String requester = mapper.readTree(fetch.json().get("text").asString()).get("uid").asString();
		this.bus.inject(fetch.channel(), fetch.bytes());
		assertThat(lastPublication().channel()).isEqualTo("socket.io-response#/#" + requester + "#");
		Message sse = Captures.message(CAPTURE, 43);
		b.answerServerSideEvents((event) -> "sse-answer-from-B");
		this.bus.inject(sse.channel(), sse.bytes());
		assertThat(lastPublication().channel()).isEqualTo("socket.io-response#/#");
	}

	@Test
	void allRoomsRequestsAreAnsweredWithEveryLocalRoom() {
		StubNamespace b = namespace();
		b.connect(SID_B, "room1", "room2");
		Message request = Captures.message(CAPTURE, 32);
		this.bus.inject(request.channel(), request.bytes());
		assertThat(sortRooms(mapper.readTree(lastPublication().payload())))
			.isEqualTo(sortRooms(mapper.readTree(Captures.message(CAPTURE, 33).json().get("text").asString())));
	}

	@Test
	void roomRequestsFromNodeServersAreApplied() {
		StubNamespace b = namespace();
		StubSocket cb = b.connect(SID_B, "room1", "room2");
		inject(35);
		assertThat(cb.rooms()).contains("room3");
		inject(36);
		assertThat(cb.rooms()).doesNotContain("room3");
		inject(40);
		assertThat(cb.rooms()).contains("room4");
		inject(45);
		assertThat(cb.disconnections()).containsExactly(true);
		assertThat(this.bus.published()).hasSize(4);
	}

	@Test
	void serverSideEmitsFromNodeServersReachTheHandlersAndAreAnswered() {
		StubNamespace b = namespace();
		b.answerServerSideEvents((event) -> "sse-answer-from-B");
		inject(41);
		inject(43);
		assertThat(b.serverSideEvents()).map(JsonNode::toString)
			.containsExactly("[\"sse\",1,\"two\",{\"three\":3}]", "[\"sse-ack\",\"q\"]");
		Message answer = Captures.message(CAPTURE, 44);
		assertThat(lastPublication().channel()).isEqualTo(answer.channel());
		assertThat(lastPublication().text()).isEqualTo(answer.json().get("text").asString());
	}

	@Test
	void whatTheNodeEmitterPublishesIsReceived() {
		String file = "emitter.json";
		StubNamespace b = namespace();
		StubNamespace chat = namespace("/chat", ClassicOptions.DEFAULTS);
		StubSocket ca = b.connect("cA", "roomA");
		StubSocket cb = b.connect("cB", "room1");
		StubSocket cbChat = chat.connect("cBchat");
		for (int seq = 9; seq <= 20; seq++) {
			Message message = Captures.message(file, seq);
			this.bus.inject(message.channel(), message.bytes());
		}
		assertThat(cb.received()).map((event) -> event.get(0).asString())
			.containsExactly("hello", "room-msg", "rooms-msg", "vol", "bin", "room5-msg");
		assertThat(ca.received()).map((event) -> event.get(0).asString())
			.containsExactly("hello", "rooms-msg", "except-msg", "vol", "bin");
		assertThat(cbChat.received()).map(JsonNode::toString).containsExactly("[\"chat-msg\",\"c\"]");
		assertThat(cb.rooms()).doesNotContain("room5");
		assertThat(b.serverSideEvents()).map(JsonNode::toString).containsExactly("[\"sse\",\"from-emitter\",2]");
		assertThat(ca.disconnections()).containsExactly(false);
		assertThat(cb.disconnections()).isEmpty();
	}

	private void inject(int seq) {
		Message message = Captures.message(CAPTURE, seq);
		this.bus.inject(message.channel(), message.bytes());
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

	// ---- requests of this server to Node servers

	/** A Node server B on the bus, answering with the captured responses. */
	private InMemoryBus.Connection nodePeer(boolean silent) {
		InMemoryBus.Connection peer = this.bus.connect();
		peer.subscribe("socket.io-request#/#", (channel, payload) -> {
			JsonNode request = ClusterCodec.decode(payload);
			if (silent || !request.isObject() || NODE_A.equals(request.path("uid").asString())) {
				return;
			}
			String requestId = request.path("requestId").asString("");
			int answer = switch (request.path("type").asInt()) {
				case 5 -> 27;
				case 1 -> 33;
				case 6 -> requestId.isEmpty() ? 0 : 44;
				case 7 -> 23;
				default -> 0;
			};
			if (answer == 0) {
				return;
			}
			Message captured = Captures.message(CAPTURE, answer);
			String original = mapper.readTree(captured.json().get("text").asString()).get("requestId").asString();
			peer.publish(captured.channel(), HexFormat.of().parseHex(expected(captured, original, requestId))).block();
			if (answer == 23) {
				Message ack = Captures.message(CAPTURE, 24);
				peer.publish(ack.channel(), HexFormat.of().parseHex(expected(ack, original, requestId))).block();
			}
		}).block();
		return peer;
	}

	@Test
	void serverCountIsTheNumberOfSubscribersOfTheRequestChannel() {
		StubNamespace a = namespace();
		assertThat(a.<ClassicAdapter>adapter().serverCount().block()).isEqualTo(1);
		nodePeer(false);
		assertThat(a.<ClassicAdapter>adapter().serverCount().block()).isEqualTo(2);
	}

	@Test
	void fetchSocketsAsksTheOtherServersAsTheNodeAdapterDoes() {
		StubNamespace a = namespace();
		a.connect(SID_A, "roomA");
		nodePeer(false);
		List<SocketDetails> sockets = a.<ClassicAdapter>adapter().fetchSockets(BroadcastOptions.ALL).block();
		assertThat(sockets).extracting(SocketDetails::id).containsExactlyInAnyOrder(SID_A, SID_B);
		SocketDetails remote = sockets.stream().filter((s) -> s.id().equals(SID_B)).findFirst().orElseThrow();
		assertThat(remote.local()).isNull();
		assertThat(remote.rooms()).containsExactly(SID_B, "room1", "room2");
		assertThat(remote.data().get("user").asString()).isEqualTo("cB");
		assertThat(remote.handshake().get("query").get("client").asString()).isEqualTo("cB");
		Publication request = this.bus.published((channel) -> channel.startsWith("socket.io-request")).get(0);
		JsonNode sent = mapper.readTree(request.payload());
		assertThat(request.text()).isEqualTo(expected(Captures.message(CAPTURE, 26), NODE_A,
				a.<ClassicAdapter>adapter().uid(), "Pu06hD", sent.get("requestId").asString())
			.transform((hex) -> new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8)));
	}

	@Test
	void allRoomsAndServerSideEmitsWithAcknowledgementsCollectTheOtherServersAnswers() {
		StubNamespace a = namespace();
		a.connect(SID_A, "roomA");
		nodePeer(false);
		ClassicAdapter adapter = a.adapter();
		assertThat(adapter.allRooms().block()).containsExactlyInAnyOrder(SID_A, "roomA", SID_B, "room1", "room2");
		assertThat(adapter.serverSideEmitWithAck("sse-ack", new Object[] { "q" }, 1000).block()).map(JsonNode::asString)
			.containsExactly("sse-answer-from-B");
		JsonNode sent = mapper.readTree(this.bus.published((c) -> c.startsWith("socket.io-request")).get(1).payload());
		assertThat(sent.toString())
			.isEqualTo(mapper.readTree(Captures.message(CAPTURE, 43).json().get("text").asString())
				.toString()
				.replace(NODE_A, adapter.uid())
				.replace("ptOH81", sent.get("requestId").asString()));
	}

	@Test
	void broadcastsWithAcknowledgementsCollectTheCountsAndAnswersOfTheOtherServers() {
		StubNamespace a = namespace();
		StubSocket ca = a.connect(SID_A);
		nodePeer(false);
		RecordingCollector collector = new RecordingCollector(Duration.ofMillis(2000));
		BroadcastMessage message = a.newMessage("ask", new Object[] { "question" });
		message.ackId(a.nextAckId());
		a.<ClassicAdapter>adapter().broadcastWithAck(message, BroadcastOptions.ALL, collector);
		message.release();
		Publication request = this.bus.published((c) -> c.startsWith("socket.io-request")).get(0);
		String requestId = Notepack.decode(request.payload()).get("requestId").asString();
		assertThat(request.hex()).isEqualTo(expected(Captures.message(CAPTURE, 21), NODE_A,
				a.<ClassicAdapter>adapter().uid(), "0B_jkp", requestId));
		ca.answer("ack-from-cA");
		assertThat(collector.counts).containsExactlyInAnyOrder(1, 1);
		assertThat(collector.acks).containsExactlyInAnyOrder(SID_A + "=[\"ack-from-cA\"]", "=[\"ack-from-cB\"]");
	}

	@Test
	void requestsTimeOutWithWhatCameInTime() {
		StubNamespace a = namespace("/", new ClassicOptions("socket.io", Duration.ofMillis(200), false));
		nodePeer(true);
		ClassicAdapter adapter = a.adapter();
		assertThatExceptionOfType(RequestTimeoutException.class)
			.isThrownBy(() -> adapter.fetchSockets(BroadcastOptions.ALL).block(Duration.ofSeconds(5)))
			.withMessage("timeout reached while waiting for fetchSockets response");
		assertThatExceptionOfType(RequestTimeoutException.class)
			.isThrownBy(() -> adapter.allRooms().block(Duration.ofSeconds(5)))
			.withMessage("timeout reached while waiting for allRooms response");
		assertThatExceptionOfType(RequestTimeoutException.class)
			.isThrownBy(() -> adapter.serverSideEmitWithAck("e", new Object[0], 200).block(Duration.ofSeconds(5)))
			.withMessage("timeout reached: only 0 responses received out of 1");
	}

	@Test
	void withoutTheBusLocalTrafficGoesOnAndClusterRequestsFailAtOnce() {
		StubNamespace a = namespace();
		StubSocket socket = a.connect(SID_A);
		this.bus.down(true);
		broadcast(a, BroadcastOptions.ALL, "still", "here");
		assertThat(socket.received()).hasSize(1);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(
					() -> a.<ClassicAdapter>adapter().fetchSockets(BroadcastOptions.ALL).block(Duration.ofSeconds(5)))
			.withMessage("bus down");
	}

	@Test
	void twoJavaServersTellEachOtherWhoAnswered() {
		StubNamespace a = namespace();
		StubNamespace b = namespace();
		StubSocket ca = a.connect("cA");
		StubSocket cb = b.connect("cB");
		RecordingCollector collector = new RecordingCollector(Duration.ofSeconds(2));
		BroadcastMessage message = a.newMessage("ask", new Object[0]);
		message.ackId(a.nextAckId());
		a.<ClassicAdapter>adapter().broadcastWithAck(message, BroadcastOptions.ALL, collector);
		message.release();
		ca.answer(1);
		cb.answer(2, 3);
		assertThat(collector.counts).containsExactly(1, 1);
		assertThat(collector.acks).containsExactly("cA=[1]", "cB=[2]");
		List<SocketDetails> sockets = a.<ClassicAdapter>adapter().fetchSockets(BroadcastOptions.ALL).block();
		assertThat(sockets).extracting(SocketDetails::id).containsExactlyInAnyOrder("cA", "cB");
	}

	static final class RecordingCollector implements AckCollector {

		final List<Integer> counts = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<String> acks = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final Duration timeout;

		RecordingCollector(Duration timeout) {
			this.timeout = timeout;
		}

		@Override
		public Duration timeout() {
			return this.timeout;
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
