package io.github.socketiospringboot.internal.web;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.github.socketiospringboot.internal.engine.EngineRequest;
import io.github.socketiospringboot.internal.engine.transport.ReactorNettyPipeline;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.support.Netty4HeadersAdapter;

/**
 * A request that {@link EngineIoNettyRoute} serves on Reactor Netty's request and
 * response directly, without WebFlux's: a WebSocket handshake, whose whole exchange is
 * headers. What needs a body (long-polling) goes on with WebFlux's request and response,
 * built then over the same connection.
 */
final class NettyExchange extends EngineExchange {

	/** Marks, by identity, a target without a query in {@link #rawQuery}. */
	@SuppressWarnings("StringOperationCanBeSimplified")
	private static final String NO_QUERY = new String("");

	private final HttpServerRequest request;

	private final HttpServerResponse response;

	/**
	 * The query, cut out of the target once (a handshake asks for several parameters):
	 * {@code null} until then, {@link #NO_QUERY} when there is none. One field, so that a
	 * thread other than the loop (an allow-request hook's) reads it whole or not at all.
	 */
	private @Nullable String rawQuery;

	NettyExchange(HttpServerRequest request, HttpServerResponse response) {
		this.request = request;
		this.response = response;
	}

	/**
	 * Tells whether a request is one this exchange serves: a WebSocket upgrade (a GET
	 * with {@code Upgrade: websocket} and {@code Connection: upgrade}) whose target is a
	 * plain path and query, in the characters a URI allows as they are. Anything else
	 * (long-polling, preflights, a target WebFlux would refuse) is WebFlux's business.
	 * @param request the request
	 * @return whether to serve it on Reactor Netty's request and response
	 */
	static boolean serves(HttpServerRequest request) {
		return request.method() == io.netty.handler.codec.http.HttpMethod.GET && isPlainTarget(request.uri())
				&& EngineIoWebHandler.isUpgrade(HttpMethod.GET, request.requestHeaders().get(HttpHeaders.UPGRADE),
						request.requestHeaders().getAll(HttpHeaders.CONNECTION));
	}

	/**
	 * Tells whether a request target is an absolute path and a query made only of what a
	 * URI allows unencoded, percent signs starting an escape: one that
	 * {@code java.net.URI} takes as it is (WebFlux parses it so).
	 */
	static boolean isPlainTarget(String target) {
		if (target.isEmpty() || target.charAt(0) != '/') {
			return false;
		}
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c == '%') {
				if (i + 2 >= target.length() || Character.digit(target.charAt(i + 1), 16) < 0
						|| Character.digit(target.charAt(i + 2), 16) < 0) {
					return false;
				}
				i += 2;
			}
			else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
				return false;
			}
		}
		return true;
	}

	@Override
	HttpMethod method() {
		return HttpMethod.valueOf(this.request.method().name());
	}

	@Override
	@Nullable String header(String name) {
		return this.request.requestHeaders().get(name);
	}

	@Override
	List<String> headers(String name) {
		return this.request.requestHeaders().getAll(name);
	}

	@Override
	@Nullable String rawQuery() {
		String query = this.rawQuery;
		if (query == null) {
			String target = this.request.uri();
			int mark = target.indexOf('?');
			query = (mark >= 0) ? target.substring(mark + 1) : NO_QUERY;
			this.rawQuery = query;
		}
		return (query != NO_QUERY) ? query : null;
	}

	@Override
	String describe() {
		return this.request.method().name() + " " + this.request.uri();
	}

	@Override
	EngineRequest engineRequest(@Nullable Principal principal) {
		// the URI as WebFlux's request has it: scheme, host, the port when not the
		// scheme's own, a forwarded prefix, then the target
		String scheme = this.request.scheme();
		StringBuilder uri = new StringBuilder(96).append(scheme).append("://");
		String host = this.request.hostName();
		boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
		uri.append(ipv6 ? "[" : "").append(host).append(ipv6 ? "]" : "");
		int port = this.request.hostPort();
		boolean defaultPort = (port == 80 && ("http".equals(scheme) || "ws".equals(scheme)))
				|| (port == 443 && ("https".equals(scheme) || "wss".equals(scheme)));
		if (port != -1 && !defaultPort) {
			uri.append(':').append(port);
		}
		int targetStart = uri.length();
		String prefix = this.request.forwardedPrefix();
		if (prefix != null) {
			uri.append(prefix);
		}
		uri.append(this.request.uri());
		HttpHeaders headers = HttpHeaders
			.readOnlyHttpHeaders(new HttpHeaders(new Netty4HeadersAdapter(this.request.requestHeaders())));
		InetSocketAddress remoteAddress = this.request.remoteAddress();
		return new EngineRequest(uri.toString(), targetStart, headers, remoteAddress,
				ReactorNettyPipeline.isSecure(this.request), Instant.now(), principal);
	}

	@Override
	void setStatus(HttpStatus status) {
		this.response.status(status.value());
	}

	@Override
	void setHeader(String name, String value) {
		this.response.header(name, value);
	}

	@Override
	void addHeader(String name, String value) {
		this.response.addHeader(name, value);
	}

	@Override
	boolean isCommitted() {
		return this.response.hasSentHeaders();
	}

	@Override
	Mono<Void> complete() {
		return this.response.send();
	}

	@Override
	Mono<Void> send(byte[] body) {
		return this.response.sendByteArray(Mono.just(body)).then();
	}

	@Override
	Mono<Void> upgrade(
			BiFunction<? super WebsocketInbound, ? super WebsocketOutbound, ? extends Publisher<Void>> handler,
			WebsocketServerSpec spec, Function<Throwable, Mono<Void>> onConnectionError) {
		return ReactorNettyPipeline.sendWebsocket(this.response, handler, spec).onErrorResume(onConnectionError);
	}

	@Override
	ByteBufAllocator allocator() {
		return this.response.alloc();
	}

	@Override
	Mono<Void> withWebFlux(BiFunction<ServerHttpRequest, ServerHttpResponse, Mono<Void>> continuation) {
		return new ReactorHttpHandlerAdapter(continuation::apply).apply(this.request, this.response);
	}

}
