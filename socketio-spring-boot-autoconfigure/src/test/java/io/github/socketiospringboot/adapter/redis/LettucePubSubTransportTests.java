package io.github.socketiospringboot.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.adapter.cluster.PubSubTransport.MessageListener;
import io.github.socketiospringboot.test.RedisServer;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class LettucePubSubTransportTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static RedisServer redis;

	private static RedisClient client;

	private final List<LettucePubSubTransport> transports = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
		client = RedisClient.create(redis.uri());
	}

	@AfterAll
	static void stopRedis() {
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		redis.close();
	}

	@AfterEach
	void closeTransports() {
		this.transports.forEach(LettucePubSubTransport::close);
		if (!redis.isRunning()) {
			redis.restart();
		}
	}

	private LettucePubSubTransport classic() {
		LettucePubSubTransport transport = LettucePubSubTransport.classic(() -> client, WAIT);
		this.transports.add(transport);
		return transport;
	}

	private LettucePubSubTransport sharded() {
		LettucePubSubTransport transport = LettucePubSubTransport.sharded(() -> client, WAIT);
		this.transports.add(transport);
		return transport;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void channelsAndPatternsCarryMessagesAndOnlyChannelSubscribersAreCounted() {
		LettucePubSubTransport a = classic();
		LettucePubSubTransport b = classic();
		Received received = new Received();
		a.subscribe("t1-req#/#", received).block(WAIT);
		a.psubscribe("t1#/#*", received).block(WAIT);
		b.subscribe("t1-req#/#", (channel, payload) -> {
		}).block(WAIT);
		await().atMost(WAIT).until(b::isConnected);
		b.publish("t1-req#/#", bytes("request")).block(WAIT);
		b.publish("t1#/#room1#", bytes("broadcast")).block(WAIT);
		await().atMost(WAIT).until(() -> received.messages.size() == 2);
		assertThat(received.messages).containsExactly("t1-req#/#=request", "t1#/#room1#=broadcast");
		assertThat(a.subscriberCount("t1-req#/#").block(WAIT)).isEqualTo(2);
		assertThat(a.subscriberCount("t1#/#").block(WAIT)).isZero();
		a.unsubscribe("t1-req#/#").block(WAIT);
		assertThat(a.subscriberCount("t1-req#/#").block(WAIT)).isEqualTo(1);
	}

	@Test
	void shardedChannelsCarryMessagesAndAreCounted() {
		LettucePubSubTransport a = sharded();
		LettucePubSubTransport b = sharded();
		Received received = new Received();
		a.subscribe("t2#/#", received).block(WAIT);
		b.subscribe("t2#/#", (channel, payload) -> {
		}).block(WAIT);
		assertThat(a.subscriberCount("t2#/#").block(WAIT)).isEqualTo(2);
		b.publish("t2#/#", bytes("sharded")).block(WAIT);
		await().atMost(WAIT).until(() -> received.messages.size() == 1);
		assertThat(received.messages).containsExactly("t2#/#=sharded");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> a.psubscribe("t2*", received).block(WAIT));
	}

	@Test
	void whileRedisIsAwayPublicationsFailAtOnceAndAfterItReturnsEverySubscriptionIsBack() {
		LettucePubSubTransport classic = classic();
		LettucePubSubTransport sharded = sharded();
		LettucePubSubTransport publisher = classic();
		LettucePubSubTransport shardedPublisher = sharded();
		Received received = new Received();
		classic.subscribe("t3-req#/#", received).block(WAIT);
		classic.psubscribe("t3#/#*", received).block(WAIT);
		classic.subscribe("t3-gone#/#", received).block(WAIT);
		sharded.subscribe("t3s#/#", received).block(WAIT);
		await().atMost(WAIT).until(() -> publisher.isConnected() && shardedPublisher.isConnected());

		redis.stop();
		await().atMost(WAIT).until(() -> !publisher.isConnected() && !classic.isConnected());
		long start = System.nanoTime();
		assertThatExceptionOfType(RedisUnavailableException.class)
			.isThrownBy(() -> publisher.publish("t3-req#/#", bytes("lost")).block(WAIT));
		assertThatExceptionOfType(RedisUnavailableException.class)
			.isThrownBy(() -> publisher.subscriberCount("t3-req#/#").block(WAIT));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		// changes made while Redis is away are applied once it is back
		classic.subscribe("t3-new#/#", received).block(WAIT);
		classic.unsubscribe("t3-gone#/#").block(WAIT);
		sharded.subscribe("t3s#/#room#", received).block(WAIT);

		redis.restart();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> publisher.isConnected() && classic.isConnected() && shardedPublisher.isConnected()
					&& sharded.isConnected());
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(publisher.subscriberCount("t3-req#/#").block(WAIT)).isEqualTo(1);
			assertThat(publisher.subscriberCount("t3-new#/#").block(WAIT)).isEqualTo(1);
			assertThat(publisher.subscriberCount("t3-gone#/#").block(WAIT)).isZero();
			assertThat(shardedPublisher.subscriberCount("t3s#/#").block(WAIT)).isEqualTo(1);
			assertThat(shardedPublisher.subscriberCount("t3s#/#room#").block(WAIT)).isEqualTo(1);
		});
		publisher.publish("t3-req#/#", bytes("1")).block(WAIT);
		publisher.publish("t3#/#x#", bytes("2")).block(WAIT);
		publisher.publish("t3-new#/#", bytes("3")).block(WAIT);
		shardedPublisher.publish("t3s#/#", bytes("4")).block(WAIT);
		shardedPublisher.publish("t3s#/#room#", bytes("5")).block(WAIT);
		await().atMost(WAIT).until(() -> received.messages.size() >= 5);
		assertThat(received.messages).containsExactlyInAnyOrder("t3-req#/#=1", "t3#/#x#=2", "t3-new#/#=3", "t3s#/#=4",
				"t3s#/#room#=5");
	}

	@Test
	void aTransportStartedBeforeRedisConnectsWhenItComes() {
		redis.stop();
		LettucePubSubTransport transport = classic();
		Received received = new Received();
		transport.subscribe("t4#/#", received).subscribe();
		assertThatExceptionOfType(RedisUnavailableException.class)
			.isThrownBy(() -> transport.publish("t4#/#", bytes("early")).block(WAIT));
		redis.restart();
		await().atMost(Duration.ofSeconds(20)).until(transport::isConnected);
		await().atMost(WAIT).until(() -> transport.subscriberCount("t4#/#").block(WAIT) == 1);
		transport.publish("t4#/#", bytes("late")).block(WAIT);
		await().atMost(WAIT).until(() -> received.messages.contains("t4#/#=late"));
	}

	@Test
	void publicationsFromManyEventThreadsWhileClosingAllSucceedOrFindTheTransportClosed() throws Exception {
		// not closed again after the test: a close that never came back would hold its
		// monitor
		LettucePubSubTransport transport = LettucePubSubTransport.classic(() -> client, WAIT);
		await().atMost(WAIT).until(transport::isConnected);
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		AtomicInteger published = new AtomicInteger();
		Scheduler loops = Schedulers.newParallel("publishers", 4);
		try {
			CountDownLatch started = new CountDownLatch(4);
			for (int i = 0; i < 4; i++) {
				loops.schedule(() -> {
					started.countDown();
					for (int n = 0; n < 5000; n++) {
						transport.publish("t5#/#", bytes("m")).subscribe(null, errors::add, published::incrementAndGet);
					}
				});
			}
			assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			await().atMost(WAIT).until(() -> published.get() > 1000);
			// the writers of Lettuce's connection are counted under a lock that these
			// event threads contend for; a close amid them must still come back
			CompletableFuture.runAsync(transport::close).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			loops.dispose();
		}
		// commands cut off by the close fail with Lettuce's own exception, later ones
		// with ours
		assertThat(errors).allSatisfy((error) -> assertThat(error).isInstanceOfAny(RedisUnavailableException.class,
				io.lettuce.core.RedisException.class));
	}

	static final class Received implements MessageListener {

		final List<String> messages = new CopyOnWriteArrayList<>();

		@Override
		public void onMessage(String channel, byte[] payload) {
			this.messages.add(channel + "=" + new String(payload, StandardCharsets.UTF_8));
		}

	}

}
