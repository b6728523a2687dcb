package io.github.socketiospringboot.server;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table of a socket's event handlers: registrations in order, per event, with and
 * without the index built past a handful of events.
 */
class SocketListenersHandlerTableTests {

	private static final EventHandler A = (event) -> {
	};

	private static final EventHandler B = (event) -> {
	};

	private static final EventHandler C = (event) -> {
	};

	@Test
	void handlersOfAnEventInTheOrderTheyWereRegistered() {
		SocketListeners.HandlerTable table = SocketListeners.HandlerTable.EMPTY.with("chat", A)
			.with("typing", B)
			.with("chat", C);

		assertThat(table.get("chat")).containsExactly(A, C);
		assertThat(table.get("typing")).containsExactly(B);
		assertThat(table.get("other")).isNull();
	}

	@Test
	void aRegistrationLeavesTheTableItCopiedAsItWas() {
		SocketListeners.HandlerTable before = SocketListeners.HandlerTable.EMPTY.with("chat", A);

		SocketListeners.HandlerTable after = before.with("chat", B).with("typing", C);

		assertThat(before.get("chat")).containsExactly(A);
		assertThat(before.get("typing")).isNull();
		assertThat(after.get("chat")).containsExactly(A, B);
	}

	@Test
	void removingAnEventRemovesAllItsHandlersAndNothingElse() {
		SocketListeners.HandlerTable table = SocketListeners.HandlerTable.EMPTY.with("a", A)
			.with("b", B)
			.with("b", A)
			.with("c", C);

		SocketListeners.HandlerTable without = table.without("b");

		assertThat(without.get("b")).isNull();
		assertThat(without.get("a")).containsExactly(A);
		assertThat(without.get("c")).containsExactly(C);
		assertThat(table.get("b")).containsExactly(B, A);
		assertThat(without.without("unknown")).isSameAs(without);
	}

	@Test
	void manyEventsAreFoundThroughTheIndex() {
		int events = SocketListeners.HandlerTable.MAX_SCANNED * 3;
		SocketListeners.HandlerTable table = SocketListeners.HandlerTable.EMPTY;
		for (int i = 0; i < events; i++) {
			table = table.with("e" + i, (i % 2 == 0) ? A : B);
		}
		table = table.with("e5", C).without("e7");

		SocketListeners.HandlerTable full = table;
		IntStream.range(0, events).filter((i) -> i != 5 && i != 7).forEach((i) -> {
			assertThat(full.get("e" + i)).containsExactly((i % 2 == 0) ? A : B);
		});
		assertThat(full.get("e5")).containsExactly(B, C);
		assertThat(full.get("e7")).isNull();
		assertThat(full.get("e" + events)).isNull();
	}

}
