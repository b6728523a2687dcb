package io.github.socketiospringboot.adapter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
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

	/** The class of {@link Collections#singleton}'s sets. */
	private static final Class<?> SINGLETON = Collections.singleton("").getClass();

	/** The class of {@link Set#of(Object)}'s sets, which hold no {@code null}. */
	private static final Class<?> ONE_OF = Set.of("").getClass();

	/** Every socket, no modifier. */
	public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT);

	/**
	 * Freezes the sets, keeping their order: a cluster adapter sends the rooms in the
	 * order given, as the reference server does.
	 */
	public BroadcastOptions {
		rooms = freeze(rooms);
		except = freeze(except);
	}

	private static Set<String> freeze(Set<String> names) {
		if (names.isEmpty()) {
			return Set.of();
		}
		if (names.size() == 1) {
			// immutable already, and one name has one order: kept as it is
			if (names.getClass() == ONE_OF) {
				return names;
			}
			if (names.getClass() == SINGLETON) {
				if (names.contains(null)) {
					throw new NullPointerException("room");
				}
				return names;
			}
		}
		Set<String> copy = new LinkedHashSet<>(names.size() * 2);
		for (String name : names) {
			copy.add(Objects.requireNonNull(name, "room"));
		}
		return Collections.unmodifiableSet(copy);
	}

}
