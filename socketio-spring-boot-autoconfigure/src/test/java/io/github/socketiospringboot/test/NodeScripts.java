package io.github.socketiospringboot.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs Node.js scripts of a test folder (by default this module's {@code src/test/node})
 * as child processes that report events as JSON lines, with the machine's own
 * {@code node} and the packages pinned by the folder's {@code package-lock.json}.
 *
 * <p>
 * Register it as a JUnit extension so that every process a test started is killed after
 * the test:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * final NodeScripts node = NodeScripts.create();
 *
 * &#64;Test
 * void echoes() {
 *     NodeProcess client = this.node.start("engine-client.mjs", url);
 *     client.send(Map.of("cmd", "send", "messages", List.of(Map.of("text", "hi"))));
 *     assertThat(client.awaitEvent("message", Duration.ofSeconds(5)).get("text").asString()).isEqualTo("hi");
 * }
 * </pre>
 *
 * Several processes may run at once; each has its own event queue.
 */
public final class NodeScripts implements AfterEachCallback, AfterAllCallback {

	/** How long a script may run unless told otherwise: 30 seconds. */
	public static final Duration DEFAULT_HARD_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

	private static final String DIRECTORY_PROPERTY = "socketio.test.node-directory";

	private static final Set<Path> installed = new HashSet<>();

	private final Path directory;

	private final Duration hardTimeout;

	private final Map<String, String> environment;

	private final List<NodeProcess> processes;

	private NodeScripts(Path directory, Duration hardTimeout, Map<String, String> environment,
			List<NodeProcess> processes) {
		this.directory = directory;
		this.hardTimeout = hardTimeout;
		this.environment = environment;
		this.processes = processes;
	}

	/**
	 * Returns the scripts of this module's {@code src/test/node} folder, found from the
	 * working directory (the module's folder under Maven, the module's or the
	 * repository's under an IDE) unless the system property
	 * {@code socketio.test.node-directory} names another folder.
	 * @return the scripts
	 */
	public static NodeScripts create() {
		return in(locateDefaultDirectory());
	}

	/**
	 * Returns the scripts of a folder that holds a {@code package.json} and a
	 * {@code package-lock.json}.
	 * @param directory the folder
	 * @return the scripts
	 */
	public static NodeScripts in(Path directory) {
		return new NodeScripts(directory.toAbsolutePath().normalize(), DEFAULT_HARD_TIMEOUT, Map.of(),
				new CopyOnWriteArrayList<>());
	}

	/**
	 * Returns a copy whose processes are killed after the given time, whatever the test
	 * is waiting for. Processes started through either copy are killed after each test.
	 * @param timeout the longest time a process may run
	 * @return the scripts with that timeout
	 */
	public NodeScripts withHardTimeout(Duration timeout) {
		return new NodeScripts(this.directory, timeout, this.environment, this.processes);
	}

	/**
	 * Returns a copy whose processes get extra environment variables, e.g.
	 * {@code DEBUG=engine.io-client:*} to see a client's debug output in
	 * {@link NodeProcess#stderr()}.
	 * @param environment the variables to add
	 * @return the scripts with that environment
	 */
	public NodeScripts withEnvironment(Map<String, String> environment) {
		return new NodeScripts(this.directory, this.hardTimeout, Map.copyOf(environment), this.processes);
	}

	/**
	 * Returns the folder the scripts are in.
	 * @return the folder
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Starts {@code node <script> <args>} in the scripts' folder, after installing the
	 * folder's packages once per JVM if they are missing or older than its lock file.
	 * @param script the script, relative to the folder
	 * @param args the script's arguments
	 * @return the running process
	 */
	public NodeProcess start(String script, String... args) {
		return start(script, Arrays.asList(args));
	}

	/**
	 * Starts {@code node <script> <args>} in the scripts' folder, after installing the
	 * folder's packages once per JVM if they are missing or older than its lock file.
	 * @param script the script, relative to the folder
	 * @param args the script's arguments
	 * @return the running process
	 */
	public NodeProcess start(String script, List<String> args) {
		Path file = this.directory.resolve(script);
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("No script " + file);
		}
		ensureInstalled(this.directory);
		List<String> command = new ArrayList<>(args.size() + 2);
		command.add(executable("node"));
		command.add(script);
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile());
		builder.environment().putAll(this.environment);
		NodeProcess process = NodeProcess.start(script, builder, this.hardTimeout);
		this.processes.add(process);
		return process;
	}

	/**
	 * Kills every process started through these scripts (or a copy of them) that is still
	 * running.
	 */
	public void closeAll() {
		List<NodeProcess> started = List.copyOf(this.processes);
		this.processes.removeAll(started);
		started.forEach(NodeProcess::destroy);
		for (NodeProcess process : started) {
			process.close();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		closeAll();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		closeAll();
	}

	/**
	 * Runs {@code npm ci} in a folder unless this JVM did already or its
	 * {@code node_modules} is up to date with its {@code package-lock.json}.
	 * @param directory the folder holding {@code package-lock.json}
	 */
	public static void ensureInstalled(Path directory) {
		Path folder = directory.toAbsolutePath().normalize();
		synchronized (installed) {
			if (installed.contains(folder)) {
				return;
			}
			if (!isUpToDate(folder)) {
				runNpmCi(folder);
			}
			installed.add(folder);
		}
	}

	private static boolean isUpToDate(Path folder) {
		// npm ci writes node_modules/.package-lock.json last; a lock file changed since
		// (another checkout) means the packages may be stale
		Path hidden = folder.resolve("node_modules/.package-lock.json");
		Path lock = folder.resolve("package-lock.json");
		try {
			if (!Files.isRegularFile(hidden)) {
				return false;
			}
			FileTime installedAt = Files.getLastModifiedTime(hidden);
			return installedAt.compareTo(Files.getLastModifiedTime(lock)) >= 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void runNpmCi(Path folder) {
		Path log;
		try {
			log = Files.createTempFile("npm-ci", ".log");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create the log of npm ci", ex);
		}
		try {
			Process process = new ProcessBuilder(executable("npm"), "ci", "--no-audit", "--no-fund")
				.directory(folder.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(nullFile()))
				.start();
			boolean exited = process.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new IllegalStateException("npm ci in " + folder + " did not finish within " + INSTALL_TIMEOUT
						+ ":\n" + Files.readString(log, StandardCharsets.UTF_8));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("npm ci in " + folder + " failed with exit code " + process.exitValue()
						+ ":\n" + Files.readString(log, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run npm ci in " + folder + " (is npm on the PATH?)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running npm ci in " + folder, ex);
		}
		finally {
			try {
				Files.deleteIfExists(log);
			}
			catch (IOException ex) {
				// a temporary file left behind is harmless
			}
		}
	}

	private static File nullFile() {
		return new File(isWindows() ? "NUL" : "/dev/null");
	}

	private static String executable(String name) {
		return (isWindows() && !name.equals("node")) ? name + ".cmd" : name;
	}

	private static boolean isWindows() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
	}

	private static Path locateDefaultDirectory() {
		String configured = System.getProperty(DIRECTORY_PROPERTY);
		if (configured != null) {
			return Path.of(configured);
		}
		Path workingDirectory = Path.of("").toAbsolutePath();
		for (Path candidate : List.of(workingDirectory.resolve("src/test/node"),
				workingDirectory.resolve("socketio-spring-boot-autoconfigure/src/test/node"))) {
			if (Files.isRegularFile(candidate.resolve("package.json"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("No src/test/node/package.json under " + workingDirectory
				+ "; set the system property " + DIRECTORY_PROPERTY);
	}

}
