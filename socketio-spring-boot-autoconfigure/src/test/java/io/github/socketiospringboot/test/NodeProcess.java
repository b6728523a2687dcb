package io.github.socketiospringboot.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One running Node.js script started by {@link NodeScripts}: the JSON lines it prints on
 * stdout become events that a test awaits with a timeout, commands written to its stdin
 * drive it, and its stderr is kept for failure messages.
 *
 * <p>
 * Events are JSON objects whose {@code event} field names them. A line that is not JSON
 * becomes an event named {@code stdout} whose {@code text} field holds the line. Every
 * event is kept in {@link #events()}; the {@code await} methods hand out each event at
 * most once, the earliest matching one first, so that awaiting one kind of event does not
 * lose events of another kind that arrived in between.
 */
public final class NodeProcess implements AutoCloseable {

	private static final Duration KILL_GRACE = Duration.ofSeconds(3);

	private static final Duration END_GRACE = Duration.ofSeconds(2);

	private static final int STDERR_LIMIT = 64 * 1024;

	private static final JsonMapper json = JsonMapper.shared();

	private static final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "node-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	private final String name;

	private final Process process;

	private final Duration hardTimeout;

	private final List<JsonNode> history = new ArrayList<>();

	private final LinkedList<JsonNode> unread = new LinkedList<>();

	private final StringBuilder stderr = new StringBuilder();

	private final ScheduledFuture<?> killer;

	private final Thread stderrReader;

	private boolean stdoutEnded;

	private volatile boolean timedOut;

	private NodeProcess(String name, Process process, Duration hardTimeout) {
		this.name = name;
		this.process = process;
		this.hardTimeout = hardTimeout;
		startReader(process.getInputStream(), "stdout", this::onStdoutLine, this::onStdoutEnd);
		this.stderrReader = startReader(process.getErrorStream(), "stderr", this::onStderrLine, () -> {
		});
		this.killer = watchdog.schedule(this::onHardTimeout, hardTimeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	static NodeProcess start(String name, ProcessBuilder builder, Duration hardTimeout) {
		try {
			return new NodeProcess(name, builder.start(), hardTimeout);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + builder.command() + " (is node on the PATH?)", ex);
		}
	}

	private Thread startReader(InputStream stream, String kind, Consumer<String> onLine, Runnable onEnd) {
		Thread thread = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					onLine.accept(line);
				}
			}
			catch (IOException ex) {
				// the process was killed while we read: its output ends here
			}
			finally {
				onEnd.run();
			}
		}, "node-" + this.name + "-" + kind);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private void onStdoutLine(String line) {
		JsonNode event;
		try {
			event = json.readTree(line);
		}
		catch (JacksonException ex) {
			event = null;
		}
		if (event == null || !event.isObject()) {
			ObjectNode wrapper = json.createObjectNode();
			wrapper.put("event", "stdout");
			wrapper.put("text", line);
			event = wrapper;
		}
		synchronized (this) {
			this.history.add(event);
			this.unread.add(event);
			notifyAll();
		}
	}

	private synchronized void onStdoutEnd() {
		this.stdoutEnded = true;
		notifyAll();
	}

	private void onStderrLine(String line) {
		synchronized (this.stderr) {
			if (this.stderr.length() < STDERR_LIMIT) {
				this.stderr.append(line).append('\n');
			}
		}
	}

	private void onHardTimeout() {
		this.timedOut = true;
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

	/**
	 * Returns the script's name as given to {@link NodeScripts#start}.
	 * @return the script
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the process id.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Awaits the earliest event not handed out yet, whatever its name.
	 * @param timeout how long to wait
	 * @return the event
	 * @throws AssertionError when none arrives in time or the script ends first
	 */
	public JsonNode next(Duration timeout) {
		return await((event) -> true, "any event", timeout);
	}

	/**
	 * Awaits the earliest event of a name not handed out yet.
	 * @param event the event name (the {@code event} field)
	 * @param timeout how long to wait
	 * @return the event
	 * @throws AssertionError when none arrives in time or the script ends first
	 */
	public JsonNode awaitEvent(String event, Duration timeout) {
		return await(named(event), "event '" + event + "'", timeout);
	}

	/**
	 * Awaits the next {@code count} events of a name not handed out yet, in the order
	 * they arrived, within one overall timeout.
	 * @param event the event name
	 * @param count how many
	 * @param timeout how long to wait for all of them
	 * @return the events
	 * @throws AssertionError when they do not all arrive in time or the script ends first
	 */
	public List<JsonNode> awaitEvents(String event, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<JsonNode> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0));
			events.add(await(named(event), "event '" + event + "' #" + (i + 1) + " of " + count, left));
		}
		return events;
	}

	/**
	 * Awaits the earliest event not handed out yet that matches a condition.
	 * @param condition the condition
	 * @param description what is awaited, for the failure message
	 * @param timeout how long to wait
	 * @return the event
	 * @throws AssertionError when none arrives in time or the script ends first
	 */
	public JsonNode await(Predicate<JsonNode> condition, String description, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this) {
			while (!this.stdoutEnded) {
				JsonNode match = takeFirst(condition);
				if (match != null) {
					return match;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw failure("No " + description + " within " + timeout.toMillis() + " ms");
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw failure("Interrupted while awaiting " + description);
				}
			}
			JsonNode match = takeFirst(condition);
			if (match != null) {
				return match;
			}
		}
		awaitEnd();
		throw failure("The script ended before " + description + " arrived");
	}

	/**
	 * Gives a process whose stdout has ended a moment to exit and to finish its stderr,
	 * so that a failure message tells its exit code and whole error output.
	 */
	private void awaitEnd() {
		try {
			if (this.process.waitFor(END_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				this.stderrReader.join(END_GRACE.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private @Nullable JsonNode takeFirst(Predicate<JsonNode> condition) {
		Iterator<JsonNode> events = this.unread.iterator();
		while (events.hasNext()) {
			JsonNode event = events.next();
			if (condition.test(event)) {
				events.remove();
				return event;
			}
		}
		return null;
	}

	private static Predicate<JsonNode> named(String event) {
		return (candidate) -> event.equals(candidate.path("event").asString(""));
	}

	/**
	 * Returns every event received so far, including those handed out, in order.
	 * @return a snapshot of the events
	 */
	public synchronized List<JsonNode> events() {
		return List.copyOf(this.history);
	}

	/**
	 * Returns every event of a name received so far, including those handed out, in
	 * order.
	 * @param event the event name
	 * @return a snapshot of the events
	 */
	public synchronized List<JsonNode> events(String event) {
		return this.history.stream().filter(named(event)).toList();
	}

	/**
	 * Writes a command to the script's stdin as one JSON line.
	 * @param command the command: a {@code Map}, a record, a {@link JsonNode}…
	 */
	public void send(Object command) {
		sendLine(json.writeValueAsString(command));
	}

	/**
	 * Writes one line to the script's stdin.
	 * @param line the line, without line separator
	 */
	public void sendLine(String line) {
		OutputStream stdin = this.process.getOutputStream();
		try {
			synchronized (stdin) {
				stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
				stdin.flush();
			}
		}
		catch (IOException ex) {
			throw failure("Cannot write to the script's stdin (" + ex + ")");
		}
	}

	/**
	 * Closes the script's stdin; scripts built on {@code lib/harness.mjs} exit then.
	 */
	public void closeStdin() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// the process is gone already
		}
	}

	/**
	 * Awaits the end of the process.
	 * @param timeout how long to wait
	 * @return the exit code
	 * @throws AssertionError when it is still running after the timeout
	 */
	public int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw failure("The script did not exit within " + timeout.toMillis() + " ms");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure("Interrupted while awaiting the end of the script");
		}
		return this.process.exitValue();
	}

	/**
	 * Tells whether the process is still running.
	 * @return whether it runs
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Returns what the script wrote to stderr so far (the first 64 KiB).
	 * @return the error output
	 */
	public String stderr() {
		synchronized (this.stderr) {
			return this.stderr.toString();
		}
	}

	/**
	 * Builds an {@link AssertionError} that tells what the script printed, for a test's
	 * own failures.
	 * @param message what went wrong
	 * @return the error, to throw
	 */
	public AssertionError failure(String message) {
		StringBuilder text = new StringBuilder(message).append(" [").append(this.name).append(", pid ").append(pid());
		if (this.timedOut) {
			text.append(", killed after the hard timeout of ").append(this.hardTimeout.toMillis()).append(" ms");
		}
		else if (!this.process.isAlive()) {
			text.append(", exited with ").append(this.process.exitValue());
		}
		text.append("]\nevents:");
		for (JsonNode event : events()) {
			String line = event.toString();
			text.append("\n  ").append((line.length() > 500) ? line.substring(0, 500) + "…" : line);
		}
		text.append("\nstderr:\n").append(stderr());
		return new AssertionError(text.toString());
	}

	/**
	 * Kills the process and any process it started, without waiting.
	 */
	void destroy() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
	}

	/**
	 * Kills the process and any process it started: politely first, forcibly when it is
	 * still running after a grace period; returns once it has ended.
	 */
	@Override
	public void close() {
		this.killer.cancel(false);
		closeStdin();
		List<ProcessHandle> descendants = this.process.descendants().toList();
		destroy();
		try {
			if (!this.process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				descendants.forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly().waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

}
