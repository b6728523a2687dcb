package io.github.socketiospringboot.adapter;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The members of one room of {@link InMemoryAdapter}: their ids, as a set, and the local
 * socket of each, resolved when it joined, so that a broadcast to the room walks its
 * sockets without looking each id up. A member whose socket was not found when it joined
 * (an id of no socket of this server) is looked up by id on each broadcast, as before.
 *
 * <p>
 * Up to {@link #LIMIT} members the set is immutable, in insertion order, and replaced on
 * each change: a broadcast walks two arrays. Past that it becomes a concurrent map
 * changed in place. Callers change a set only inside the {@code compute} of the map that
 * holds it, so that changes to one room are serialized while broadcasts walk whatever set
 * they got without locking.
 */
abstract class RoomMembers extends AbstractSet<String> {

	/** The size up to which a room is copied on change rather than changed in place. */
	static final int LIMIT = 32;

	private RoomMembers() {
	}

	/**
	 * Returns {@code members} with {@code id} added: the same set when it held it already
	 * with the same socket, or changes in place.
	 * @param members the members, {@code null} for none
	 * @param id the id of the socket that joins
	 * @param socket its local socket, or {@code null} when it is none of this server's
	 * @return the set to hold from now on
	 */
	static RoomMembers plus(@Nullable RoomMembers members, String id, @Nullable LocalSocket socket) {
		if (members == null) {
			return new Small(new String[] { id }, new LocalSocket[] { socket });
		}
		return members.with(id, socket);
	}

	/**
	 * Returns {@code members} without {@code id}: the same set when it did not hold it or
	 * changes in place, {@code null} when nobody is left.
	 * @param members the members
	 * @param id the id of the socket that leaves
	 * @return the set to hold from now on, {@code null} for none
	 */
	static @Nullable RoomMembers minus(RoomMembers members, String id) {
		return members.without(id);
	}

	abstract RoomMembers with(String id, @Nullable LocalSocket socket);

	abstract @Nullable RoomMembers without(String id);

	/**
	 * Tells whether {@link #contains} is about as quick as a hash set's.
	 * @param scanned the size up to which a scan of the ids counts as quick
	 * @return whether the members are hashed or no more than {@code scanned}
	 */
	abstract boolean checksQuickly(int scanned);

	/**
	 * Hands each member's socket to {@code action}, but those whose id is in
	 * {@code except} or, when {@code seen} is given, already in it (the ids handed are
	 * added to it). Members without a socket of their own are looked up in {@code host}.
	 * @param host the namespace, for the members not resolved when they joined
	 * @param except the ids left out
	 * @param seen the ids handed so far, when several rooms are walked; else {@code null}
	 * @param action what to do with each socket
	 */
	abstract void forEachSocket(AdapterHost host, Set<String> except, @Nullable Set<String> seen,
			Consumer<LocalSocket> action);

	/**
	 * Tells whether a member is left out of a broadcast.
	 */
	private static boolean skips(String id, Set<String> except, @Nullable Set<String> seen) {
		return (seen != null && !seen.add(id)) || (!except.isEmpty() && except.contains(id));
	}

	/**
	 * A room of up to {@link #LIMIT} members: immutable.
	 */
	private static final class Small extends RoomMembers {

		private final String[] ids;

		/** The socket of each id, {@code null} for one not found when it joined. */
		private final @Nullable LocalSocket[] sockets;

		Small(String[] ids, @Nullable LocalSocket[] sockets) {
			this.ids = ids;
			this.sockets = sockets;
		}

		private int indexOf(@Nullable Object id) {
			String[] all = this.ids;
			for (int i = 0; i < all.length; i++) {
				if (all[i].equals(id)) {
					return i;
				}
			}
			return -1;
		}

		@Override
		RoomMembers with(String id, @Nullable LocalSocket socket) {
			int index = indexOf(id);
			int size = this.ids.length;
			if (index >= 0) {
				if (socket == null || this.sockets[index] == socket) {
					return this;
				}
				// joined again with a new socket under the same id (a recovered session)
				@Nullable LocalSocket[] replaced = this.sockets.clone();
				replaced[index] = socket;
				return new Small(this.ids, replaced);
			}
			if (size < LIMIT) {
				String[] grownIds = Arrays.copyOf(this.ids, size + 1);
				@Nullable LocalSocket[] grownSockets = Arrays.copyOf(this.sockets, size + 1);
				grownIds[size] = id;
				grownSockets[size] = socket;
				return new Small(grownIds, grownSockets);
			}
			Large large = new Large();
			for (int i = 0; i < size; i++) {
				large.put(this.ids[i], this.sockets[i]);
			}
			large.put(id, socket);
			return large;
		}

		@Override
		@Nullable RoomMembers without(String id) {
			int index = indexOf(id);
			if (index < 0) {
				return this;
			}
			int size = this.ids.length;
			if (size == 1) {
				return null;
			}
			String[] shrunkIds = new String[size - 1];
			@Nullable LocalSocket[] shrunkSockets = new LocalSocket[size - 1];
			System.arraycopy(this.ids, 0, shrunkIds, 0, index);
			System.arraycopy(this.ids, index + 1, shrunkIds, index, size - 1 - index);
			System.arraycopy(this.sockets, 0, shrunkSockets, 0, index);
			System.arraycopy(this.sockets, index + 1, shrunkSockets, index, size - 1 - index);
			return new Small(shrunkIds, shrunkSockets);
		}

		@Override
		boolean checksQuickly(int scanned) {
			return this.ids.length <= scanned;
		}

		@Override
		void forEachSocket(AdapterHost host, Set<String> except, @Nullable Set<String> seen,
				Consumer<LocalSocket> action) {
			String[] all = this.ids;
			@Nullable LocalSocket[] resolved = this.sockets;
			boolean filtered = seen != null || !except.isEmpty();
			for (int i = 0; i < all.length; i++) {
				if (filtered && skips(all[i], except, seen)) {
					continue;
				}
				LocalSocket socket = resolved[i];
				if (socket == null) {
					socket = host.localSocket(all[i]);
				}
				if (socket != null) {
					action.accept(socket);
				}
			}
		}

		@Override
		public boolean contains(@Nullable Object id) {
			return indexOf(id) >= 0;
		}

		@Override
		public int size() {
			return this.ids.length;
		}

		@Override
		public boolean isEmpty() {
			return false;
		}

		@Override
		public Iterator<String> iterator() {
			// no remove: the set is immutable
			return Arrays.asList(this.ids).iterator();
		}

	}

	/**
	 * A room of more than {@link #LIMIT} members: changed in place.
	 */
	private static final class Large extends RoomMembers {

		/** Each member's socket by id, or its id when it had none when it joined. */
		private final ConcurrentHashMap<String, Object> members = new ConcurrentHashMap<>();

		private final Set<String> ids = Collections.unmodifiableSet(this.members.keySet());

		void put(String id, @Nullable LocalSocket socket) {
			if (socket != null) {
				this.members.put(id, socket);
			}
			else {
				this.members.putIfAbsent(id, id);
			}
		}

		@Override
		RoomMembers with(String id, @Nullable LocalSocket socket) {
			put(id, socket);
			return this;
		}

		@Override
		@Nullable RoomMembers without(String id) {
			this.members.remove(id);
			return this.members.isEmpty() ? null : this;
		}

		@Override
		boolean checksQuickly(int scanned) {
			return true;
		}

		@Override
		void forEachSocket(AdapterHost host, Set<String> except, @Nullable Set<String> seen,
				Consumer<LocalSocket> action) {
			boolean filtered = seen != null || !except.isEmpty();
			for (Object member : this.members.values()) {
				LocalSocket socket = (member instanceof LocalSocket resolved) ? resolved : null;
				if (filtered && skips((socket != null) ? socket.id() : (String) member, except, seen)) {
					continue;
				}
				if (socket == null) {
					socket = host.localSocket((String) member);
				}
				if (socket != null) {
					action.accept(socket);
				}
			}
		}

		@Override
		public boolean contains(@Nullable Object id) {
			return id != null && this.members.containsKey(id);
		}

		@Override
		public int size() {
			return this.members.size();
		}

		@Override
		public boolean isEmpty() {
			return this.members.isEmpty();
		}

		@Override
		public Iterator<String> iterator() {
			return this.ids.iterator();
		}

	}

}
