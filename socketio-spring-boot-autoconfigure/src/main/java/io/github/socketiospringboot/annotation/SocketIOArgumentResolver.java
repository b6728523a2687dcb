package io.github.socketiospringboot.annotation;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;

/**
 * Resolves parameters of {@link OnConnect}, {@link OnEvent}, {@link OnDisconnect} and
 * {@link SocketIOExceptionHandler} methods, such as a {@code @CurrentUser User} read from
 * the socket's handshake. Every bean implementing it is used, in the order of
 * {@link org.springframework.core.annotation.Order @Order} or
 * {@link org.springframework.core.Ordered}.
 *
 * <p>
 * A resolver is chosen for each parameter once, at startup: the built-in resolvers first,
 * in this order, for what they own: {@link NamespaceVariable} and {@link Auth}
 * parameters, then {@code SocketIOSocket} (or {@code RemoteSocket}), {@code Handshake},
 * {@link java.security.Principal} (and its subtypes), {@code Namespace},
 * {@code SocketIOServer}, exceptions ({@link Throwable} and its subtypes),
 * {@code DisconnectReason}, {@code SocketEvent}, {@code Args} and {@link AckSender}; a
 * custom resolver cannot take one of those. Then the resolver beans, the first that
 * {@linkplain #supportsParameter supports} the parameter winning. Every other parameter
 * of an {@code @OnEvent} method is the next event argument (a parameter a resolver took
 * does not count), converted by the application's JSON mapper; on any other method it
 * fails startup. At runtime a call costs one {@link #resolveArgument} per parameter, no
 * lookup.
 *
 * <pre class="code">
 * &#64;Component
 * class CurrentUserResolver implements SocketIOArgumentResolver {
 *
 *     public boolean supportsParameter(MethodParameter parameter) {
 *         return parameter.hasParameterAnnotation(CurrentUser.class);
 *     }
 *
 *     public User resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
 *         return this.users.byToken(invocation.socket().handshake().auth().path("token").asString(""));
 *     }
 *
 * }
 * </pre>
 *
 * <p>
 * {@link #resolveArgument} runs where the handler method runs: on an I/O thread, where it
 * must not block, unless the method is {@code blocking}. It returns the argument itself,
 * never awaited: a resolver that needs I/O gives a {@code Mono<User>} to a parameter
 * declared {@code Mono<User>}, and the method composes it and returns a {@code Mono};
 * awaiting it before the call would let a socket's later events reach their methods
 * before its earlier ones. Loading what several events need once, when the socket
 * connects (a connection middleware or an {@code @OnConnect} method keeping it in
 * {@code socket.data()}), and reading it here, is cheaper still.
 */
public interface SocketIOArgumentResolver {

	/**
	 * Tells whether this resolver resolves a parameter; asked once per parameter, at
	 * startup, for the parameters no built-in resolver took.
	 * @param parameter the parameter of a handler method
	 * @return whether {@link #resolveArgument} resolves it
	 */
	boolean supportsParameter(MethodParameter parameter);

	/**
	 * Resolves the argument of a parameter this resolver supports, for one call of its
	 * method.
	 * @param parameter the parameter
	 * @param invocation the call
	 * @return the argument, possibly {@code null} (never for a primitive parameter)
	 * @throws Exception to fail the call: the exception goes to the
	 * {@link SocketIOExceptionHandler} methods, as the method's own would; a
	 * {@link PayloadValidationException} is the client's mistake, anything else a server
	 * bug
	 */
	@Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) throws Exception;

}
