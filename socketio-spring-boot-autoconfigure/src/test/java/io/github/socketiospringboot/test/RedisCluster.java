package io.github.socketiospringboot.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A private Redis Cluster for tests: masters and replicas, each a {@link RedisServer} on
 * free ports (its cluster bus too), without persistence, joined with
 * {@code redis-cli --cluster create}. Its nodes fail over quickly
 * ({@code cluster-node-timeout}), and a node can be killed to show what happens. Every
 * process it started is stopped by {@link #close()}, and by a shutdown hook if the JVM
 * ends before.
 */
public final class RedisCluster implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int SLOTS = 16384;

	private final List<RedisServer> nodes = new CopyOnWriteArrayList<>();

	private final Thread shutdownHook = new Thread(this::stopAll, "redis-cluster-cleanup");

	private RedisCluster() {
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts a cluster and waits until every node serves it and every replica has its
	 * master's data.
	 * @param masters how many masters share the slots
	 * @param replicasPerMaster how many replicas each master has
	 * @param nodeTimeout how long a node may be unreachable before it is failed over
	 * @return the running cluster
	 */
	public static RedisCluster start(int masters, int replicasPerMaster, Duration nodeTimeout) {
		RedisCluster cluster = new RedisCluster();
		try {
			for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
				cluster.nodes.add(RedisServer.startClusterNode(nodeTimeout));
			}
			cluster.create(replicasPerMaster);
			cluster.awaitHealthy();
			return cluster;
		}
		catch (RuntimeException | Error ex) {
			cluster.close();
			throw ex;
		}
	}

	private void create(int replicasPerMaster) {
		List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		this.nodes.forEach((node) -> command.add("127.0.0.1:" + node.port()));
		command.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
		try {
			Path log = Files.createTempFile("redis-cluster-create", ".log");
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(log.toFile())
					.start();
				if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException(
							"redis-cli --cluster create did not finish: " + Files.readString(log));
				}
				if (process.exitValue() != 0) {
					throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(log));
				}
			}
			finally {
				Files.deleteIfExists(log);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run redis-cli (is it installed?)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until every running node serves every slot, knows every node and, when a
	 * replica, is in sync with its master.
	 */
	public void awaitHealthy() {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
			for (RedisServer node : running()) {
				String info = node.command("CLUSTER", "INFO");
				if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:" + SLOTS)
						|| !info.contains("cluster_known_nodes:" + this.nodes.size())) {
					return false;
				}
				String replication = node.command("INFO", "replication");
				if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
					return false;
				}
			}
			return true;
		});
	}

	/**
	 * Returns every node, running or not.
	 * @return the nodes
	 */
	public List<RedisServer> nodes() {
		return List.copyOf(this.nodes);
	}

	/**
	 * Returns the nodes that run.
	 * @return the running nodes
	 */
	public List<RedisServer> running() {
		return this.nodes.stream().filter(RedisServer::isRunning).toList();
	}

	/**
	 * Returns every node as {@code spring.data.redis.cluster.nodes} takes them.
	 * @return {@code 127.0.0.1:PORT,...}
	 */
	public String seeds() {
		return this.nodes.stream().map((node) -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
	}

	/**
	 * Returns the URIs of every node, as the seeds of a Lettuce cluster client.
	 * @return {@code redis://127.0.0.1:PORT} each
	 */
	public List<String> uris() {
		return this.nodes.stream().map(RedisServer::uri).toList();
	}

	/**
	 * Returns the master that serves the slot of a key (or channel), as a running node
	 * sees the cluster.
	 * @param key the key
	 * @return the master
	 */
	public RedisServer masterOf(String key) {
		RedisServer observer = running().get(0);
		int slot = Integer.parseInt(observer.command("CLUSTER", "KEYSLOT", key));
		for (String line : observer.command("CLUSTER", "NODES").split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < fields.length; i++) {
				String range = fields[i];
				if (range.startsWith("[")) {
					continue;
				}
				String[] bounds = range.split("-");
				int from = Integer.parseInt(bounds[0]);
				int to = Integer.parseInt(bounds[bounds.length - 1]);
				if (slot >= from && slot <= to) {
					return node(fields[1]);
				}
			}
		}
		throw new IllegalStateException("No master serves slot " + slot + " of " + key);
	}

	/**
	 * Returns the masters, as a running node sees them.
	 * @return the masters that serve slots
	 */
	public List<RedisServer> masters() {
		List<RedisServer> masters = new ArrayList<>();
		for (String line : running().get(0).command("CLUSTER", "NODES").split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length >= 9 && fields[2].contains("master") && !fields[2].contains("fail")) {
				masters.add(node(fields[1]));
			}
		}
		return masters;
	}

	/**
	 * Returns the replicas of a master, as a running node sees them.
	 * @param master the master
	 * @return its replicas
	 */
	public List<RedisServer> replicasOf(RedisServer master) {
		String[] lines = running().stream()
			.filter((node) -> node != master)
			.findFirst()
			.orElseThrow()
			.command("CLUSTER", "NODES")
			.split("\n");
		String masterId = null;
		for (String line : lines) {
			String[] fields = line.trim().split(" ");
			if (fields.length > 1 && node(fields[1]) == master) {
				masterId = fields[0];
			}
		}
		List<RedisServer> replicas = new ArrayList<>();
		for (String line : lines) {
			String[] fields = line.trim().split(" ");
			if (fields.length > 3 && fields[3].equals(masterId)) {
				replicas.add(node(fields[1]));
			}
		}
		return replicas;
	}

	/**
	 * Tells whether a node is a master now, as it sees itself.
	 * @param node the node
	 * @return whether it is a master
	 */
	public static boolean isMaster(RedisServer node) {
		return node.command("INFO", "replication").contains("role:master");
	}

	/**
	 * Counts the connections subscribed to a channel on every master, as the reference
	 * counts the servers of a cluster.
	 * @param sharded whether to count shard channel subscribers
	 * @param channel the channel
	 * @return the sum
	 */
	public long subscribers(boolean sharded, String channel) {
		return masters().stream().mapToLong((master) -> master.subscribers(sharded, channel)).sum();
	}

	/**
	 * Returns the node of an address as {@code CLUSTER NODES} writes it.
	 */
	private RedisServer node(String address) {
		int port = Integer.parseInt(address.substring(address.indexOf(':') + 1).split("[@,]")[0]);
		return this.nodes.stream()
			.filter((node) -> node.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Not a node of this cluster: " + address));
	}

	/**
	 * Returns the node listening on a port.
	 * @param port the port
	 * @return the node, or {@code null}
	 */
	public @Nullable RedisServer nodeOn(int port) {
		return this.nodes.stream().filter((node) -> node.port() == port).findFirst().orElse(null);
	}

	/**
	 * Kills a master and waits until one of its replicas serves its slots and the cluster
	 * is whole again without it.
	 * @param master the master to kill
	 * @return the promoted replica
	 */
	public RedisServer killAndAwaitFailover(RedisServer master) {
		String key = anyKeyServedBy(master);
		master.stop();
		await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
			RedisServer owner = masterOf(key);
			if (owner == master) {
				return false;
			}
			for (RedisServer node : running()) {
				if (!node.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
					return false;
				}
			}
			return true;
		});
		return masterOf(key);
	}

	/**
	 * Returns a key of a slot a master serves.
	 */
	private String anyKeyServedBy(RedisServer master) {
		for (int i = 0; i < 10_000; i++) {
			String key = "probe-" + i;
			if (masterOf(key) == master) {
				return key;
			}
		}
		throw new IllegalStateException("No key found for " + master.port());
	}

	private void stopAll() {
		this.nodes.forEach(RedisServer::close);
	}

	@Override
	public void close() {
		stopAll();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway
		}
	}

}
