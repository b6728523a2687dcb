package io.github.socketiospringboot.adapter;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The rooms of a socket, as {@link InMemoryAdapter} holds them (the members of a room are
 * {@link RoomMembers}), kept small where they are small: most sockets are in their own
 * room and a few others. Up to {@link #LIMIT} elements a set is immutable, in insertion
 * order, and replaced on each change; past that it becomes a concurrent set changed in
 * place. Callers change a set only inside the {@code compute} of the map that holds it,
 * so that changes to one key are serialized while readers iterate whatever set they got
 * without locking.
 */
final class SmallSet extends AbstractSet<String> {

	/** The size up to which a set is copied on change rather than changed in place. */
	static final int LIMIT = 8;

	private final String[] elements;

	private SmallSet(String[] elements) {
		this.elements = elements;
	}

	/**
	 * Returns {@code set} with {@code element} added: the same set when it held it
	 * already or changes in place.
	 * @param set the set, {@code null} or empty for none
	 * @param element the element to add
	 * @return the set to hold from now on
	 */
	static Set<String> plus(@Nullable Set<String> set, String element) {
		if (set == null || set.isEmpty()) {
			return new SmallSet(new String[] { element });
		}
		if (set.contains(element)) {
			return set;
		}
		if (set instanceof SmallSet small) {
			if (small.elements.length < LIMIT) {
				String[] grown = Arrays.copyOf(small.elements, small.elements.length + 1);
				grown[small.elements.length] = element;
				return new SmallSet(grown);
			}
			Set<String> large = ConcurrentHashMap.newKeySet();
			large.addAll(small);
			large.add(element);
			return large;
		}
		set.add(element);
		return set;
	}

	/**
	 * Returns {@code set} without {@code element}: the same set when it did not hold it
	 * or changes in place, {@code null} when nothing is left.
	 * @param set the set
	 * @param element the element to remove
	 * @return the set to hold from now on, {@code null} for none
	 */
	static @Nullable Set<String> minus(Set<String> set, String element) {
		if (!set.contains(element)) {
			return set;
		}
		if (set instanceof SmallSet small) {
			int index = small.indexOf(element);
			if (small.elements.length == 1) {
				return null;
			}
			String[] shrunk = new String[small.elements.length - 1];
			System.arraycopy(small.elements, 0, shrunk, 0, index);
			System.arraycopy(small.elements, index + 1, shrunk, index, shrunk.length - index);
			return new SmallSet(shrunk);
		}
		set.remove(element);
		return set.isEmpty() ? null : set;
	}

	private int indexOf(@Nullable Object element) {
		for (int i = 0; i < this.elements.length; i++) {
			if (this.elements[i].equals(element)) {
				return i;
			}
		}
		return -1;
	}

	@Override
	public boolean contains(@Nullable Object element) {
		return indexOf(element) >= 0;
	}

	@Override
	public int size() {
		return this.elements.length;
	}

	@Override
	public boolean isEmpty() {
		return false;
	}

	@Override
	public Iterator<String> iterator() {
		return new Iterator<>() {

			private int next;

			@Override
			public boolean hasNext() {
				return this.next < SmallSet.this.elements.length;
			}

			@Override
			public String next() {
				if (this.next >= SmallSet.this.elements.length) {
					throw new NoSuchElementException();
				}
				return SmallSet.this.elements[this.next++];
			}

		};
	}

	@Override
	public boolean add(String element) {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean remove(@Nullable Object element) {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean addAll(Collection<? extends String> elements) {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean removeAll(Collection<?> elements) {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean retainAll(Collection<?> elements) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void clear() {
		throw new UnsupportedOperationException();
	}

}
