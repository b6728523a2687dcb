package io.github.socketiospringboot.adapter;

import java.util.Set;

/**
 * Which sockets a broadcast reaches: members of any of {@code rooms} (every socket when
 * empty), minus the members of any of {@code except}, with the broadcast's flags.
 *
 * @param rooms the target rooms; empty for every socket of the namespace
 * @param except the rooms whose members are left out
 * @param flags the broadcast modifiers
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, BroadcastFlags flags) {

	/** Every socket, no modifier. */
	public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT);

	/**
	 * Freezes the sets.
	 */
	public BroadcastOptions {
		rooms = Set.copyOf(rooms);
		except = Set.copyOf(except);
	}

}
