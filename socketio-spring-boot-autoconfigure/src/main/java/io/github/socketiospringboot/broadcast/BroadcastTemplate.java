package io.github.socketiospringboot.broadcast;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@link BroadcastOperations} of one server; the auto-configuration provides one as a
 * bean.
 *
 * <pre class="code">
 * BroadcastOperations broadcast = new BroadcastTemplate(io::of, io::of);
 * </pre>
 */
public class BroadcastTemplate implements BroadcastOperations {

	private final Function<String, ? extends BroadcastOperator> namespaces;

	private final Function<Pattern, ? extends BroadcastOperator> parents;

	private final BroadcastOperator main;

	/**
	 * Creates a template over a server's namespaces.
	 * @param namespaces finds a namespace by name, created on first use ({@code io::of},
	 * with {@code io} the server)
	 * @param parents finds the dynamic namespace of a regular expression, created on
	 * first use ({@code io::of})
	 */
	public BroadcastTemplate(Function<String, ? extends BroadcastOperator> namespaces,
			Function<Pattern, ? extends BroadcastOperator> parents) {
		this.namespaces = namespaces;
		this.parents = parents;
		this.main = namespaces.apply("/").operator();
	}

	@Override
	public BroadcastOperator namespace(String namespace) {
		return this.namespaces.apply(namespace).operator();
	}

	@Override
	public BroadcastOperator namespace(Pattern pattern) {
		return this.parents.apply(pattern).operator();
	}

	/**
	 * Returns the operator that targets every socket of the main namespace.
	 * @return the broadcast operator
	 */
	@Override
	public BroadcastOperator operator() {
		return this.main;
	}

}
