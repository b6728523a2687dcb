package io.github.socketiospringboot.server;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;

import io.github.socketiospringboot.broadcast.Handshake;
import io.github.socketiospringboot.internal.engine.EngineRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * The handshake of a local socket: the request its connection keeps, read on each call
 * rather than copied, and the auth payload of its CONNECT packet.
 */
final class RequestHandshake implements Handshake {

	private final EngineRequest request;

	/** The auth payload; {@code null} for an empty object, made anew on each call. */
	private final @Nullable JsonNode auth;

	/**
	 * Creates the handshake of a socket of the connection that {@code request} opened.
	 * @param request the request
	 * @param auth the auth payload ({@code {}} when the client sent none)
	 */
	RequestHandshake(EngineRequest request, JsonNode auth) {
		this.request = request;
		this.auth = (auth.isObject() && auth.isEmpty()) ? null : auth;
	}

	/**
	 * Creates the view of a request that has opened no namespace yet, as an
	 * {@link AllowRequest} sees it.
	 * @param request the request
	 */
	RequestHandshake(EngineRequest request) {
		this.request = request;
		this.auth = null;
	}

	@Override
	public HttpHeaders headers() {
		return this.request.headers();
	}

	@Override
	public MultiValueMap<String, String> query() {
		return this.request.query();
	}

	@Override
	public JsonNode auth() {
		return (this.auth != null) ? this.auth : JsonNodeFactory.instance.objectNode();
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

	@Override
	public String toString() {
		return "Handshake[url=" + url() + ", address=" + address() + ", time=" + time() + "]";
	}

}
