package io.github.socketiospringboot.broadcast;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

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
public interface Handshake {

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
	 * @return the handshake
	 */
	static Handshake of(HttpHeaders headers, MultiValueMap<String, String> query, JsonNode auth,
			@Nullable InetSocketAddress address, Instant time, String url, boolean secure, boolean crossDomain,
			@Nullable Principal principal) {
		return new HandshakeParts(headers, query, auth, address, time, url, secure, crossDomain, principal);
	}

	/**
	 * Returns the request headers.
	 * @return the headers
	 */
	HttpHeaders headers();

	/**
	 * Returns the query parameters.
	 * @return the parameters
	 */
	MultiValueMap<String, String> query();

	/**
	 * Returns the auth payload of the namespace's CONNECT packet. When it is empty (the
	 * client sent none), each call may return a new empty object.
	 * @return the payload ({@code {}} when the client sent none)
	 */
	JsonNode auth();

	/**
	 * Returns the client's address.
	 * @return the address, when known
	 */
	@Nullable InetSocketAddress address();

	/**
	 * Returns when the connection was opened.
	 * @return the time
	 */
	Instant time();

	/**
	 * Returns the request path and query.
	 * @return the URL, as in the request line
	 */
	String url();

	/**
	 * Tells whether the connection uses TLS.
	 * @return whether it is secure
	 */
	boolean secure();

	/**
	 * Tells whether the request came from another origin (it carried an {@code Origin}
	 * header).
	 * @return whether it was cross-domain
	 */
	boolean crossDomain();

	/**
	 * Returns the authenticated principal of the request.
	 * @return the principal, when there is one
	 */
	@Nullable Principal principal();

}
