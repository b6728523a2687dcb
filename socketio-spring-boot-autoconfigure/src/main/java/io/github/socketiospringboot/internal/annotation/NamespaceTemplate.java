package io.github.socketiospringboot.internal.annotation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.ParentNamespace;
import org.jspecify.annotations.Nullable;

/**
 * The namespace of a controller: a static name, or a template such as
 * {@code /workspace-{id}} or {@code /workspace-{id:\d+}}, which stands for the regular
 * expression of a dynamic namespace.
 *
 * <p>
 * That expression is {@code ^}, the template's text with the regular-expression
 * metacharacters escaped by a backslash, each variable replaced by its constraint
 * ({@code [^/]+} when it has none, grouped as {@code (?:...)} when it alternates at its
 * top level), then {@code $}: {@code /workspace-{id:\d+}} stands for
 * {@code ^/workspace-\d+$}, the parent that
 * {@code io.of(Pattern.compile("^/workspace-\\d+$"))} returns. The variables are read
 * with another expression that names them.
 */
final class NamespaceTemplate {

	private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

	/** A named group in an expression, not a look-behind. */
	private static final Pattern NAMED_GROUP = Pattern.compile("(?<!\\\\)\\(\\?<([A-Za-z][A-Za-z0-9]*)>");

	private static final String METACHARACTERS = "\\^$.|?*+()[]{}";

	private static final String SEGMENT = "[^/]+";

	private final String source;

	private final boolean dynamic;

	private final @Nullable Pattern pattern;

	private final @Nullable Pattern variablesPattern;

	private final List<String> variables;

	private NamespaceTemplate(String source, boolean dynamic, @Nullable Pattern pattern,
			@Nullable Pattern variablesPattern, List<String> variables) {
		this.source = source;
		this.dynamic = dynamic;
		this.pattern = pattern;
		this.variables = variables;
		this.variablesPattern = variablesPattern;
	}

	static NamespaceTemplate parse(String namespace) {
		String source = namespace.startsWith("/") ? namespace : "/" + namespace;
		if (source.indexOf('{') < 0 && source.indexOf('}') < 0) {
			return new NamespaceTemplate(source, false, null, null, List.of());
		}
		StringBuilder regex = new StringBuilder("^");
		StringBuilder named = new StringBuilder("^");
		List<String> variables = new ArrayList<>();
		int i = 0;
		while (i < source.length()) {
			char c = source.charAt(i);
			if (c == '}') {
				throw malformed(namespace, "a '}' closes no variable");
			}
			if (c != '{') {
				appendLiteral(regex, c);
				appendLiteral(named, c);
				i++;
				continue;
			}
			int end = closingBrace(source, i);
			if (end < 0) {
				throw malformed(namespace, "a '{' is never closed");
			}
			String body = source.substring(i + 1, end);
			int colon = body.indexOf(':');
			String name = (colon < 0) ? body : body.substring(0, colon);
			String constraint = (colon < 0) ? SEGMENT : body.substring(colon + 1);
			if (!NAME.matcher(name).matches()) {
				throw malformed(namespace, "variables are written {name} or {name:regex}, a name being a letter "
						+ "then letters or digits");
			}
			if (variables.contains(name)) {
				throw malformed(namespace, "{" + name + "} is declared twice");
			}
			if (constraint.isEmpty()) {
				throw malformed(namespace, "the constraint of {" + name + "} is empty");
			}
			try {
				Pattern.compile(constraint);
			}
			catch (PatternSyntaxException ex) {
				throw malformed(namespace, "the constraint of {" + name + "} is not a regular expression: "
						+ ex.getDescription() + " in \"" + constraint + "\"");
			}
			variables.add(name);
			regex.append(alternates(constraint) ? "(?:" + constraint + ")" : constraint);
			named.append("(?<").append(name).append('>').append(constraint).append(')');
			i = end + 1;
		}
		regex.append('$');
		named.append('$');
		Pattern variablesPattern;
		try {
			variablesPattern = Pattern.compile(named.toString());
		}
		catch (PatternSyntaxException ex) {
			throw malformed(namespace, ex.getDescription());
		}
		return new NamespaceTemplate(source, true, Pattern.compile(regex.toString()), variablesPattern,
				Collections.unmodifiableList(variables));
	}

	/**
	 * Describes a namespace that code created: static, or a parent whose expression's
	 * named groups ({@code (?<id>\d+)}) are its variables.
	 * @param namespace the namespace
	 * @return the template
	 */
	static NamespaceTemplate of(Namespace namespace) {
		if (!(namespace instanceof ParentNamespace parent)) {
			return new NamespaceTemplate(namespace.name(), false, null, null, List.of());
		}
		Pattern pattern = parent.pattern();
		if (pattern == null) {
			// a matcher parent: dynamic, with nothing to read variables from
			return new NamespaceTemplate(parent.name(), true, null, null, List.of());
		}
		List<String> variables = new ArrayList<>();
		Matcher groups = NAMED_GROUP.matcher(pattern.pattern());
		while (groups.find()) {
			variables.add(groups.group(1));
		}
		return new NamespaceTemplate(pattern.pattern(), true, pattern, variables.isEmpty() ? null : pattern,
				Collections.unmodifiableList(variables));
	}

	private static void appendLiteral(StringBuilder regex, char c) {
		if (METACHARACTERS.indexOf(c) >= 0) {
			regex.append('\\');
		}
		regex.append(c);
	}

	/**
	 * Finds the brace that closes a variable, skipping escaped characters, character
	 * classes and the braces of quantifiers such as {@code \d{2,4}}.
	 */
	private static int closingBrace(String source, int open) {
		int depth = 0;
		boolean inClass = false;
		for (int i = open; i < source.length(); i++) {
			char c = source.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (inClass) {
				inClass = c != ']';
			}
			else if (c == '[' && i > open) {
				inClass = true;
			}
			else if (c == '{') {
				depth++;
			}
			else if (c == '}' && --depth == 0) {
				return i;
			}
		}
		return -1;
	}

	/** Whether an expression has a {@code |} outside any group or character class. */
	private static boolean alternates(String regex) {
		int depth = 0;
		boolean inClass = false;
		for (int i = 0; i < regex.length(); i++) {
			char c = regex.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (inClass) {
				inClass = c != ']';
			}
			else if (c == '[') {
				inClass = true;
			}
			else if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (c == '|' && depth == 0) {
				return true;
			}
		}
		return false;
	}

	private static IllegalStateException malformed(String namespace, String problem) {
		return new IllegalStateException("Malformed namespace template \"" + namespace + "\": " + problem);
	}

	String source() {
		return this.source;
	}

	boolean isDynamic() {
		return this.dynamic;
	}

	/**
	 * Returns the expression of the dynamic namespace, without the names of the
	 * variables.
	 * @return the expression, {@code null} for a static namespace or one that decides
	 * with a matcher
	 */
	@Nullable Pattern pattern() {
		return this.pattern;
	}

	List<String> variables() {
		return this.variables;
	}

	Map<String, String> extract(String namespace) {
		Pattern named = this.variablesPattern;
		if (named == null) {
			return Map.of();
		}
		Matcher matcher = named.matcher(namespace);
		if (!matcher.find()) {
			return Map.of();
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : this.variables) {
			String value = matcher.group(name);
			if (value != null) {
				values.put(name, value);
			}
		}
		return Collections.unmodifiableMap(values);
	}

}
