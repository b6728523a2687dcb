package io.github.socketiospringboot.tests.resolvers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.socketiospringboot.annotation.OnConnect;
import io.github.socketiospringboot.annotation.OnDisconnect;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.annotation.SocketIOExceptionHandler;
import io.github.socketiospringboot.annotation.SocketIOInvocation;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.tests.app.Recorder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * An application with custom argument resolvers: a {@code @CurrentUser} resolver that
 * reads the user from the handshake's auth token, and two resolvers of {@code @Source}
 * parameters, registered in the opposite of their order.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ResolversApplication.LaterSourceResolver.class, ResolversApplication.EarlierSourceResolver.class,
		ResolversApplication.CurrentUserResolver.class, ResolversApplication.InvocationResolver.class,
		ResolversApplication.ProfileController.class, ResolversApplication.DeskController.class })
public class ResolversApplication {

	/** The users, by their token. */
	static final Map<String, User> USERS = Map.of("ada-token", new User("ada", "engines"), "grace-token",
			new User("grace", "compilers"));

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	/**
	 * A user of the application.
	 *
	 * @param name the name
	 * @param team the team
	 */
	public record User(String name, String team) {

	}

	/** Thrown for a token that names no user. */
	static class UnknownUserException extends RuntimeException {

		UnknownUserException(String token) {
			super("No user has the token " + token);
		}

	}

	/** The user whose token the client sent in its auth payload. */
	@Target(ElementType.PARAMETER)
	@Retention(RetentionPolicy.RUNTIME)
	@interface CurrentUser {

	}

	/** Where a value came from: the resolver that produced it. */
	@Target(ElementType.PARAMETER)
	@Retention(RetentionPolicy.RUNTIME)
	@interface Source {

	}

	/** A value only the later resolver produces. */
	@Target(ElementType.PARAMETER)
	@Retention(RetentionPolicy.RUNTIME)
	@interface Late {

	}

	/** What the call was for, as a resolver sees it. */
	@Target(ElementType.PARAMETER)
	@Retention(RetentionPolicy.RUNTIME)
	@interface Described {

	}

	/**
	 * Resolves {@code @Described String} parameters with what the invocation holds.
	 */
	static class InvocationResolver implements SocketIOArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.hasParameterAnnotation(Described.class);
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			Throwable error = invocation.error();
			return "namespace=" + invocation.socket().namespace().name() + " event="
					+ ((invocation.event() != null) ? invocation.event().name() : null) + " reason="
					+ invocation.reason() + " error=" + ((error != null) ? error.getMessage() : null) + " variables="
					+ invocation.namespaceVariables();
		}

	}

	/**
	 * Resolves {@code @CurrentUser User} parameters, and {@code @CurrentUser Mono<User>}
	 * ones as a lookup the method composes: {@code null} without a token, an
	 * {@link UnknownUserException} for a token that names no user.
	 */
	static class CurrentUserResolver implements SocketIOArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.hasParameterAnnotation(CurrentUser.class);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			if (parameter.getParameterType() == Mono.class) {
				return Mono.fromCallable(() -> user(invocation));
			}
			return user(invocation);
		}

		private static @Nullable User user(SocketIOInvocation invocation) {
			String token = invocation.socket().handshake().auth().path("token").asString(null);
			if (token == null) {
				return null;
			}
			User user = USERS.get(token);
			if (user == null) {
				throw new UnknownUserException(token);
			}
			return user;
		}

	}

	/**
	 * Resolves {@code @Source} and {@code @Late} parameters with {@code "later"}; ordered
	 * through {@link Ordered}, after {@link EarlierSourceResolver}.
	 */
	static class LaterSourceResolver implements SocketIOArgumentResolver, Ordered {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.hasParameterAnnotation(Source.class) || parameter.hasParameterAnnotation(Late.class);
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			return "later";
		}

		@Override
		public int getOrder() {
			return 20;
		}

	}

	/** Resolves {@code @Source} parameters with {@code "earlier"}. */
	@Order(10)
	static class EarlierSourceResolver implements SocketIOArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.hasParameterAnnotation(Source.class);
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			return "earlier";
		}

	}

	/** Handlers taking resolved parameters. */
	@SocketIOController("/profile")
	static class ProfileController {

		private final Recorder recorder;

		ProfileController(Recorder recorder) {
			this.recorder = recorder;
		}

		@OnConnect
		void connected(SocketIOSocket socket, @CurrentUser @Nullable User user) {
			socket.emit("welcome", (user != null) ? user.name() : "anonymous");
		}

		@OnEvent("whoami")
		Map<String, Object> whoami(@CurrentUser User user, String text, @Source String source, @Late String late,
				int count) {
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("user", user);
			answer.put("text", text);
			answer.put("source", source);
			answer.put("late", late);
			answer.put("count", count);
			return answer;
		}

		@OnEvent("team")
		Mono<String> team(@CurrentUser Mono<User> user) {
			return user.map(User::team).defaultIfEmpty("none");
		}

		@OnEvent("socket")
		String socket(@Source SocketIOSocket socket) {
			return socket.id();
		}

		@OnDisconnect
		void disconnected(@CurrentUser @Nullable User user, DisconnectReason reason) {
			this.recorder.record("disconnected", ((user != null) ? user.name() : "anonymous") + " " + reason.reason());
		}

		@SocketIOExceptionHandler
		Map<String, String> unknownUser(UnknownUserException ex, SocketIOSocket socket) {
			this.recorder.record("unknown", socket.id());
			return Map.of("error", "unknown user");
		}

	}

	/** Handlers describing their calls, on a namespace template. */
	@SocketIOController("/desk-{id}")
	static class DeskController {

		private final Recorder recorder;

		DeskController(Recorder recorder) {
			this.recorder = recorder;
		}

		@OnEvent("describe")
		String describe(@Described String described) {
			return described;
		}

		@OnEvent("fail")
		String fail(String message) {
			throw new IllegalStateException(message);
		}

		@SocketIOExceptionHandler
		String failed(IllegalStateException ex, @Described String described) {
			return described;
		}

		@OnDisconnect
		void disconnected(@Described String described) {
			this.recorder.record("desk-left", described);
		}

	}

}
