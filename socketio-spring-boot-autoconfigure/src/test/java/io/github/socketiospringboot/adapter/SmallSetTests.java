package io.github.socketiospringboot.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SmallSetTests {

	@Test
	void smallSetsKeepInsertionOrderAndAreReplacedOnChange() {
		Set<String> one = SmallSet.plus(null, "a");
		Set<String> two = SmallSet.plus(one, "b");
		assertThat(one).containsExactly("a");
		assertThat(two).containsExactly("a", "b");
		assertThat(SmallSet.plus(two, "a")).isSameAs(two);
		assertThat(SmallSet.plus(Set.of(), "c")).containsExactly("c");
		Set<String> without = SmallSet.minus(two, "a");
		assertThat(without).containsExactly("b");
		assertThat(two).containsExactly("a", "b");
		assertThat(SmallSet.minus(two, "z")).isSameAs(two);
		assertThat(SmallSet.minus(one, "a")).isNull();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> two.add("c"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> two.remove("a"));
	}

	@Test
	void pastTheLimitASetBecomesConcurrentAndChangesInPlace() {
		Set<String> set = null;
		List<String> added = new ArrayList<>();
		for (int i = 0; i < SmallSet.LIMIT; i++) {
			set = SmallSet.plus(set, "r" + i);
			added.add("r" + i);
		}
		assertThat(set).isInstanceOf(SmallSet.class).containsExactlyElementsOf(added);
		Set<String> large = SmallSet.plus(set, "last");
		assertThat(large).isNotInstanceOf(SmallSet.class).hasSize(SmallSet.LIMIT + 1).contains("last", "r0");
		assertThat(SmallSet.plus(large, "more")).isSameAs(large).contains("more");
		assertThat(SmallSet.minus(large, "r0")).isSameAs(large).doesNotContain("r0");
		Set<String> remaining = large;
		for (String element : List.copyOf(large)) {
			remaining = SmallSet.minus(large, element);
		}
		assertThat(remaining).isNull();
	}

}
