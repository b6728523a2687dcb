package io.github.socketiospringboot.annotation.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A namespace of a controller: a static name, or a template such as
 * {@code /workspace-{id}} whose variables match one segment each.
 */
final class NamespaceTemplate {

	private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)\\}");

	private final String source;

	private final @Nullable Pattern pattern;

	private final List<String> variables;

	private NamespaceTemplate(String source, @Nullable Pattern pattern, List<String> variables) {
		this.source = source;
		this.pattern = pattern;
		this.variables = variables;
	}

	static NamespaceTemplate parse(String namespace) {
		String source = namespace.startsWith("/") ? namespace : "/" + namespace;
		if (source.indexOf('{') < 0) {
			if (source.indexOf('}') >= 0) {
				throw new IllegalStateException("Malformed namespace template \"" + namespace + "\"");
			}
			return new NamespaceTemplate(source, null, List.of());
		}
		StringBuilder regex = new StringBuilder("^");
		List<String> variables = new ArrayList<>();
		Matcher matcher = VARIABLE.matcher(source);
		int last = 0;
		while (matcher.find()) {
			regex.append(Pattern.quote(source.substring(last, matcher.start())));
			String name = matcher.group(1);
			if (variables.contains(name)) {
				throw new IllegalStateException(
						"Namespace template \"" + namespace + "\" declares {" + name + "} twice");
			}
			variables.add(name);
			regex.append("(?<").append(name).append(">[^/,{}]+)");
			last = matcher.end();
		}
		String rest = source.substring(last);
		String literals = VARIABLE.matcher(source).replaceAll("");
		if (literals.indexOf('{') >= 0 || literals.indexOf('}') >= 0) {
			throw new IllegalStateException("Malformed namespace template \"" + namespace
					+ "\": variables are written {name}, a letter then letters or digits");
		}
		regex.append(Pattern.quote(rest)).append('$');
		return new NamespaceTemplate(source, Pattern.compile(regex.toString()),
				Collections.unmodifiableList(variables));
	}

	String source() {
		return this.source;
	}

	boolean isDynamic() {
		return this.pattern != null;
	}

	@Nullable Pattern pattern() {
		return this.pattern;
	}

	List<String> variables() {
		return this.variables;
	}

	Map<String, String> extract(String namespace) {
		if (this.pattern == null) {
			return Map.of();
		}
		Matcher matcher = this.pattern.matcher(namespace);
		if (!matcher.matches()) {
			return Map.of();
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : this.variables) {
			values.put(name, matcher.group(name));
		}
		return Collections.unmodifiableMap(values);
	}

}
