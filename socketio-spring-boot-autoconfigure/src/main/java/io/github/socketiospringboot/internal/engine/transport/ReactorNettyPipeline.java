package io.github.socketiospringboot.internal.engine.transport;

import java.util.Map;
import java.util.function.BiFunction;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.NettyInbound;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * Everything this server relies on in Reactor Netty beyond its documented behaviour, in
 * one place: the WebSocket settings of the upgrade, how the Netty channel of a connection
 * is reached, where the WebSocket transport's two handlers go in the pipeline Reactor
 * Netty builds for an upgraded connection, the frame encoder that frames carrying their
 * own header are written past, and how Reactor Netty says that a connection ended without
 * a close frame.
 *
 * <p>
 * The pipeline of an upgraded connection, as the transport leaves it: <pre>
 * wsencoder (WebSocketFrameEncoder)     pre-framed bytes are written at its context
 * wsdecoder (WebSocketFrameDecoder)
 * socketio.frameReader                  every frame, right behind the decoder
 * socketio.writer                       where frames through the codec start
 * reactor.right.reactiveBridge          control frames, errors, the connection's end
 * </pre> {@code ReactorNettyPipelineTests} upgrades a real connection and fails, naming
 * what moved, when an upgrade of Reactor Netty changes any of this.
 */
public final class ReactorNettyPipeline {

	/** Name of the transport's frame reader, right behind the frame decoder. */
	static final String FRAME_READER = "socketio.frameReader";

	/** Name of the transport's writer, in front of Reactor Netty's own handlers. */
	static final String WRITER = "socketio.writer";

	/** Name of Reactor Netty's handler that hands what reaches it to the connection. */
	static final String REACTIVE_BRIDGE = NettyPipeline.ReactiveBridge;

	private ReactorNettyPipeline() {
	}

	/**
	 * Returns the WebSocket settings of the upgrade: Reactor Netty answers pings itself
	 * (the reference server does too), no compression (so frames can be written with
	 * their own header), and frames no bigger than the largest message.
	 * @param maxFramePayloadLength the largest message accepted, in bytes
	 * @return the settings to upgrade with
	 */
	public static WebsocketServerSpec webSocketSpec(int maxFramePayloadLength) {
		return WebsocketServerSpec.builder()
			.maxFramePayloadLength(maxFramePayloadLength)
			.handlePing(false)
			.compress(false)
			.build();
	}

	/**
	 * Returns the Netty channel of an upgraded WebSocket connection.
	 * @param inbound the connection's inbound side, as the handler of the upgrade gets it
	 * @return its channel
	 * @throws IllegalStateException when Reactor Netty does not hand the connection over
	 * at once
	 */
	public static Channel channel(NettyInbound inbound) {
		Channel[] channel = new Channel[1];
		// runs at once on a connection Reactor Netty has bound
		inbound.withConnection((connection) -> channel[0] = connection.channel());
		if (channel[0] == null) {
			throw new IllegalStateException("Reactor Netty did not hand over the connection of " + inbound);
		}
		return channel[0];
	}

	/**
	 * Returns Reactor Netty's response under WebFlux's, through which a request is
	 * upgraded to WebSocket.
	 * @param response WebFlux's response
	 * @return Reactor Netty's response, or {@code null} on another server
	 */
	public static @Nullable HttpServerResponse nettyResponse(ServerHttpResponse response) {
		return (ServerHttpResponseDecorator.getNativeResponse(response) instanceof HttpServerResponse nettyResponse)
				? nettyResponse : null;
	}

	/**
	 * Tells whether a request came over TLS, as WebFlux's request tells it: the
	 * connection's pipeline, or that of its parent (an HTTP/2 stream's), has an
	 * {@link SslHandler}.
	 * @param request the request
	 * @return whether it is secure
	 */
	public static boolean isSecure(HttpServerRequest request) {
		Channel[] channel = new Channel[1];
		// runs at once on the connection of a request being served
		request.withConnection((connection) -> channel[0] = connection.channel());
		if (channel[0] == null) {
			return false;
		}
		if (channel[0].pipeline().get(SslHandler.class) != null) {
			return true;
		}
		Channel parent = channel[0].parent();
		return parent != null && parent.pipeline().get(SslHandler.class) != null;
	}

	/**
	 * Upgrades a request to WebSocket from its connection's event loop. Reactor Netty
	 * binds the WebSocket to the connection in a listener of the handshake's write: a
	 * handshake started on another thread (the rest of a filter chain that went on on a
	 * worker, such as a security check) can see that write complete before it adds the
	 * listener, which then runs as a later task of the loop, and a frame the client sends
	 * as soon as it reads the 101 can be read in between and is dropped with the HTTP
	 * request's finished inbound. On the loop, the write, the binding and the
	 * connection's handler run in one task, before anything more is read.
	 * @param response Reactor Netty's response of the request
	 * @param handler what serves the upgraded connection
	 * @param spec the WebSocket settings
	 * @return completes when the connection has ended
	 */
	public static Mono<Void> sendWebsocket(HttpServerResponse response,
			BiFunction<? super WebsocketInbound, ? super WebsocketOutbound, ? extends Publisher<Void>> handler,
			WebsocketServerSpec spec) {
		EventLoop loop = eventLoop(response);
		if (loop == null || loop.inEventLoop()) {
			return response.sendWebsocket(handler, spec);
		}
		return Mono.defer(() -> response.sendWebsocket(handler, spec)).subscribeOn(Schedulers.fromExecutor(loop));
	}

	/**
	 * Returns the event loop of the connection a response is written to, when it is a
	 * Reactor Netty one.
	 * @param response the response of a request
	 * @return the loop of its connection, or {@code null} on another server
	 */
	public static @Nullable EventLoop eventLoop(ServerHttpResponse response) {
		HttpServerResponse nettyResponse = nettyResponse(response);
		return (nettyResponse != null) ? eventLoop(nettyResponse) : null;
	}

	private static @Nullable EventLoop eventLoop(HttpServerResponse response) {
		EventLoop[] eventLoop = new EventLoop[1];
		// runs at once on the connection of a request being answered
		response.withConnection((connection) -> eventLoop[0] = connection.channel().eventLoop());
		return eventLoop[0];
	}

	/**
	 * Puts the transport's writer in front of Reactor Netty's reactive bridge: writes
	 * that start at its context pass the WebSocket codec, and it hears the channel's
	 * writability change.
	 * @param channel the channel of the connection
	 * @param writer the writer
	 */
	static void addWriter(Channel channel, ChannelHandler writer) {
		ChannelPipeline pipeline = channel.pipeline();
		if (pipeline.get(REACTIVE_BRIDGE) != null) {
			pipeline.addBefore(REACTIVE_BRIDGE, WRITER, writer);
		}
		else {
			pipeline.addLast(WRITER, writer);
		}
	}

	/**
	 * Puts the transport's frame reader right behind the handlers that decode frames (the
	 * frame decoder, and an extension's decoder when one was negotiated), where it sees
	 * every frame before anything else does.
	 * @param channel the channel of the connection
	 * @param reader the reader
	 */
	static void addFrameReader(Channel channel, ChannelHandler reader) {
		ChannelPipeline pipeline = channel.pipeline();
		if (pipeline.get(FRAME_READER) != null) {
			return;
		}
		String decoder;
		if (pipeline.context(WebSocketExtensionDecoder.class) == null) {
			// no extension (the common case): the frame decoder, looked up by type
			// without copying the pipeline into a map
			ChannelHandlerContext frameDecoder = pipeline.context(WebSocketFrameDecoder.class);
			decoder = (frameDecoder != null) ? frameDecoder.name() : null;
		}
		else {
			decoder = lastDecoder(pipeline);
		}
		if (decoder != null) {
			pipeline.addAfter(decoder, FRAME_READER, reader);
		}
		else if (pipeline.get(WRITER) != null) {
			pipeline.addBefore(WRITER, FRAME_READER, reader);
		}
		else {
			pipeline.addLast(FRAME_READER, reader);
		}
	}

	/**
	 * Returns the name of the last handler that decodes frames: the frame decoder, or an
	 * extension's decoder behind it.
	 */
	private static @Nullable String lastDecoder(ChannelPipeline pipeline) {
		String decoder = null;
		for (Map.Entry<String, ChannelHandler> handler : pipeline) {
			if (handler.getValue() instanceof WebSocketFrameDecoder
					|| handler.getValue() instanceof WebSocketExtensionDecoder) {
				decoder = handler.getKey();
			}
		}
		return decoder;
	}

	/**
	 * Tells whether the connection negotiated a WebSocket extension (permessage-deflate):
	 * its frames may then carry reserved bits.
	 * @param channel the channel of the connection
	 * @return whether an extension decodes frames
	 */
	static boolean hasExtensions(Channel channel) {
		return channel.pipeline().get(WebSocketExtensionDecoder.class) != null
				|| channel.pipeline().get(WebSocketExtensionEncoder.class) != null;
	}

	/**
	 * Returns the context of the WebSocket frame encoder, where frames made with their
	 * WebSocket header are written as they are: a write made there goes to the handlers
	 * between the encoder and the socket, so the bytes pass neither the encoder nor the
	 * handlers in front of it.
	 * @param channel the channel of the connection
	 * @return the encoder's context, or {@code null} when an extension encodes frames on
	 * this connection or no frame encoder is found: frames then go through the codec
	 */
	static @Nullable ChannelHandlerContext preFramedWriteContext(Channel channel) {
		// looked up by type: walks the pipeline's contexts, where iterating the pipeline
		// would copy it into a map (for every connection)
		ChannelPipeline pipeline = channel.pipeline();
		if (pipeline.context(WebSocketExtensionEncoder.class) != null) {
			return null;
		}
		return pipeline.context(WebSocketFrameEncoder.class);
	}

	/**
	 * Tells whether the error that ended a connection's inbound side means that the
	 * connection closed without a close frame (the client went away), which the reference
	 * calls a transport close; anything else (a reset, a frame the decoder refused) is a
	 * transport error.
	 * @param error what ended the inbound side
	 * @return whether the connection was closed rather than failed
	 */
	static boolean isClosedWithoutCloseFrame(Throwable error) {
		return error instanceof AbortedException;
	}

}
