package io.github.socketiospringboot.broadcast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The arguments of an event or of an acknowledgement, as JSON nodes (binary attachments
 * as binary nodes), with typed access through the application's mapper.
 */
public class Args {

	private final ArrayNode array;

	private final int offset;

	private final ObjectMapper mapper;

	/**
	 * Creates a view of a JSON array.
	 * @param array the array
	 * @param offset how many leading elements are not arguments (1 for an event's name)
	 * @param mapper the mapper that converts arguments to Java types
	 */
	public Args(ArrayNode array, int offset, ObjectMapper mapper) {
		this.array = array;
		this.offset = offset;
		this.mapper = mapper;
	}

	/**
	 * Returns the number of arguments.
	 * @return the argument count
	 */
	public int size() {
		return this.array.size() - this.offset;
	}

	/**
	 * Tells whether there is no argument.
	 * @return whether {@link #size()} is 0
	 */
	public boolean isEmpty() {
		return size() == 0;
	}

	/**
	 * Returns one argument as JSON.
	 * @param index the argument index, from 0
	 * @return the argument
	 * @throws IndexOutOfBoundsException when there is no such argument
	 */
	public JsonNode get(int index) {
		if (index < 0 || index >= size()) {
			throw new IndexOutOfBoundsException("No argument " + index + " among " + size());
		}
		return this.array.get(index + this.offset);
	}

	/**
	 * Converts one argument.
	 * @param <T> the type
	 * @param index the argument index, from 0
	 * @param type the type, such as a record, a POJO, {@code String}, {@code Integer} or
	 * {@code byte[]}
	 * @return the converted argument ({@code null} for a JSON null)
	 */
	public <T> @Nullable T get(int index, Class<T> type) {
		return this.mapper.treeToValue(get(index), type);
	}

	/**
	 * Converts one argument to a generic type.
	 * @param <T> the type
	 * @param index the argument index, from 0
	 * @param type the type, such as {@code new TypeReference<List<Message>>() {}}
	 * @return the converted argument
	 */
	public <T> @Nullable T get(int index, TypeReference<T> type) {
		return this.mapper.treeToValue(get(index), type);
	}

	/**
	 * Returns the arguments as a list of JSON nodes.
	 * @return the arguments
	 */
	public List<JsonNode> asList() {
		List<JsonNode> list = new ArrayList<>(size());
		for (int i = 0; i < size(); i++) {
			list.add(get(i));
		}
		return Collections.unmodifiableList(list);
	}

	/**
	 * Returns the arguments as an array of JSON nodes, ready to be sent again (binary
	 * nodes travel as attachments).
	 * @return the arguments
	 */
	public Object[] toArray() {
		Object[] values = new Object[size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = get(i);
		}
		return values;
	}

	@Override
	public String toString() {
		return asList().toString();
	}

}
