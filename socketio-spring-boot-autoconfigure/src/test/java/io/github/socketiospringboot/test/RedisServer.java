package io.github.socketiospringboot.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A private {@code redis-server} for tests, on a free loopback port, without persistence,
 * in a temporary folder; it can be stopped and started again on the same port to show
 * what happens when Redis goes away. It may also be a replica of another one, a Sentinel
 * ({@code redis-server --sentinel}) that monitors one, or a node of a Redis Cluster (see
 * {@link RedisCluster}). Never touches a Redis it did not start.
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(15);

	private final int port;

	private final Path directory;

	/**
	 * The arguments of {@code redis-server} before the port, folder and persistence
	 * settings: a configuration file comes first.
	 */
	private final List<String> arguments;

	private @Nullable Process process;

	private RedisServer(int port, Path directory, List<String> arguments) {
		this.port = port;
		this.directory = directory;
		this.arguments = arguments;
	}

	/**
	 * Tells whether {@code redis-server} is installed.
	 * @return whether tests can start one
	 */
	public static boolean available() {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, "redis-server"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Starts a server on a free port and waits until it answers.
	 * @return the running server
	 */
	public static RedisServer start() {
		try {
			return onFreePorts(() -> start(freePort(), Files.createTempDirectory("redis-test"), List.of()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts a replica of a server on a free port and waits until it answers (not until
	 * it has synchronised).
	 * @param master the server it replicates
	 * @return the running replica
	 */
	public static RedisServer startReplica(RedisServer master) {
		try {
			return onFreePorts(() -> start(freePort(), Files.createTempDirectory("redis-test"),
					List.of("--replicaof", "127.0.0.1", Integer.toString(master.port()))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts a Sentinel on a free port that monitors a master alone (quorum 1), with a
	 * configuration file of its own in its temporary folder, and waits until it answers.
	 * @param masterName the name under which the Sentinel knows the master
	 * @param master the master
	 * @param downAfter how long the master must be unreachable before the Sentinel fails
	 * it over
	 * @return the running Sentinel
	 */
	public static RedisServer startSentinel(String masterName, RedisServer master, Duration downAfter) {
		try {
			Path directory = Files.createTempDirectory("redis-sentinel-test");
			Path config = directory.resolve("sentinel.conf");
			// the Sentinel rewrites this file as it learns replicas and failovers
			Files.writeString(config,
					String.join("\n", "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 1",
							"sentinel down-after-milliseconds " + masterName + " " + downAfter.toMillis(),
							"sentinel failover-timeout " + masterName + " 10000", ""));
			return start(freePort(), directory, List.of(config.toString(), "--sentinel"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts a node of a Redis Cluster on a free port, with its cluster bus on another
	 * free port and its cluster configuration file in its temporary folder, and waits
	 * until it answers (it belongs to no cluster yet).
	 * @param nodeTimeout how long the other nodes wait for an answer before they take it
	 * for failed ({@code cluster-node-timeout})
	 * @return the running node
	 */
	public static RedisServer startClusterNode(Duration nodeTimeout) {
		try {
			return onFreePorts(() -> {
				Path directory = Files.createTempDirectory("redis-cluster-test");
				return start(freePort(), directory,
						List.of("--cluster-enabled", "yes", "--cluster-port", Integer.toString(freePort()),
								"--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()),
								"--cluster-config-file", directory.resolve("nodes.conf").toString()));
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static RedisServer start(int port, Path directory, List<String> arguments) throws IOException {
		RedisServer server = new RedisServer(port, directory, arguments);
		server.startProcess();
		return server;
	}

	/**
	 * Starts a server on ports found free, again on other ports (at most five times) when
	 * one of them was taken before {@code redis-server} bound it: the machine's other
	 * processes (tests of other builds) take ports between the check and the bind.
	 */
	private static RedisServer onFreePorts(Attempt attempt) throws IOException {
		for (int tries = 1;; tries++) {
			try {
				return attempt.start();
			}
			catch (IllegalStateException ex) {
				if (tries >= 5 || !String.valueOf(ex.getMessage()).contains("Address already in use")) {
					throw ex;
				}
			}
		}
	}

	@FunctionalInterface
	private interface Attempt {

		RedisServer start() throws IOException;

	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Returns the port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns the URI Lettuce connects to.
	 * @return {@code redis://127.0.0.1:PORT}
	 */
	public String uri() {
		return "redis://127.0.0.1:" + this.port;
	}

	/**
	 * Tells whether the server process runs.
	 * @return whether it runs
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	private synchronized void startProcess() throws IOException {
		List<String> command = new ArrayList<>();
		command.add("redis-server");
		command.addAll(this.arguments);
		command.addAll(List.of("--port", Integer.toString(this.port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--daemonize", "no", "--dir", this.directory.toString(),
				// replicas get their first copy at once, not 5 s later
				"--repl-diskless-sync-delay", "0"));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectErrorStream(true);
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("redis.log").toFile()));
		this.process = builder.start();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited: " + log());
			}
			if (answersPing()) {
				return;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		this.process.destroyForcibly();
		throw new IllegalStateException("redis-server did not answer within " + STARTUP + ": " + log());
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.readNBytes(answer, 0, 7);
			return read == 7 && new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Sends one command and returns its answer: the text of a simple or bulk string, the
	 * digits of an integer, or the error's text prefixed with {@code -}; the elements of
	 * an array as their texts, one a line.
	 * @param arguments the command and its arguments
	 * @return the answer
	 * @throws UncheckedIOException if the server does not answer within a second
	 */
	public String command(String... arguments) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			socket.setSoTimeout(1000);
			StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
			for (String argument : arguments) {
				byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
				request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			return readReply(new java.io.BufferedInputStream(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Counts the connections subscribed to a channel on this node.
	 * @param sharded whether to count shard channel subscribers ({@code SHARDNUMSUB})
	 * rather than channel subscribers ({@code NUMSUB})
	 * @param channel the channel
	 * @return the count
	 */
	public long subscribers(boolean sharded, String channel) {
		String[] answer = command("PUBSUB", sharded ? "SHARDNUMSUB" : "NUMSUB", channel).split("\n");
		return Long.parseLong(answer[1]);
	}

	private static String readReply(InputStream in) throws IOException {
		String line = readLine(in);
		return switch (line.charAt(0)) {
			case '+', ':' -> line.substring(1);
			case '-' -> line;
			case '$' -> {
				int length = Integer.parseInt(line.substring(1));
				if (length < 0) {
					yield "";
				}
				String text = new String(in.readNBytes(length), StandardCharsets.UTF_8);
				readLine(in);
				yield text;
			}
			case '*' -> {
				List<String> elements = new ArrayList<>();
				for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
					elements.add(readReply(in));
				}
				yield String.join("\n", elements);
			}
			default -> throw new IllegalStateException("Unexpected answer: " + line);
		};
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		if (c == -1 && line.isEmpty()) {
			throw new IOException("No answer");
		}
		return line.toString();
	}

	private String log() {
		try {
			return Files.readString(this.directory.resolve("redis.log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	/**
	 * Stops the server abruptly (SIGKILL), as a crash would, and waits for it to be gone.
	 */
	public synchronized void stop() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		running.destroyForcibly();
		try {
			if (!running.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server did not stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	/**
	 * Starts the server again on the same port.
	 */
	public synchronized void restart() {
		stop();
		try {
			startProcess();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		stop();
		try (var files = Files.walk(this.directory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder left behind is harmless
		}
	}

}
