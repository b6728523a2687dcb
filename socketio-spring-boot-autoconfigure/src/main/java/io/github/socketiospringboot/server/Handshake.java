package io.github.socketiospringboot.server;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;

import io.github.socketiospringboot.engine.EngineRequest;
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

	private final @Nullable EngineRequest request;

	private final HttpHeaders headers;

	private final @Nullable MultiValueMap<String, String> query;

	/** The auth payload; {@code null} for an empty object, made anew on each call. */
	private final @Nullable JsonNode auth;

	private final @Nullable InetSocketAddress address;

	private final @Nullable Instant time;

	private final @Nullable String url;

	private final boolean secure;

	private final boolean crossDomain;

	private final @Nullable Principal principal;

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
		this.request = null;
		this.headers = headers;
		this.query = query;
		this.auth = auth;
		this.address = address;
		this.time = time;
		this.url = url;
		this.secure = secure;
		this.crossDomain = crossDomain;
		this.principal = principal;
	}

	/**
	 * Creates the handshake of a socket of the connection that {@code request} opened.
	 * @param request the request
	 * @param auth the auth payload ({@code {}} when the client sent none)
	 */
	Handshake(EngineRequest request, JsonNode auth) {
		this.request = request;
		this.headers = request.headers();
		this.query = null;
		this.auth = (auth.isObject() && auth.isEmpty()) ? null : auth;
		this.address = request.remoteAddress();
		this.time = null;
		this.url = null;
		this.secure = request.secure();
		this.crossDomain = request.headers().getOrigin() != null;
		this.principal = request.principal();
	}

	/**
	 * Returns the request headers.
	 * @return the headers
	 */
	public HttpHeaders headers() {
		return this.headers;
	}

	/**
	 * Returns the query parameters.
	 * @return the parameters
	 */
	public MultiValueMap<String, String> query() {
		return (this.request != null) ? this.request.query() : nonNull(this.query);
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
		return this.address;
	}

	/**
	 * Returns when the connection was opened.
	 * @return the time
	 */
	public Instant time() {
		return (this.request != null) ? this.request.time() : nonNull(this.time);
	}

	/**
	 * Returns the request path and query.
	 * @return the URL, as in the request line
	 */
	public String url() {
		return (this.request != null) ? this.request.target() : nonNull(this.url);
	}

	/**
	 * Tells whether the connection uses TLS.
	 * @return whether it is secure
	 */
	public boolean secure() {
		return this.secure;
	}

	/**
	 * Tells whether the request came from another origin (it carried an {@code Origin}
	 * header).
	 * @return whether it was cross-domain
	 */
	public boolean crossDomain() {
		return this.crossDomain;
	}

	/**
	 * Returns the authenticated principal of the request.
	 * @return the principal, when there is one
	 */
	public @Nullable Principal principal() {
		return this.principal;
	}

	private static <T> T nonNull(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("Handshake without a request lacks a part");
		}
		return value;
	}

	@Override
	public String toString() {
		return "Handshake[url=" + url() + ", address=" + this.address + ", time=" + time() + "]";
	}

}
