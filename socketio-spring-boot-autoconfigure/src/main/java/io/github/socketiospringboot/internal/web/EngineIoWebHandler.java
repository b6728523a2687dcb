package io.github.socketiospringboot.internal.web;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
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
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
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
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * Serves one Engine.IO endpoint: validates each request as the reference server does,
 * answers long-polling GETs and POSTs, and upgrades WebSocket requests straight onto the
 * Reactor Netty connection, so that frames bypass the WebFlux session pipeline.
 *
 * <p>
 * It has two entries onto one implementation, written against {@link EngineExchange}: as
 * a {@link WebHandler} it runs behind WebFlux (its filters, the security chain among
 * them, see every request, and a handshake gets the exchange's principal); through
 * {@link #handle(HttpServerRequest, HttpServerResponse)} it serves the requests that
 * Reactor Netty routes to it directly ({@link EngineIoNettyRoute}), without a principal:
 * WebSocket handshakes on Reactor Netty's request and response, since they are all
 * headers, and long-polling on WebFlux's, built for it.
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

	/** Serves the requests routed here that are not served on Reactor Netty's types. */
	private final ReactorHttpHandlerAdapter webFluxAdapter = new ReactorHttpHandlerAdapter(
			(request, response) -> handle(new WebFluxExchange(request, response), null));

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
		return handle(new WebFluxExchange(exchange.getRequest(), exchange.getResponse()), exchange.getPrincipal());
	}

	/**
	 * Serves a request that Reactor Netty routed here, outside WebFlux: there is no
	 * principal. A WebSocket handshake is served on Reactor Netty's request and response;
	 * anything else on WebFlux's, built for it.
	 * @param request the request
	 * @param response the response
	 * @return when the request has been answered
	 */
	public Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		if (NettyExchange.serves(request)) {
			return handle(new NettyExchange(request, response), null);
		}
		return this.webFluxAdapter.apply(request, response);
	}

	private Mono<Void> handle(EngineExchange exchange, @Nullable Mono<? extends Principal> principal) {
		if (this.cors.isPreflight(exchange)) {
			this.cors.answerPreflight(exchange);
			return exchange.complete();
		}
		this.cors.applyHeaders(exchange);
		TransportType transport = TransportType.fromWireName(exchange.queryParam("transport"));
		if (transport == null || !this.server.options().transports().contains(transport)) {
			return error(exchange, EngineError.UNKNOWN_TRANSPORT, null);
		}
		String origin = exchange.header(HttpHeaders.ORIGIN);
		if (origin != null && !isValidHeaderValue(origin)) {
			return error(exchange, EngineError.BAD_REQUEST, null);
		}
		boolean upgrade = isUpgrade(exchange.method(), exchange.header(HttpHeaders.UPGRADE),
				exchange.headers(HttpHeaders.CONNECTION));
		String sid = exchange.queryParam("sid");
		return (sid != null) ? handleSessionRequest(exchange, sid, transport, upgrade)
				: handleHandshake(exchange, principal, transport, upgrade);
	}

	private Mono<Void> handleSessionRequest(EngineExchange exchange, String sid, TransportType transport,
			boolean upgrade) {
		EngineSession session = this.server.find(sid);
		if (session == null) {
			return error(exchange, EngineError.UNKNOWN_SID, null);
		}
		if (!"4".equals(exchange.queryParam("EIO"))) {
			return error(exchange, EngineError.BAD_REQUEST, null);
		}
		Transport current = session.currentTransport();
		if (upgrade) {
			if (transport != TransportType.WEBSOCKET) {
				return error(exchange, EngineError.BAD_REQUEST, null);
			}
			if (!this.cors.isOriginAllowed(exchange.header(HttpHeaders.ORIGIN))) {
				return error(exchange, EngineError.FORBIDDEN, null);
			}
			return upgradeToWebSocket(exchange, session, null);
		}
		if (current.type() != transport || !(current instanceof PollingTransport polling)) {
			return error(exchange, EngineError.BAD_REQUEST, null);
		}
		HttpMethod method = exchange.method();
		if (method == HttpMethod.GET) {
			return exchange.withWebFlux((request, response) -> poll(request, response, polling));
		}
		if (method == HttpMethod.POST) {
			return exchange.withWebFlux((request, response) -> post(request, response, session, polling));
		}
		exchange.setStatus(HttpStatus.INTERNAL_SERVER_ERROR);
		return exchange.complete();
	}

	private Mono<Void> handleHandshake(EngineExchange exchange, @Nullable Mono<? extends Principal> principal,
			TransportType transport, boolean upgrade) {
		if (exchange.method() != HttpMethod.GET) {
			return error(exchange, EngineError.BAD_HANDSHAKE_METHOD, null);
		}
		if ((transport == TransportType.WEBSOCKET) != upgrade) {
			return error(exchange, EngineError.BAD_REQUEST, null);
		}
		if (upgrade && !this.cors.isOriginAllowed(exchange.header(HttpHeaders.ORIGIN))) {
			return error(exchange, EngineError.FORBIDDEN, null);
		}
		if (this.server.isClosed()) {
			return error(exchange, EngineError.BAD_REQUEST, null);
		}
		if (principal == null) {
			return handshake(exchange, transport, null);
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
			return handshake(exchange, transport, (Principal) found);
		}
		return principal.map((found) -> Optional.<Principal>of(found))
			.defaultIfEmpty(Optional.empty())
			.flatMap((found) -> handshake(exchange, transport, found.orElse(null)));
	}

	/**
	 * Asks the allow-request hook, then opens the session: at once when the hook decides
	 * at once (the default hook, which accepts everything, does).
	 */
	private Mono<Void> handshake(EngineExchange exchange, TransportType transport, @Nullable Principal principal) {
		EngineRequest engineRequest = exchange.engineRequest(principal);
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
				return refuse(exchange, ex);
			}
			return Boolean.TRUE.equals(allowed) ? open(exchange, transport, engineRequest)
					: error(exchange, EngineError.FORBIDDEN, null);
		}
		return decision.defaultIfEmpty(false)
			// like the reference, any failure of the hook refuses the request with
			// its message
			.onErrorResume((ex) -> refuse(exchange, ex).thenReturn(false))
			.flatMap((allowed) -> {
				if (!allowed) {
					return exchange.isCommitted() ? Mono.empty() : error(exchange, EngineError.FORBIDDEN, null);
				}
				return open(exchange, transport, engineRequest);
			});
	}

	private Mono<Void> refuse(EngineExchange exchange, Throwable ex) {
		return error(exchange, EngineError.FORBIDDEN,
				(ex instanceof RequestRefusedException) ? ex.getMessage() : describe(ex));
	}

	private Mono<Void> open(EngineExchange exchange, TransportType transport, EngineRequest engineRequest) {
		if (!"4".equals(exchange.queryParam("EIO"))) {
			return error(exchange, EngineError.UNSUPPORTED_PROTOCOL_VERSION, null);
		}
		if (transport == TransportType.WEBSOCKET) {
			return upgradeToWebSocket(exchange, null, engineRequest);
		}
		PollingTransport polling = new PollingTransport(exchange.allocator());
		this.server.open(engineRequest, polling);
		return exchange.withWebFlux((request, response) -> poll(request, response, polling));
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

	private static Mono<Void> ok(ServerHttpResponse response) {
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.TEXT_HTML);
		headers.setContentLength(OK.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(OK)));
	}

	private Mono<Void> post(ServerHttpRequest request, ServerHttpResponse response, EngineSession session,
			PollingTransport polling) {
		PollingTransport.PostStart start = polling.beginPost();
		if (start == PollingTransport.PostStart.OVERLAP) {
			session.close(EngineCloseReason.TRANSPORT_ERROR, "overlapping POST requests");
			response.setStatusCode(HttpStatus.BAD_REQUEST);
			return response.setComplete();
		}
		if (start == PollingTransport.PostStart.INACTIVE) {
			// a session the server closed (its close packet waits for the next GET), or
			// one
			// that upgraded meanwhile: the reference reads the body, drops its packets
			// and
			// answers ok, so that the client reads the close rather than an error
			return request.getBody()
				.limitRate(BODY_CHUNKS_PREFETCH)
				.doOnNext(DataBufferUtils::release)
				.then()
				.onErrorResume((ex) -> Mono.empty())
				.then(Mono.defer(() -> ok(response)));
		}
		// the header as it is, as the reference compares it: a malformed one is text
		// (parsed,
		// it would fail the request and leave the POST open)
		if (MediaType.APPLICATION_OCTET_STREAM_VALUE.equals(request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))) {
			polling.endPost();
			session.close(EngineCloseReason.TRANSPORT_ERROR, "binary POST body");
			response.setStatusCode(HttpStatus.BAD_REQUEST);
			return response.setComplete();
		}
		long contentLength;
		try {
			contentLength = request.getHeaders().getContentLength();
		}
		catch (NumberFormatException ex) {
			// a Content-Length that is no number: the body cannot be read
			polling.endPost();
			response.setStatusCode(HttpStatus.BAD_REQUEST);
			return response.setComplete();
		}
		if (contentLength > this.maxPayload) {
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
			return ok(response);
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

	private Mono<Void> upgradeToWebSocket(EngineExchange exchange, @Nullable EngineSession existing,
			@Nullable EngineRequest handshake) {
		WebSocketHandshakeError handshakeError = WebSocketHandshakeError.of(exchange.header("Sec-WebSocket-Key"),
				exchange.header("Sec-WebSocket-Version"));
		if (handshakeError != null) {
			return refuseHandshake(exchange, handshakeError);
		}
		int maxPayload = this.maxPayload;
		return exchange.upgrade((inbound, outbound) -> {
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
		}, this.websocketSpec, (ex) -> {
			// the handshake was checked before the response was committed: what fails
			// now is the connection (the client went away), not the server
			if (logger.isDebugEnabled()) {
				logger.debug("WebSocket handshake of " + exchange.describe() + " failed: " + ex);
			}
			return Mono.empty();
		});
	}

	/**
	 * Answers a WebSocket handshake that the reference server's WebSocket library
	 * refuses, as it does: the status, a plain-text reason, and the connection closed.
	 */
	private Mono<Void> refuseHandshake(EngineExchange exchange, WebSocketHandshakeError error) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused WebSocket handshake " + exchange.describe() + ": " + error.message());
		}
		exchange.setStatus(HttpStatus.BAD_REQUEST);
		exchange.setHeader(HttpHeaders.CONNECTION, "close");
		exchange.setHeader(HttpHeaders.CONTENT_TYPE, MediaType.TEXT_HTML_VALUE);
		error.headers().forEach(exchange::setHeader);
		byte[] body = error.message().getBytes(StandardCharsets.UTF_8);
		exchange.setHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
		return exchange.send(body);
	}

	/**
	 * Tells whether a request asks for a WebSocket upgrade: a GET with
	 * {@code Upgrade: websocket} and {@code Connection: upgrade}, the headers without
	 * which Node's HTTP server does not see an upgrade either (such a request is an
	 * ordinary GET to the reference server).
	 */
	static boolean isUpgrade(HttpMethod method, @Nullable String upgrade, List<String> connection) {
		if (method != HttpMethod.GET || !"websocket".equalsIgnoreCase(upgrade)) {
			return false;
		}
		for (String value : connection) {
			if (hasToken(value, "upgrade")) {
				return true;
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

	private Mono<Void> error(EngineExchange exchange, EngineError error, @Nullable String message) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused " + exchange.describe() + ": " + error);
		}
		exchange.setStatus(error.status());
		exchange.setHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
		String text = (message != null) ? message : error.message();
		byte[] body = ("{\"code\":" + error.code() + ",\"message\":" + jsonString(text) + "}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.setHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
		return exchange.send(body);
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
