package io.github.socketiospringboot.internal.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.github.socketiospringboot.internal.engine.EngineRequest;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * One request to the endpoint and its response, as {@link EngineIoWebHandler} sees them:
 * what it reads of the request, what it sets on the response, and how the response ends.
 * The endpoint's logic is written once against this; each entry has its implementation:
 * {@link WebFluxExchange} over WebFlux's request and response, {@link NettyExchange} over
 * Reactor Netty's, for the WebSocket handshakes that {@link EngineIoNettyRoute} serves
 * without building WebFlux's.
 */
abstract class EngineExchange {

	/**
	 * Returns the request method.
	 * @return the method
	 */
	abstract HttpMethod method();

	/**
	 * Returns the first value of a request header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null} when the request has none
	 */
	abstract @Nullable String header(String name);

	/**
	 * Returns every value of a request header, each as received.
	 * @param name the header name, in any case
	 * @return the values, empty when the request has none
	 */
	abstract List<String> headers(String name);

	/**
	 * Returns the raw (still encoded) query of the request target.
	 * @return the query without {@code ?}, or {@code null} when there is none
	 */
	abstract @Nullable String rawQuery();

	/**
	 * Describes the request for a log line: its method and target.
	 * @return the description
	 */
	abstract String describe();

	/**
	 * Returns what a session keeps of the request that opens it.
	 * @param principal the authenticated principal, when there is one
	 * @return the engine's view of the request
	 */
	abstract EngineRequest engineRequest(@Nullable Principal principal);

	/**
	 * Sets the status of the response.
	 * @param status the status
	 */
	abstract void setStatus(HttpStatus status);

	/**
	 * Sets a response header, replacing its values.
	 * @param name the name
	 * @param value the value
	 */
	abstract void setHeader(String name, String value);

	/**
	 * Adds a value to a response header.
	 * @param name the name
	 * @param value the value
	 */
	abstract void addHeader(String name, String value);

	/**
	 * Tells whether the response has started (its status and headers can no longer
	 * change).
	 * @return whether it is committed
	 */
	abstract boolean isCommitted();

	/**
	 * Ends the response without a body.
	 * @return when it is sent
	 */
	abstract Mono<Void> complete();

	/**
	 * Ends the response with a body, whose type and length are set already.
	 * @param body the body
	 * @return when it is sent
	 */
	abstract Mono<Void> send(byte[] body);

	/**
	 * Upgrades the connection to WebSocket, with the response's headers on the 101.
	 * @param handler what serves the upgraded connection
	 * @param spec the WebSocket settings
	 * @param onConnectionError what becomes of a failure of the upgraded connection (or
	 * of the upgrade itself, once the response has been committed)
	 * @return completes when the connection has ended
	 */
	abstract Mono<Void> upgrade(
			BiFunction<? super WebsocketInbound, ? super WebsocketOutbound, ? extends Publisher<Void>> handler,
			WebsocketServerSpec spec, Function<Throwable, Mono<Void>> onConnectionError);

	/**
	 * Returns the allocator of the connection's buffers.
	 * @return the allocator
	 */
	abstract ByteBufAllocator allocator();

	/**
	 * Goes on with WebFlux's request and response, whose body API long-polling uses.
	 * @param continuation what serves the request with them
	 * @return when the request has been answered
	 */
	abstract Mono<Void> withWebFlux(BiFunction<ServerHttpRequest, ServerHttpResponse, Mono<Void>> continuation);

	/**
	 * Returns the first value of a query parameter, decoded as WebFlux decodes the query
	 * ({@link ServerHttpRequest#getQueryParams()}), without building the map of every
	 * parameter (a request to the endpoint needs two or three).
	 * @param name the parameter name
	 * @return the value, an empty string for a parameter with {@code =} and no value, or
	 * {@code null}
	 */
	final @Nullable String queryParam(String name) {
		return queryParam(rawQuery(), name);
	}

	/**
	 * Returns the first value of a parameter of a raw query, decoded as WebFlux decodes
	 * the query.
	 * @param query the raw query, or {@code null} when the target has none
	 * @param name the parameter name
	 * @return the value, an empty string for a parameter with {@code =} and no value, or
	 * {@code null}
	 */
	static @Nullable String queryParam(@Nullable String query, String name) {
		if (query == null) {
			return null;
		}
		int start = 0;
		while (start < query.length()) {
			int end = query.indexOf('&', start);
			if (end < 0) {
				end = query.length();
			}
			int equals = query.indexOf('=', start);
			int nameEnd = (equals >= 0 && equals < end) ? equals : end;
			if (nameEnd > start && isName(query, start, nameEnd, name)) {
				return (nameEnd < end) ? ((nameEnd + 1 < end) ? decode(query.substring(nameEnd + 1, end)) : "") : null;
			}
			start = end + 1;
		}
		return null;
	}

	/**
	 * Tells whether a parameter's name in the raw query, once decoded, is the one asked
	 * for: compared in place when nothing in it is encoded (no name is cut out of the
	 * query for each parameter passed over).
	 */
	private static boolean isName(String query, int start, int end, String name) {
		for (int i = start; i < end; i++) {
			char c = query.charAt(i);
			if (c == '%' || c == '+') {
				return name.equals(decode(query.substring(start, end)));
			}
		}
		return end - start == name.length() && query.regionMatches(start, name, 0, name.length());
	}

	private static String decode(String text) {
		if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
			return text;
		}
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

}
