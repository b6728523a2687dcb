package io.github.socketiospringboot.internal.web;

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
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * A request to the endpoint through WebFlux's request and response: behind WebFlux (its
 * filters having seen it), or handed over by the direct route for what needs WebFlux's
 * body API.
 */
final class WebFluxExchange extends EngineExchange {

	private final ServerHttpRequest request;

	private final ServerHttpResponse response;

	WebFluxExchange(ServerHttpRequest request, ServerHttpResponse response) {
		this.request = request;
		this.response = response;
	}

	@Override
	HttpMethod method() {
		return this.request.getMethod();
	}

	@Override
	@Nullable String header(String name) {
		return this.request.getHeaders().getFirst(name);
	}

	@Override
	List<String> headers(String name) {
		List<String> values = this.request.getHeaders().get(name);
		return (values != null) ? values : List.of();
	}

	@Override
	@Nullable String rawQuery() {
		return this.request.getURI().getRawQuery();
	}

	@Override
	String describe() {
		return this.request.getMethod() + " " + this.request.getURI();
	}

	@Override
	EngineRequest engineRequest(@Nullable Principal principal) {
		return new EngineRequest(this.request.getURI(), HttpHeaders.readOnlyHttpHeaders(this.request.getHeaders()),
				this.request.getRemoteAddress(), this.request.getSslInfo() != null, Instant.now(), principal);
	}

	@Override
	void setStatus(HttpStatus status) {
		this.response.setStatusCode(status);
	}

	@Override
	void setHeader(String name, String value) {
		this.response.getHeaders().set(name, value);
	}

	@Override
	void addHeader(String name, String value) {
		this.response.getHeaders().add(name, value);
	}

	@Override
	boolean isCommitted() {
		return this.response.isCommitted();
	}

	@Override
	Mono<Void> complete() {
		return this.response.setComplete();
	}

	@Override
	Mono<Void> send(byte[] body) {
		return this.response.writeWith(Mono.just(this.response.bufferFactory().wrap(body)));
	}

	@Override
	Mono<Void> upgrade(
			BiFunction<? super WebsocketInbound, ? super WebsocketOutbound, ? extends Publisher<Void>> handler,
			WebsocketServerSpec spec, Function<Throwable, Mono<Void>> onConnectionError) {
		HttpServerResponse nativeResponse = ReactorNettyPipeline.nettyResponse(this.response);
		if (nativeResponse == null) {
			return Mono.error(new IllegalStateException(
					"Socket.IO upgrades WebSocket connections on Reactor Netty only, not on this server's "
							+ ServerHttpResponseDecorator.getNativeResponse(this.response).getClass().getName()));
		}
		// the response is committed first: its headers (CORS, those of the filters) go
		// onto Reactor Netty's, which answers the upgrade
		return this.response.setComplete()
			.then(Mono.defer(() -> ReactorNettyPipeline.sendWebsocket(nativeResponse, handler, spec)
				.onErrorResume(onConnectionError)));
	}

	@Override
	ByteBufAllocator allocator() {
		DataBufferFactory factory = this.response.bufferFactory();
		return (factory instanceof NettyDataBufferFactory netty) ? netty.getByteBufAllocator()
				: ByteBufAllocator.DEFAULT;
	}

	@Override
	Mono<Void> withWebFlux(BiFunction<ServerHttpRequest, ServerHttpResponse, Mono<Void>> continuation) {
		return continuation.apply(this.request, this.response);
	}

}
