package io.github.socketiospringboot.internal.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineRequest;
import io.github.socketiospringboot.internal.engine.EngineServer;
import io.github.socketiospringboot.internal.engine.EngineSession;
import io.github.socketiospringboot.internal.engine.RequestRefusedException;
import io.github.socketiospringboot.internal.engine.Transport;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.internal.engine.transport.PollingException;
import io.github.socketiospringboot.internal.engine.transport.PollingTransport;
import io.github.socketiospringboot.internal.engine.transport.ReactorNettyPipeline;
import io.github.socketiospringboot.internal.engine.transport.WebSocketTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * Serves one Engine.IO endpoint: validates each request as the reference server does,
 * answers long-polling GETs and POSTs, and upgrades WebSocket requests straight onto the
 * Reactor Netty connection, so that frames bypass the WebFlux session pipeline.
 *
 * <p>
 * It has two entries onto one implementation: as a {@link WebHandler} it runs behind
 * WebFlux (its filters, the security chain among them, see every request, and a handshake
 * gets the exchange's principal); through
 * {@link #handle(ServerHttpRequest, ServerHttpResponse)} it serves the requests that
 * Reactor Netty routes to it directly ({@link EngineIoNettyRoute}), without a principal.
 * It is no {@code HttpHandler} bean: the application has one, WebFlux's.
 */
public final class EngineIoWebHandler implements WebHandler {

	private static final Log logger = LogFactory.getLog(EngineIoWebHandler.class);

	private static final MediaType TEXT_UTF8 = new MediaType("text", "plain", StandardCharsets.UTF_8);

	private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

	private static final int BODY_CHUNKS_PREFETCH = 64;

	private final EngineServer server;

	private final EngineCors cors;

	private final int maxPayload;

	private final WebsocketServerSpec websocketSpec;

	/**
	 * Creates a handler.
	 * @param server the engine whose sessions this endpoint serves
	 * @param cors the cross-origin settings
	 */
	public EngineIoWebHandler(EngineServer server, CorsOptions cors) {
		this.server = server;
		this.cors = new EngineCors(cors);
		this.maxPayload = (int) server.options().maxHttpBufferSize();
		this.websocketSpec = ReactorNettyPipeline.webSocketSpec(this.maxPayload);
	}

	/**
	 * Returns the engine this endpoint serves.
	 * @return the engine server
	 */
	public EngineServer server() {
		return this.server;
	}

	/**
	 * Serves a request that came through WebFlux: a handshake gets the exchange's
	 * principal.
	 * @param exchange the exchange
	 * @return when the request has been answered
	 */
	@Override
	public Mono<Void> handle(ServerWebExchange exchange) {
		return handle(exchange.getRequest(), exchange.getResponse(), exchange.getPrincipal());
	}

	/**
	 * Serves a request routed here by Reactor Netty, outside WebFlux: there is no
	 * principal.
	 * @param request the request
	 * @param response the response
	 * @return when the request has been answered
	 */
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		return handle(request, response, null);
	}

	private Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response,
			@Nullable Mono<? extends Principal> principal) {
		if (this.cors.isPreflight(request)) {
			this.cors.answerPreflight(request, response);
			return response.setComplete();
		}
		this.cors.applyHeaders(request, response);
		TransportType transport = TransportType.fromWireName(queryParam(request, "transport"));
		if (transport == null || !this.server.options().transports().contains(transport)) {
			return error(request, response, EngineError.UNKNOWN_TRANSPORT, null);
		}
		String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
		if (origin != null && !isValidHeaderValue(origin)) {
			return error(request, response, EngineError.BAD_REQUEST, null);
		}
		boolean upgrade = isUpgrade(request);
		String sid = queryParam(request, "sid");
		return (sid != null) ? handleSessionRequest(request, response, sid, transport, upgrade)
				: handleHandshake(request, response, principal, transport, upgrade);
	}

	private Mono<Void> handleSessionRequest(ServerHttpRequest request, ServerHttpResponse response, String sid,
			TransportType transport, boolean upgrade) {
		EngineSession session = this.server.find(sid);
		if (session == null) {
			return error(request, response, EngineError.UNKNOWN_SID, null);
		}
		if (!"4".equals(queryParam(request, "EIO"))) {
			return error(request, response, EngineError.BAD_REQUEST, null);
		}
		Transport current = session.currentTransport();
		if (upgrade) {
			if (transport != TransportType.WEBSOCKET) {
				return error(request, response, EngineError.BAD_REQUEST, null);
			}
			if (!this.cors.isOriginAllowed(request.getHeaders().getOrigin())) {
				return error(request, response, EngineError.FORBIDDEN, null);
			}
			return upgradeToWebSocket(request, response, session, null);
		}
		if (current.type() != transport || !(current instanceof PollingTransport polling)) {
			return error(request, response, EngineError.BAD_REQUEST, null);
		}
		HttpMethod method = request.getMethod();
		if (method == HttpMethod.GET) {
			return poll(request, response, polling);
		}
		if (method == HttpMethod.POST) {
			return post(request, response, session, polling);
		}
		response.setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
		return response.setComplete();
	}

	private Mono<Void> handleHandshake(ServerHttpRequest request, ServerHttpResponse response,
			@Nullable Mono<? extends Principal> principal, TransportType transport, boolean upgrade) {
		if (request.getMethod() != HttpMethod.GET) {
			return error(request, response, EngineError.BAD_HANDSHAKE_METHOD, null);
		}
		if ((transport == TransportType.WEBSOCKET) != upgrade) {
			return error(request, response, EngineError.BAD_REQUEST, null);
		}
		if (upgrade && !this.cors.isOriginAllowed(request.getHeaders().getOrigin())) {
			return error(request, response, EngineError.FORBIDDEN, null);
		}
		if (this.server.isClosed()) {
			return error(request, response, EngineError.BAD_REQUEST, null);
		}
		if (principal == null) {
			return handshake(request, response, transport, null);
		}
		if (principal instanceof Fuseable.ScalarCallable<?> known) {
			// without security the principal is known at once (there is none): no
			// operator needed to wait for it
			Object found;
			try {
				found = known.call();
			}
			catch (Exception ex) {
				return Mono.error(ex);
			}
			return handshake(request, response, transport, (Principal) found);
		}
		return principal.map((found) -> Optional.<Principal>of(found))
			.defaultIfEmpty(Optional.empty())
			.flatMap((found) -> handshake(request, response, transport, found.orElse(null)));
	}

	/**
	 * Asks the allow-request hook, then opens the session: at once when the hook decides
	 * at once (the default hook, which accepts everything, does).
	 */
	private Mono<Void> handshake(ServerHttpRequest request, ServerHttpResponse response, TransportType transport,
			@Nullable Principal principal) {
		EngineRequest engineRequest = toEngineRequest(request, principal);
		Mono<Boolean> decision;
		try {
			decision = this.server.options().allowRequest().allow(engineRequest);
		}
		catch (RuntimeException ex) {
			decision = Mono.error(ex);
		}
		if (decision instanceof Fuseable.ScalarCallable<?> decided) {
			// the hook has decided already (the default one, which accepts everything,
			// always has): go on without subscribing
			Object allowed;
			try {
				allowed = decided.call();
			}
			catch (Exception ex) {
				return refuse(request, response, ex);
			}
			return Boolean.TRUE.equals(allowed) ? open(request, response, transport, engineRequest)
					: error(request, response, EngineError.FORBIDDEN, null);
		}
		return decision.defaultIfEmpty(false)
			// like the reference, any failure of the hook refuses the request with
			// its message
			.onErrorResume((ex) -> refuse(request, response, ex).thenReturn(false))
			.flatMap((allowed) -> {
				if (!allowed) {
					return response.isCommitted() ? Mono.empty()
							: error(request, response, EngineError.FORBIDDEN, null);
				}
				return open(request, response, transport, engineRequest);
			});
	}

	private Mono<Void> refuse(ServerHttpRequest request, ServerHttpResponse response, Throwable ex) {
		return error(request, response, EngineError.FORBIDDEN,
				(ex instanceof RequestRefusedException) ? ex.getMessage() : describe(ex));
	}

	private Mono<Void> open(ServerHttpRequest request, ServerHttpResponse response, TransportType transport,
			EngineRequest engineRequest) {
		if (!"4".equals(queryParam(request, "EIO"))) {
			return error(request, response, EngineError.UNSUPPORTED_PROTOCOL_VERSION, null);
		}
		if (transport == TransportType.WEBSOCKET) {
			return upgradeToWebSocket(request, response, null, engineRequest);
		}
		PollingTransport polling = new PollingTransport(allocator(response));
		this.server.open(engineRequest, polling);
		return poll(request, response, polling);
	}

	private static EngineRequest toEngineRequest(ServerHttpRequest request, @Nullable Principal principal) {
		return new EngineRequest(request.getURI(), HttpHeaders.readOnlyHttpHeaders(request.getHeaders()),
				request.getRemoteAddress(), request.getSslInfo() != null, Instant.now(), principal);
	}

	private Mono<Void> poll(ServerHttpRequest request, ServerHttpResponse response, PollingTransport polling) {
		return onOwnEventLoop(polling.poll(), response).flatMap((payload) -> {
			HttpHeaders headers = response.getHeaders();
			headers.setContentType(TEXT_UTF8);
			headers.setContentLength(payload.readableBytes());
			headers.setCacheControl("no-store");
			// a connection already gone (reset before its handshake was answered, say)
			// takes the session's packets with it: the session ends now rather than at
			// its ping timeout
			return response.writeWith(Mono.just(toDataBuffer(response.bufferFactory(), payload)))
				.onErrorResume((ex) -> {
					logClientGone(request, ex);
					polling.onPollConnectionClosed();
					return Mono.empty();
				})
				.doOnCancel(polling::onPollConnectionClosed);
		}).onErrorResume(PollingException.class, (ex) -> {
			response.setStatusCode(HttpStatus.BAD_REQUEST);
			return response.setComplete();
		});
	}

	/**
	 * Moves the outcome of a long-poll to the event loop of its own connection. The
	 * payload is often produced on another connection's thread (a POST whose event is
	 * answered at once), and a response completed from there can leave Reactor Netty
	 * holding the next request of this keep-alive connection unread.
	 */
	private static Mono<ByteBuf> onOwnEventLoop(Mono<ByteBuf> payload, ServerHttpResponse response) {
		EventLoop eventLoop = ReactorNettyPipeline.eventLoop(response);
		if (eventLoop == null) {
			return payload;
		}
		return payload.publishOn(Schedulers.fromExecutor(eventLoop))
			.doOnDiscard(ByteBuf.class, ReferenceCountUtil::release);
	}

	private Mono<Void> post(ServerHttpRequest request, ServerHttpResponse response, EngineSession session,
			PollingTransport polling) {
		if (!polling.beginPost()) {
			session.close(EngineCloseReason.TRANSPORT_ERROR, "overlapping POST requests");
			response.setStatusCode(HttpStatus.BAD_REQUEST);
			return response.setComplete();
		}
		MediaType contentType = request.getHeaders().getContentType();
		if (contentType != null && MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(contentType)) {
			polling.endPost();
			session.close(EngineCloseReason.TRANSPORT_ERROR, "binary POST body");
			response.setStatusCode(HttpStatus.BAD_REQUEST);
			return response.setComplete();
		}
		if (request.getHeaders().getContentLength() > this.maxPayload) {
			polling.endPost();
			return payloadTooLarge(response);
		}
		// read with a bounded demand: with an unbounded one, Reactor Netty hands a reset
		// connection's error to the body's subscriber twice, and Reactor logs the second
		// at ERROR as dropped
		Flux<DataBuffer> chunks = request.getBody().limitRate(BODY_CHUNKS_PREFETCH);
		Mono<String> body = DataBufferUtils.join(chunks, this.maxPayload).map((joined) -> {
			try {
				return joined.toString(StandardCharsets.UTF_8);
			}
			finally {
				DataBufferUtils.release(joined);
			}
		})
			.defaultIfEmpty("")
			// the client went away before the whole body came: like the reference, the
			// session ends with a transport error (nobody is left to answer)
			.onErrorResume((ex) -> !(ex instanceof DataBufferLimitException), (ex) -> {
				logClientGone(request, ex);
				polling.onDataRequestClosed();
				return Mono.empty();
			})
			.doOnCancel(polling::onDataRequestClosed);
		return body.flatMap((payload) -> {
			polling.receive(payload);
			HttpHeaders headers = response.getHeaders();
			headers.setContentType(MediaType.TEXT_HTML);
			headers.setContentLength(OK.length);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(OK)));
		}).onErrorResume(DataBufferLimitException.class, (ex) -> {
			polling.endPost();
			return payloadTooLarge(response);
		});
	}

	private static Mono<Void> payloadTooLarge(ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.PAYLOAD_TOO_LARGE);
		response.getHeaders().setConnection("close");
		return response.setComplete();
	}

	private Mono<Void> upgradeToWebSocket(ServerHttpRequest request, ServerHttpResponse response,
			@Nullable EngineSession existing, @Nullable EngineRequest handshake) {
		WebSocketHandshakeError handshakeError = WebSocketHandshakeError.of(request.getHeaders());
		if (handshakeError != null) {
			return refuseHandshake(request, response, handshakeError);
		}
		HttpServerResponse nativeResponse = ReactorNettyPipeline.nettyResponse(response);
		if (nativeResponse == null) {
			return Mono.error(new IllegalStateException(
					"Socket.IO upgrades WebSocket connections on Reactor Netty only, not on this server's "
							+ ServerHttpResponseDecorator.getNativeResponse(response).getClass().getName()));
		}
		int maxPayload = this.maxPayload;
		return response.setComplete().then(Mono.defer(() -> nativeResponse.sendWebsocket((inbound, outbound) -> {
			WebSocketTransport transport = new WebSocketTransport(ReactorNettyPipeline.channel(inbound),
					this.server.options().writeBuffer());
			if (existing == null) {
				this.server.open(handshake, transport);
			}
			else if (!existing.beginUpgrade(transport)) {
				// the session has upgraded already, or is upgrading: this connection is
				// refused
				return Mono.empty();
			}
			return transport.receive(inbound, maxPayload);
		}, this.websocketSpec)).onErrorResume((ex) -> {
			// the handshake was checked before the response was committed: what fails
			// now is the connection (the client went away), not the server
			if (logger.isDebugEnabled()) {
				logger.debug("WebSocket handshake of " + request.getURI() + " failed: " + ex);
			}
			return Mono.empty();
		}));
	}

	/**
	 * Answers a WebSocket handshake that the reference server's WebSocket library
	 * refuses, as it does: the status, a plain-text reason, and the connection closed.
	 */
	private Mono<Void> refuseHandshake(ServerHttpRequest request, ServerHttpResponse response,
			WebSocketHandshakeError error) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused WebSocket handshake " + request.getURI() + ": " + error.message());
		}
		response.setStatusCode(HttpStatus.BAD_REQUEST);
		HttpHeaders headers = response.getHeaders();
		headers.setConnection("close");
		headers.setContentType(MediaType.TEXT_HTML);
		error.headers().forEach(headers::set);
		byte[] body = error.message().getBytes(StandardCharsets.UTF_8);
		headers.setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/**
	 * Returns the first value of a query parameter, decoded as WebFlux decodes the query
	 * ({@link ServerHttpRequest#getQueryParams()}): without building the map of every
	 * parameter, of which a request to this endpoint needs two or three.
	 * @return the value, an empty string for a parameter without one, or {@code null}
	 */
	static @Nullable String queryParam(ServerHttpRequest request, String name) {
		String query = request.getURI().getRawQuery();
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
			if (nameEnd > start && name.equals(decode(query.substring(start, nameEnd)))) {
				return (nameEnd < end) ? ((nameEnd + 1 < end) ? decode(query.substring(nameEnd + 1, end)) : "") : null;
			}
			start = end + 1;
		}
		return null;
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

	/**
	 * Tells whether a request asks for a WebSocket upgrade: a GET with
	 * {@code Upgrade: websocket} and {@code Connection: upgrade}, the headers without
	 * which Node's HTTP server does not see an upgrade either (such a request is an
	 * ordinary GET to the reference server).
	 */
	private static boolean isUpgrade(ServerHttpRequest request) {
		if (request.getMethod() != HttpMethod.GET || !"websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())) {
			return false;
		}
		List<String> connection = request.getHeaders().get(HttpHeaders.CONNECTION);
		if (connection != null) {
			for (String value : connection) {
				if (hasToken(value, "upgrade")) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Tells whether a comma-separated header value holds a token, ignoring case and the
	 * spaces around each element.
	 */
	private static boolean hasToken(String value, String token) {
		int start = 0;
		while (start <= value.length()) {
			int end = value.indexOf(',', start);
			if (end < 0) {
				end = value.length();
			}
			int first = start;
			int last = end;
			while (first < last && Character.isWhitespace(value.charAt(first))) {
				first++;
			}
			while (last > first && Character.isWhitespace(value.charAt(last - 1))) {
				last--;
			}
			if (last - first == token.length() && value.regionMatches(true, first, token, 0, token.length())) {
				return true;
			}
			start = end + 1;
		}
		return false;
	}

	private Mono<Void> error(ServerHttpRequest request, ServerHttpResponse response, EngineError error,
			@Nullable String message) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused " + request.getMethod() + " " + request.getURI() + ": " + error);
		}
		response.setStatusCode(error.status());
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		String text = (message != null) ? message : error.message();
		byte[] body = ("{\"code\":" + error.code() + ",\"message\":" + jsonString(text) + "}")
			.getBytes(StandardCharsets.UTF_8);
		headers.setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private static void logClientGone(ServerHttpRequest request, Throwable ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Connection of " + request.getMethod() + " " + request.getURI() + " lost: " + ex);
		}
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? message : EngineError.FORBIDDEN.message();
	}

	private static String jsonString(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	private static boolean isValidHeaderValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
				return false;
			}
		}
		return true;
	}

	private static ByteBufAllocator allocator(ServerHttpResponse response) {
		DataBufferFactory factory = response.bufferFactory();
		return (factory instanceof NettyDataBufferFactory netty) ? netty.getByteBufAllocator()
				: ByteBufAllocator.DEFAULT;
	}

	private static DataBuffer toDataBuffer(DataBufferFactory factory, ByteBuf payload) {
		if (factory instanceof NettyDataBufferFactory netty) {
			return netty.wrap(payload);
		}
		try {
			byte[] bytes = new byte[payload.readableBytes()];
			payload.readBytes(bytes);
			return factory.wrap(bytes);
		}
		finally {
			payload.release();
		}
	}

}
