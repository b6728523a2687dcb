package io.github.socketiospringboot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.test.RawConnection;
import io.github.socketiospringboot.test.RawConnection.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections that never finish a request are closed after the server's idle timeout,
 * here set short with {@code server.netty.idle-timeout} (the starter's default is 60
 * seconds, Node's headers timeout); a long-polling GET held past it and an open WebSocket
 * are not.
 */
class IdleConnectionTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofMillis(500);

	/** Longer than the idle timeout: a held poll is answered by the ping. */
	private static final Duration PING_INTERVAL = Duration.ofMillis(1500);

	private static RunningApplication application;

	@BeforeAll
	static void start() {
		application = RunningApplication.start(new Class<?>[0], "server.netty.idle-timeout=" + IDLE_TIMEOUT.toMillis(),
				"socketio.ping-interval=" + PING_INTERVAL.toMillis(), "socketio.ping-timeout=5s");
	}

	@AfterAll
	static void stop() {
		application.close();
	}

	@Test
	void connectionThatSendsNothingIsClosedAfterTheIdleTimeout() {
		try (RawConnection connection = RawConnection.open(application.port())) {
			long start = System.nanoTime();
			assertThat(connection.awaitEndOfStream(Duration.ofSeconds(5))).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(50));
		}
	}

	@Test
	void connectionWhoseHeadersTrickleInIsClosedAfterTheIdleTimeout() {
		byte[] request = "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
			.getBytes(StandardCharsets.US_ASCII);
		ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		try (RawConnection connection = RawConnection.open(application.port())) {
			AtomicInteger sent = new AtomicInteger();
			// a byte every 50 ms: each read would restart a timeout between reads
			trickle.scheduleAtFixedRate(() -> {
				int next = sent.getAndIncrement();
				connection.write(new byte[] { (next < request.length) ? request[next] : (byte) 'x' });
			}, 0, 50, TimeUnit.MILLISECONDS);
			assertThat(connection.awaitEndOfStream(Duration.ofSeconds(5))).isTrue();
			assertThat(sent.get()).as("bytes sent before the close").isGreaterThan(5);
		}
		finally {
			trickle.shutdownNow();
		}
	}

	@Test
	void longPollingGetHeldPastTheIdleTimeoutIsAnswered() {
		try (RawConnection connection = RawConnection.open(application.port())) {
			connection.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
			String sid = sid(connection.readResponse().body());
			long start = System.nanoTime();
			connection
				.write("GET /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
			Response poll = connection.readResponse();
			assertThat(poll.status()).isEqualTo(200);
			assertThat(poll.body()).isEqualTo("2");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(IDLE_TIMEOUT.multipliedBy(2));
		}
	}

	@Test
	void webSocketSilentPastTheIdleTimeoutStaysOpen() {
		try (RawConnection connection = RawConnection.webSocket(application.port(),
				"/socket.io/?EIO=4&transport=websocket")) {
			assertThat(connection.readText()).startsWith("0{");
			connection.writeText("40");
			assertThat(connection.readText()).startsWith("40{");
			// nothing crosses the connection until the first ping, three idle timeouts on
			RawConnection.Frame ping = connection.readFrame();
			assertThat(ping).isNotNull();
			assertThat(new String(ping.payload(), StandardCharsets.UTF_8)).isEqualTo("2");
			connection.writeText("3");
			connection.writeText("40/nowhere,");
			assertThat(connection.readText()).isEqualTo("44/nowhere,{\"message\":\"Invalid namespace\"}");
		}
	}

	private static String sid(String openPacket) {
		assertThat(openPacket).startsWith("0{");
		return JsonMapper.shared().readTree(openPacket.substring(1)).get("sid").asString();
	}

}
