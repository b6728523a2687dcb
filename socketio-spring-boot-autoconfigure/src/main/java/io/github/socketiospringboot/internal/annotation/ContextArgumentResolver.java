package io.github.socketiospringboot.internal.annotation;

import java.security.Principal;

import io.github.socketiospringboot.annotation.AckSender;
import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import io.github.socketiospringboot.annotation.SocketIOInvocation;
import io.github.socketiospringboot.broadcast.Args;
import io.github.socketiospringboot.broadcast.Handshake;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.internal.annotation.HandlerMethodFactory.Kind;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.SocketEvent;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;

/**
 * The built-in resolvers of the parameters that a handler method receives by their type,
 * from the call itself, in the order they are asked. Each names the declared types it
 * supports; with {@code true} first, their subtypes too.
 */
enum ContextArgumentResolver implements BuiltInArgumentResolver {

	/** The socket, declared {@code SocketIOSocket} or {@code RemoteSocket}. */
	SOCKET(SocketIOSocket.class, RemoteSocket.class) {

		@Override
		public Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			return invocation.socket();
		}

	},

	/** The socket's handshake. */
	HANDSHAKE(Handshake.class) {

		@Override
		public Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			return invocation.socket().handshake();
		}

	},

	/**
	 * The handshake's principal, declared {@code Principal} or a subtype; {@code null}
	 * when there is none or it is not of that type.
	 */
	PRINCIPAL(true, Principal.class) {

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			Principal principal = invocation.socket().handshake().principal();
			return parameter.getParameterType().isInstance(principal) ? principal : null;
		}

	},

	/** The socket's namespace. */
	NAMESPACE(Namespace.class) {

		@Override
		public Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			return invocation.socket().namespace();
		}

	},

	/** The server. */
	SERVER(SocketIOServer.class) {

		@Override
		public Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			return invocation.socket().namespace().server();
		}

	},

	/**
	 * The exception an exception handler handles or, when the handler was chosen for one
	 * of its causes, the first cause of the parameter's type.
	 */
	EXCEPTION(true, Throwable.class) {

		@Override
		public SocketIOArgumentResolver bind(MethodParameter parameter, MethodBinding binding) {
			binding.require(binding.kind() == Kind.EXCEPTION,
					"an exception parameter is only allowed in an exception handler");
			return this;
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			Class<?> type = parameter.getParameterType();
			Throwable current = invocation.error();
			while (current != null) {
				if (type.isInstance(current)) {
					return current;
				}
				current = (current.getCause() != current) ? current.getCause() : null;
			}
			return null;
		}

	},

	/** Why the socket disconnected. */
	DISCONNECT_REASON(DisconnectReason.class) {

		@Override
		public SocketIOArgumentResolver bind(MethodParameter parameter, MethodBinding binding) {
			binding.require(binding.kind() == Kind.DISCONNECT || binding.kind() == Kind.EXCEPTION,
					"a DisconnectReason parameter is only allowed in an @OnDisconnect method");
			return this;
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			return invocation.reason();
		}

	},

	/** The event. */
	SOCKET_EVENT(SocketEvent.class) {

		@Override
		public SocketIOArgumentResolver bind(MethodParameter parameter, MethodBinding binding) {
			requireEvent(binding, SocketEvent.class);
			return this;
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			return invocation.event();
		}

	},

	/** The event's arguments, unconverted. */
	ARGS(Args.class) {

		@Override
		public SocketIOArgumentResolver bind(MethodParameter parameter, MethodBinding binding) {
			requireEvent(binding, Args.class);
			return this;
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			SocketEvent event = invocation.event();
			return (event != null) ? event.args() : null;
		}

	},

	/**
	 * The event's acknowledgement, which the method then answers itself; one that sends
	 * nothing outside an event.
	 */
	ACK_SENDER(AckSender.class) {

		@Override
		public SocketIOArgumentResolver bind(MethodParameter parameter, MethodBinding binding) {
			requireEvent(binding, AckSender.class);
			binding.answersAcknowledgement();
			return this;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			SocketEvent event = invocation.event();
			return (event != null) ? (AckSender) event::ack : (AckSender) (args) -> false;
		}

	};

	/** Whether a parameter of a subtype of {@link #types} is supported too. */
	private final boolean subtypes;

	/** The declared types of the parameters supported. */
	private final Class<?>[] types;

	ContextArgumentResolver(Class<?>... types) {
		this(false, types);
	}

	ContextArgumentResolver(boolean subtypes, Class<?>... types) {
		this.subtypes = subtypes;
		this.types = types;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> declared = parameter.getParameterType();
		for (Class<?> type : this.types) {
			if (this.subtypes ? type.isAssignableFrom(declared) : type == declared) {
				return true;
			}
		}
		return false;
	}

	private static void requireEvent(MethodBinding binding, Class<?> type) {
		binding.require(binding.kind() == Kind.EVENT || binding.kind() == Kind.EXCEPTION,
				"a " + type.getSimpleName() + " parameter is only allowed in an @OnEvent method");
	}

}
