package io.github.socketiospringboot.server;

import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.annotation.SocketIOControllerAdvice;
import io.github.socketiospringboot.annotation.SocketIOExceptionHandler;
import io.github.socketiospringboot.internal.annotation.SocketIOControllerRegistrar;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several advice beans are asked in their order, the first with a handler for the
 * exception taking it, as Spring asks its {@code @ControllerAdvice} beans; two that
 * handle the same exception are no conflict.
 */
class AdviceOrderTests {

	@Test
	void theFirstAdviceInOrderThatHandlesTheExceptionAnswers() {
		SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared());
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(LaterAdvice.class);
			context.registerBean(EarlierAdvice.class);
			context.registerBean(FailingController.class);
			context.refresh();
			new SocketIOControllerRegistrar(context, io, null).afterSingletonsInstantiated();
			ScriptedConnection connection = ScriptedConnection.open(io);
			connection.client().onMessage("0");

			connection.client().onMessage("21[\"fail\"]");

			assertThat(connection.sent).contains("431[\"earlier\"]");
		}
		finally {
			io.close();
		}
	}

	@SocketIOController
	static class FailingController {

		@OnEvent("fail")
		String fail() {
			throw new IllegalStateException("failed");
		}

	}

	@SocketIOControllerAdvice
	@Order(2)
	static class LaterAdvice {

		@SocketIOExceptionHandler
		String handle(IllegalStateException ex) {
			return "later";
		}

	}

	@SocketIOControllerAdvice
	@Order(1)
	static class EarlierAdvice {

		@SocketIOExceptionHandler
		String handle(RuntimeException ex) {
			return "earlier";
		}

	}

}
