package io.github.socketiospringboot.internal.web;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
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
 * Serves one Engine.IO endpoint inside WebFlux: validates each request as the reference
 * server does, answers long-polling GETs and POSTs, and upgrades WebSocket requests
 * straight onto the Reactor Netty connection, so that filters (security, CORS) see the
 * handshake while frames bypass the WebFlux session pipeline.
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

	@Override
	public Mono<Void> handle(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		if (this.cors.isPreflight(request)) {
			this.cors.answerPreflight(request, response);
			return response.setComplete();
		}
		this.cors.applyHeaders(request, response);
		TransportType transport = TransportType.fromWireName(request.getQueryParams().getFirst("transport"));
		if (transport == null || !this.server.options().transports().contains(transport)) {
			return error(exchange, EngineError.UNKNOWN_TRANSPORT, null);
		}
		String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
		if (origin != null && !isValidHeaderValue(origin)) {
			return error(exchange, EngineError.BAD_REQUEST, null);
		}
		boolean upgrade = isUpgrade(request);
		String sid = request.getQueryParams().getFirst("sid");
		return (sid != null) ? handleSessionRequest(exchange, sid, transport, upgrade)
				: handleHandshake(exchange, transport, upgrade);
	}

	private Mono<Void> handleSessionRequest(ServerWebExchange exchange, String sid, TransportType transport,
			boolean upgrade) {
		EngineSession session = this.server.find(sid);
		if (session == null) {
			return error(exchange, EngineError.UNKNOWN_SID, null);
		}
		if (!"4".equals(exchange.getRequest().getQueryParams().getFirst("EIO"))) {
			return error(exchange, EngineError.BAD_REQUEST, null);
		}
		Transport current = session.currentTransport();
		if (upgrade) {
			if (transport != TransportType.WEBSOCKET) {
				return error(exchange, EngineError.BAD_REQUEST, null);
			}
			if (!this.cors.isOriginAllowed(exchange.getRequest().getHeaders().getOrigin())) {
				return error(exchange, EngineError.FORBIDDEN, null);
			}
			return upgradeToWebSocket(exchange, session, null);
		}
		if (current.type() != transport || !(current instanceof PollingTransport polling)) {
			return error(exchange, EngineError.BAD_REQUEST, null);
		}
		HttpMethod method = exchange.getRequest().getMethod();
		if (method == HttpMethod.GET) {
			return poll(exchange, polling);
		}
		if (method == HttpMethod.POST) {
			return post(exchange, session, polling);
		}
		exchange.getResponse().setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
		return exchange.getResponse().setComplete();
	}

	private Mono<Void> handleHandshake(ServerWebExchange exchange, TransportType transport, boolean upgrade) {
		ServerHttpRequest request = exchange.getRequest();
		if (request.getMethod() != HttpMethod.GET) {
			return error(exchange, EngineError.BAD_HANDSHAKE_METHOD, null);
		}
		if ((transport == TransportType.WEBSOCKET) != upgrade) {
			return error(exchange, EngineError.BAD_REQUEST, null);
		}
		if (upgrade && !this.cors.isOriginAllowed(request.getHeaders().getOrigin())) {
			return error(exchange, EngineError.FORBIDDEN, null);
		}
		if (this.server.isClosed()) {
			return error(exchange, EngineError.BAD_REQUEST, null);
		}
		return exchange.getPrincipal().map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((principal) -> {
			EngineRequest engineRequest = toEngineRequest(request, principal.orElse(null));
			return this.server.options()
				.allowRequest()
				.allow(engineRequest)
				.defaultIfEmpty(false)
				// like the reference, any failure of the hook refuses the request with
				// its message
				.onErrorResume((ex) -> error(exchange, EngineError.FORBIDDEN,
						(ex instanceof RequestRefusedException) ? ex.getMessage() : describe(ex))
					.thenReturn(false))
				.flatMap((allowed) -> {
					if (!allowed) {
						return exchange.getResponse().isCommitted() ? Mono.empty()
								: error(exchange, EngineError.FORBIDDEN, null);
					}
					if (!"4".equals(request.getQueryParams().getFirst("EIO"))) {
						return error(exchange, EngineError.UNSUPPORTED_PROTOCOL_VERSION, null);
					}
					if (transport == TransportType.WEBSOCKET) {
						return upgradeToWebSocket(exchange, null, engineRequest);
					}
					PollingTransport polling = new PollingTransport(allocator(exchange.getResponse()));
					this.server.open(engineRequest, polling);
					return poll(exchange, polling);
				});
		});
	}

	private static EngineRequest toEngineRequest(ServerHttpRequest request, @Nullable Principal principal) {
		return new EngineRequest(request.getURI(), HttpHeaders.readOnlyHttpHeaders(request.getHeaders()),
				request.getRemoteAddress(), request.getSslInfo() != null, Instant.now(), principal);
	}

	private Mono<Void> poll(ServerWebExchange exchange, PollingTransport polling) {
		ServerHttpResponse response = exchange.getResponse();
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
					logClientGone(exchange, ex);
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

	private Mono<Void> post(ServerWebExchange exchange, EngineSession session, PollingTransport polling) {
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
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
				logClientGone(exchange, ex);
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

	private Mono<Void> upgradeToWebSocket(ServerWebExchange exchange, @Nullable EngineSession existing,
			@Nullable EngineRequest handshake) {
		ServerHttpResponse response = exchange.getResponse();
		WebSocketHandshakeError handshakeError = WebSocketHandshakeError.of(exchange.getRequest().getHeaders());
		if (handshakeError != null) {
			return refuseHandshake(exchange, handshakeError);
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
				logger.debug("WebSocket handshake of " + exchange.getRequest().getURI() + " failed: " + ex);
			}
			return Mono.empty();
		}));
	}

	/**
	 * Answers a WebSocket handshake that the reference server's WebSocket library
	 * refuses, as it does: the status, a plain-text reason, and the connection closed.
	 */
	private Mono<Void> refuseHandshake(ServerWebExchange exchange, WebSocketHandshakeError error) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused WebSocket handshake " + exchange.getRequest().getURI() + ": " + error.message());
		}
		ServerHttpResponse response = exchange.getResponse();
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
	 * Tells whether a request asks for a WebSocket upgrade: a GET with
	 * {@code Upgrade: websocket} and {@code Connection: upgrade}, the headers without
	 * which Node's HTTP server does not see an upgrade either (such a request is an
	 * ordinary GET to the reference server).
	 */
	private static boolean isUpgrade(ServerHttpRequest request) {
		if (request.getMethod() != HttpMethod.GET || !"websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())) {
			return false;
		}
		for (String connection : request.getHeaders().getConnection()) {
			if ("upgrade".equalsIgnoreCase(connection.trim())) {
				return true;
			}
		}
		return false;
	}

	private Mono<Void> error(ServerWebExchange exchange, EngineError error, @Nullable String message) {
		ServerHttpResponse response = exchange.getResponse();
		if (logger.isDebugEnabled()) {
			logger.debug("Refused " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getURI() + ": "
					+ error);
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

	private static void logClientGone(ServerWebExchange exchange, Throwable ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Connection of " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getURI()
					+ " lost: " + ex);
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
