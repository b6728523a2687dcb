package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Order and exactly-once delivery with official {@code socket.io-client} processes on
 * long-polling, WebSocket and upgraded connections: numbered broadcasts, one socket fed
 * by several server threads at once, and a client's own stream of events.
 */
class OrderingInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final NodeScripts node = NodeScripts.create().withHardTimeout(Duration.ofSeconds(50));

	private TestSocketIOServer server;

	@BeforeEach
	void start() {
		this.server = TestSocketIOServer.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void everyTransportReceivesEveryBroadcastOnceAndInOrderEvenWhileConnectingAndUpgrading() {
		List<Peer> steady = Peer.connect(this.node, this.server.url(), "/", Transport.POLLING, Transport.WEBSOCKET);
		for (Peer peer : steady) {
			peer.client().answer("/", "tick", peer.name());
		}
		// this client connects, then upgrades, while the broadcasts go on
		SioClient late = SioClient.start(this.node, this.server.url()).connect("/", Transport.UPGRADED);
		late.answer("/", "tick", "late");
		int next = 0;
		int roundsAfterUpgrade = 0;
		for (int round = 0; roundsAfterUpgrade < 3 || round < 5; round++) {
			assertThat(round).as("rounds before the late client upgraded").isLessThan(500);
			for (int i = 0; i < 10; i++) {
				this.server.io().emit("n", next++);
			}
			// one round trip with every client per round paces the broadcasts
			this.server.io().timeout(TIMEOUT).emitWithAck("tick").block(TIMEOUT);
			if (!late.reports("upgrade", "/").isEmpty()) {
				roundsAfterUpgrade++;
			}
		}
		int last = next - 1;
		for (Peer peer : steady) {
			assertThat(numbers(peer.client(), last)).as(peer.name())
				.isEqualTo(IntStream.range(0, next).boxed().toList());
		}
		List<Integer> lateNumbers = numbers(late, last);
		assertThat(lateNumbers).as("late client").isNotEmpty();
		assertThat(lateNumbers).as("late client")
			.isEqualTo(IntStream.rangeClosed(lateNumbers.get(0), last).boxed().toList());
		assertThat(late.reports("upgrade", "/")).hasSize(1);
	}

	@Test
	void emitsFromSeveralServerThreadsToOneSocketKeepEachThreadsOrder() throws Exception {
		List<Peer> peers = Peer.connect(this.node, this.server.url(), "/", Transport.WEBSOCKET, Transport.POLLING,
				Transport.UPGRADED);
		peers.get(2).client().awaitReport("upgrade", "/", TIMEOUT);
		List<SocketIOSocket> sockets = peers.stream().map((peer) -> peer.on(this.server.io())).toList();
		int threads = 4;
		int perThread = 200;
		runOnThreads(threads, (thread) -> {
			for (int i = 0; i < perThread; i++) {
				for (SocketIOSocket socket : sockets) {
					// every fifth event has binary attachments: several frames
					// that must stay together
					if (i % 5 == 0) {
						socket.emit("seq", thread, i, new byte[] { (byte) thread, (byte) i }, new byte[] { 7 });
					}
					else {
						socket.emit("seq", thread, i);
					}
				}
			}
		});
		for (Peer peer : peers) {
			List<JsonNode> received = peer.client().awaitEvents("/", "seq", threads * perThread, TIMEOUT);
			Map<Integer, List<Integer>> byThread = new ConcurrentHashMap<>();
			for (JsonNode event : received) {
				JsonNode args = SioClient.args(event);
				int thread = args.get(0).asInt();
				int i = args.get(1).asInt();
				byThread.computeIfAbsent(thread, (key) -> new ArrayList<>()).add(i);
				if (i % 5 == 0) {
					assertThat(args.get(2).binaryValue()).as(peer.name()).containsExactly(thread, i);
					assertThat(args.get(3).binaryValue()).as(peer.name()).containsExactly(7);
				}
				else {
					assertThat(args.size()).isEqualTo(2);
				}
			}
			assertThat(byThread).as(peer.name()).hasSize(threads);
			byThread.forEach((thread, numbers) -> assertThat(numbers).as(peer.name() + ", thread " + thread)
				.isEqualTo(IntStream.range(0, perThread).boxed().toList()));
		}
		assertThat(this.server.io().sockets().sockets()).hasSize(peers.size());
	}

	@Test
	void broadcastsAndDirectEmitsFromOneThreadKeepThatThreadsOrder() throws Exception {
		List<Peer> peers = Peer.connect(this.node, this.server.url(), "/", Transport.WEBSOCKET, Transport.WEBSOCKET,
				Transport.POLLING, Transport.UPGRADED);
		peers.get(3).client().awaitReport("upgrade", "/", TIMEOUT);
		List<SocketIOSocket> sockets = peers.stream().map((peer) -> peer.on(this.server.io())).toList();
		String[] rooms = sockets.stream().map(SocketIOSocket::id).toArray(String[]::new);
		int threads = 3;
		int perThread = 300;
		runOnThreads(threads, (thread) -> {
			for (int i = 0; i < perThread; i++) {
				// broadcasts reach each socket on its own event loop, direct
				// emits
				// through the loop's queue: one thread's order must hold across
				// both
				if (i % 3 == 0) {
					this.server.io().emit("mix", thread, i);
				}
				else if (i % 3 == 1) {
					for (SocketIOSocket socket : sockets) {
						socket.emit("mix", thread, i);
					}
				}
				else {
					this.server.io().to(rooms).emit("mix", thread, i);
				}
			}
		});
		for (Peer peer : peers) {
			List<JsonNode> received = peer.client().awaitEvents("/", "mix", threads * perThread, TIMEOUT);
			Map<Integer, List<Integer>> byThread = new ConcurrentHashMap<>();
			for (JsonNode event : received) {
				JsonNode args = SioClient.args(event);
				byThread.computeIfAbsent(args.get(0).asInt(), (key) -> new ArrayList<>()).add(args.get(1).asInt());
			}
			assertThat(byThread).as(peer.name()).hasSize(threads);
			byThread.forEach((thread, numbers) -> assertThat(numbers).as(peer.name() + ", thread " + thread)
				.isEqualTo(IntStream.range(0, perThread).boxed().toList()));
		}
	}

	/**
	 * Runs the body on as many server-side threads at once, each given its number, and
	 * waits for all of them.
	 */
	private static void runOnThreads(int threads, ThreadBody body) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(executor.submit(() -> {
					start.await();
					body.run(thread);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface ThreadBody {

		void run(int thread) throws Exception;

	}

	@Test
	void aClientsEventsReachTheServerInOrderOnEveryTransport() {
		Map<String, Queue<Integer>> received = new ConcurrentHashMap<>();
		this.server.io()
			.sockets()
			.on("up", (event) -> received.computeIfAbsent(event.socket().id(), (id) -> new ConcurrentLinkedQueue<>())
				// as JSON: a typed conversion would create Jackson's deserializer on
				// several
				// event loops at once, whose lock BlockHound reports
				.add(event.args().get(0).asInt()));
		List<Peer> peers = Peer.connect(this.node, this.server.url(), "/", Transport.WEBSOCKET, Transport.POLLING,
				Transport.UPGRADED);
		int count = 500;
		for (Peer peer : peers) {
			peer.client().emitMany("/", "up", count);
		}
		for (Peer peer : peers) {
			await().atMost(TIMEOUT)
				.until(() -> received.getOrDefault(peer.id(), new ConcurrentLinkedQueue<>()).size() >= count);
			assertThat(List.copyOf(received.get(peer.id()))).as(peer.name())
				.isEqualTo(IntStream.range(0, count).boxed().toList());
		}
	}

	/**
	 * Awaits the event {@code n} carrying {@code last} and returns the numbers received.
	 */
	private static List<Integer> numbers(SioClient client, int last) {
		client.process()
			.await((event) -> "event".equals(event.path("event").asString(""))
					&& "n".equals(event.path("name").asString("")) && event.at("/args/0").asInt(-1) == last,
					"n " + last, TIMEOUT);
		return client.received("/")
			.stream()
			.filter((event) -> event.get("name").asString().equals("n"))
			.map((event) -> event.at("/args/0").asInt())
			.toList();
	}

}
