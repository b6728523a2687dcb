package io.github.socketiospringboot.internal.annotation;

import java.util.Map;
import java.util.regex.Pattern;

import io.github.socketiospringboot.server.SocketIOServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The regular expression a namespace template stands for, which names the parent
 * {@code io.of(Pattern)} returns, and the variables read from a child's name.
 */
class NamespaceTemplateTests {

	private static String expression(String template) {
		Pattern pattern = NamespaceTemplate.parse(template).pattern();
		assertThat(pattern).as("the expression of %s", template).isNotNull();
		return pattern.pattern();
	}

	@Test
	void aStaticNameHasNoExpression() {
		NamespaceTemplate template = NamespaceTemplate.parse("chat");
		assertThat(template.isDynamic()).isFalse();
		assertThat(template.source()).isEqualTo("/chat");
		assertThat(template.pattern()).isNull();
	}

	@Test
	void aTemplateStandsForTheExpressionSomeoneWouldWriteForIt() {
		assertThat(expression("/workspace-{id}")).isEqualTo("^/workspace-[^/]+$");
		assertThat(expression("/dyn-{id:\\d+}")).isEqualTo("^/dyn-\\d+$");
		assertThat(expression("/v1.0/{kind:a|b}-{n:\\d{2,3}}")).isEqualTo("^/v1\\.0/(?:a|b)-\\d{2,3}$");
		assertThat(expression("/x-{k:(a|b)}+{c:[{}]}")).isEqualTo("^/x-(a|b)\\+[{}]$");
	}

	@Test
	void variablesAreReadFromAMatchingNameAndAConstraintRefusesOthers() {
		NamespaceTemplate template = NamespaceTemplate.parse("/board-{board:[a-z]+}-{n:\\d{1,3}}");
		assertThat(template.variables()).containsExactly("board", "n");
		assertThat(template.extract("/board-kanban-42")).isEqualTo(Map.of("board", "kanban", "n", "42"));
		assertThat(template.pattern().matcher("/board-kanban-42").find()).isTrue();
		assertThat(template.pattern().matcher("/board-Kanban-42").find()).isFalse();
		assertThat(template.pattern().matcher("/board-kanban-4242").find()).isFalse();
		assertThat(NamespaceTemplate.parse("/workspace-{id}").pattern().matcher("/workspace-a/b").find()).isFalse();
	}

	@Test
	void aParentCreatedFromAnExpressionLendsItsNamedGroupsAsVariables() {
		try (SocketIOServer io = SocketIOServer.create()) {
			NamespaceTemplate named = NamespaceTemplate.of(io.of(Pattern.compile("^/b-(?<board>[a-z]+)-(?<n>\\d+)$")));
			assertThat(named.isDynamic()).isTrue();
			assertThat(named.variables()).containsExactly("board", "n");
			assertThat(named.extract("/b-x-1")).isEqualTo(Map.of("board", "x", "n", "1"));
			NamespaceTemplate lookBehind = NamespaceTemplate.of(io.of(Pattern.compile("^/(?<!x)c-\\(?<no>")));
			assertThat(lookBehind.variables()).isEmpty();
			NamespaceTemplate matcher = NamespaceTemplate.of(io.of((name, auth) -> Mono.just(true)));
			assertThat(matcher.isDynamic()).isTrue();
			assertThat(matcher.variables()).isEmpty();
			assertThat(NamespaceTemplate.of(io.of("/static")).isDynamic()).isFalse();
		}
	}

	@Test
	void malformedTemplatesAreRefusedWithWhatIsWrong() {
		assertThatIllegalStateException().isThrownBy(() -> NamespaceTemplate.parse("/a-{id"))
			.withMessageContaining("a '{' is never closed");
		assertThatIllegalStateException().isThrownBy(() -> NamespaceTemplate.parse("/a-}"))
			.withMessageContaining("a '}' closes no variable");
		assertThatIllegalStateException().isThrownBy(() -> NamespaceTemplate.parse("/a-{1d}"))
			.withMessageContaining("variables are written {name} or {name:regex}");
		assertThatIllegalStateException().isThrownBy(() -> NamespaceTemplate.parse("/a-{id}-{id}"))
			.withMessageContaining("{id} is declared twice");
		assertThatIllegalStateException().isThrownBy(() -> NamespaceTemplate.parse("/a-{id:}"))
			.withMessageContaining("the constraint of {id} is empty");
		assertThatIllegalStateException().isThrownBy(() -> NamespaceTemplate.parse("/a-{id:(}"))
			.withMessageContaining("the constraint of {id} is not a regular expression");
	}

}
