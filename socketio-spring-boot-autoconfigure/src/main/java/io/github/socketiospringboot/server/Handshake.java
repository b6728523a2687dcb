package io.github.socketiospringboot.server;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;

import io.github.socketiospringboot.internal.engine.EngineRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * What a socket's connection told the server when it connected: the HTTP request that
 * opened the connection and the auth payload of the namespace's CONNECT packet.
 * <p>
 * The handshake of a local socket reads the request its connection keeps rather than
 * holding copies: {@link #query()} and {@link #url()} are derived on each call, and an
 * empty {@link #auth()} is made on each call.
 */
public final class Handshake {

	/** The request of a local socket's connection, or the parts of a remote handshake. */
	private final Source source;

	/** The auth payload; {@code null} for an empty object, made anew on each call. */
	private final @Nullable JsonNode auth;

	/**
	 * Creates a handshake from its parts, as one received from another server is.
	 * @param headers the request headers
	 * @param query the query parameters
	 * @param auth the auth payload ({@code {}} when the client sent none)
	 * @param address the client's address, when known
	 * @param time when the connection was opened
	 * @param url the request path and query
	 * @param secure whether the connection uses TLS
	 * @param crossDomain whether the request came from another origin (it carried an
	 * {@code Origin} header)
	 * @param principal the authenticated principal of the request, when there is one
	 */
	public Handshake(HttpHeaders headers, MultiValueMap<String, String> query, JsonNode auth,
			@Nullable InetSocketAddress address, Instant time, String url, boolean secure, boolean crossDomain,
			@Nullable Principal principal) {
		this.source = new Parts(headers, query, address, time, url, secure, crossDomain, principal);
		this.auth = auth;
	}

	/**
	 * Creates the handshake of a socket of the connection that {@code request} opened.
	 * @param request the request
	 * @param auth the auth payload ({@code {}} when the client sent none)
	 */
	Handshake(EngineRequest request, JsonNode auth) {
		this.source = new Request(request);
		this.auth = (auth.isObject() && auth.isEmpty()) ? null : auth;
	}

	/**
	 * Returns the request headers.
	 * @return the headers
	 */
	public HttpHeaders headers() {
		return this.source.headers();
	}

	/**
	 * Returns the query parameters.
	 * @return the parameters
	 */
	public MultiValueMap<String, String> query() {
		return this.source.query();
	}

	/**
	 * Returns the auth payload of the namespace's CONNECT packet. When it is empty (the
	 * client sent none), each call returns a new empty object.
	 * @return the payload ({@code {}} when the client sent none)
	 */
	public JsonNode auth() {
		return (this.auth != null) ? this.auth : JsonNodeFactory.instance.objectNode();
	}

	/**
	 * Returns the client's address.
	 * @return the address, when known
	 */
	public @Nullable InetSocketAddress address() {
		return this.source.address();
	}

	/**
	 * Returns when the connection was opened.
	 * @return the time
	 */
	public Instant time() {
		return this.source.time();
	}

	/**
	 * Returns the request path and query.
	 * @return the URL, as in the request line
	 */
	public String url() {
		return this.source.url();
	}

	/**
	 * Tells whether the connection uses TLS.
	 * @return whether it is secure
	 */
	public boolean secure() {
		return this.source.secure();
	}

	/**
	 * Tells whether the request came from another origin (it carried an {@code Origin}
	 * header).
	 * @return whether it was cross-domain
	 */
	public boolean crossDomain() {
		return this.source.crossDomain();
	}

	/**
	 * Returns the authenticated principal of the request.
	 * @return the principal, when there is one
	 */
	public @Nullable Principal principal() {
		return this.source.principal();
	}

	@Override
	public String toString() {
		return "Handshake[url=" + url() + ", address=" + address() + ", time=" + time() + "]";
	}

	/** Where a handshake's parts come from. */
	private sealed interface Source permits Request, Parts {

		HttpHeaders headers();

		MultiValueMap<String, String> query();

		@Nullable InetSocketAddress address();

		Instant time();

		String url();

		boolean secure();

		boolean crossDomain();

		@Nullable Principal principal();

	}

	/** The parts of a local socket's handshake, read from its connection's request. */
	private record Request(EngineRequest request) implements Source {

		@Override
		public HttpHeaders headers() {
			return this.request.headers();
		}

		@Override
		public MultiValueMap<String, String> query() {
			return this.request.query();
		}

		@Override
		public @Nullable InetSocketAddress address() {
			return this.request.remoteAddress();
		}

		@Override
		public Instant time() {
			return this.request.time();
		}

		@Override
		public String url() {
			return this.request.target();
		}

		@Override
		public boolean secure() {
			return this.request.secure();
		}

		@Override
		public boolean crossDomain() {
			return this.request.headers().getOrigin() != null;
		}

		@Override
		public @Nullable Principal principal() {
			return this.request.principal();
		}

	}

	/** The parts of a handshake given one by one. */
	private record Parts(HttpHeaders headers, MultiValueMap<String, String> query, @Nullable InetSocketAddress address,
			Instant time, String url, boolean secure, boolean crossDomain,
			@Nullable Principal principal) implements Source {

	}

}
