package io.github.socketiospringboot.adapter.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import org.jspecify.annotations.Nullable;

/**
 * One view of a Redis Cluster: its masters that serve slots, and which of them serves
 * each slot. Immutable; a new view replaces it after each topology refresh.
 */
final class ClusterTopology {

	static final ClusterTopology EMPTY = new ClusterTopology(List.of(), new Node[SlotHash.SLOT_COUNT]);

	private final List<Node> masters;

	private final @Nullable Node[] owners;

	private ClusterTopology(List<Node> masters, @Nullable Node[] owners) {
		this.masters = masters;
		this.owners = owners;
	}

	/**
	 * Reads a view from Lettuce's partitions: a master that serves a slot owns it, one
	 * that works preferred to one the cluster takes for failed.
	 * @param partitions the nodes of the cluster
	 * @return the view
	 */
	static ClusterTopology of(Iterable<RedisClusterNode> partitions) {
		Map<String, Node> masters = new TreeMap<>();
		@Nullable Node[] owners = new Node[SlotHash.SLOT_COUNT];
		for (RedisClusterNode partition : partitions) {
			if (!partition.is(NodeFlag.UPSTREAM) || partition.hasNoSlots() || partition.getUri() == null) {
				continue;
			}
			RedisURI uri = partition.getUri();
			Node node = new Node(uri.getHost() + ":" + uri.getPort(), uri,
					partition.is(NodeFlag.FAIL) || partition.is(NodeFlag.EVENTUAL_FAIL));
			masters.putIfAbsent(node.key(), node);
			partition.forEachSlot((slot) -> {
				Node current = owners[slot];
				if (current == null || (current.failing() && !node.failing())) {
					owners[slot] = node;
				}
			});
		}
		return new ClusterTopology(List.copyOf(masters.values()), owners);
	}

	/**
	 * Returns the masters that serve slots, failing ones included, by address.
	 * @return the masters
	 */
	List<Node> masters() {
		return this.masters;
	}

	/**
	 * Returns a master that serves slots.
	 * @param key its {@link Node#key()}
	 * @return the master, or {@code null} if it is no longer one
	 */
	@Nullable Node master(String key) {
		for (Node master : this.masters) {
			if (master.key().equals(key)) {
				return master;
			}
		}
		return null;
	}

	/**
	 * Returns the master that serves the slot of a key or a shard channel.
	 * @param key the key
	 * @return the master, or {@code null} when no master serves the slot
	 */
	@Nullable Node ownerOf(String key) {
		return this.owners[SlotHash.getSlot(key)];
	}

	/**
	 * Tells whether every slot is served by a master the cluster does not take for
	 * failed.
	 * @return whether the cluster is whole
	 */
	boolean isHealthy() {
		for (Node owner : this.owners) {
			if (owner == null || owner.failing()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns the masters that work.
	 * @return the masters not taken for failed
	 */
	List<Node> workingMasters() {
		List<Node> working = new ArrayList<>();
		for (Node master : this.masters) {
			if (!master.failing()) {
				working.add(master);
			}
		}
		return working;
	}

	@Override
	public String toString() {
		return "masters " + this.masters;
	}

	/**
	 * A master of the cluster.
	 *
	 * @param key its address, {@code host:port}
	 * @param uri how to connect to it, with the credentials and TLS settings of the seeds
	 * @param failing whether the cluster takes it for failed (or possibly failed)
	 */
	record Node(String key, RedisURI uri, boolean failing) {

		@Override
		public String toString() {
			return this.key + (this.failing ? " (failing)" : "");
		}

	}

}
