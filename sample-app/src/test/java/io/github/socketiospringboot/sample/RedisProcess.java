package io.github.socketiospringboot.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A private {@code redis-server} (Debian's package, which {@code .ci/run} installs) on a
 * free loopback port, without persistence; never the machine's own Redis.
 */
final class RedisProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path directory;

	private RedisProcess(Process process, int port, Path directory) {
		this.process = process;
		this.port = port;
		this.directory = directory;
	}

	static RedisProcess start() throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Path directory = Files.createTempDirectory("sample-redis");
		Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--dir", directory.toString())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("redis.log").toFile())
			.start();
		RedisProcess redis = new RedisProcess(process, port, directory);
		try {
			Awaitility.await("redis-server on port " + port)
				.atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> !process.isAlive() || accepts(port));
		}
		catch (ConditionTimeoutException ex) {
			// reported below, with the server's log
		}
		if (process.isAlive() && accepts(port)) {
			return redis;
		}
		redis.close();
		throw new IllegalStateException(
				"redis-server did not start: " + Files.readString(directory.resolve("redis.log")));
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		try (var files = Files.walk(this.directory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder left behind is harmless
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
