package io.github.socketiospringboot.internal.engine.transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineSession;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.test.RawConnection;
import io.github.socketiospringboot.test.RawConnection.Frame;
import io.github.socketiospringboot.test.RecordingEchoHandler;
import io.github.socketiospringboot.test.RecordingEchoHandler.Close;
import io.github.socketiospringboot.test.TestEngineServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the WebSocket transport relies on in Reactor Netty, all of it in
 * {@link ReactorNettyPipeline}, checked on real connections upgraded through the
 * endpoint. A failure here after an upgrade of Reactor Netty means that the pipeline it
 * builds for a WebSocket connection, or the way it signals the connection's end, has
 * changed: {@code ReactorNettyPipeline} has to follow (the message shows the pipeline as
 * found), or frames would bypass the transport's checks, pre-framed writes would skip a
 * handler they need, or sessions would end with the wrong reason.
 */
class ReactorNettyPipelineTests {

	private static final String WEBSOCKET = "/engine.io/?EIO=4&transport=websocket";

	private static final String LOOK_AT = "Reactor Netty changed the pipeline of an upgraded WebSocket connection; "
			+ "ReactorNettyPipeline (and the README's Performance section) must follow it. Pipeline: ";

	private static final RecordingEchoHandler handler = new RecordingEchoHandler();

	private static final CompletableFuture<Boolean> pollOnItsOwnLoop = new CompletableFuture<>();

	private static TestEngineServer server;

	@BeforeAll
	static void start() {
		WebFilter polling = (exchange, chain) -> {
			if ("polling".equals(exchange.getRequest().getQueryParams().getFirst("transport"))) {
				EventLoop loop = ReactorNettyPipeline.eventLoop(exchange.getResponse());
				pollOnItsOwnLoop.complete(loop != null && loop.inEventLoop());
			}
			return chain.filter(exchange);
		};
		server = TestEngineServer.mount("/engine.io/",
				TestEngineServer.engine(TestEngineServer.QUIET_SUITE_OPTIONS, handler), CorsOptions.disabled(),
				List.of(polling));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void theChannelOfTheUpgradedConnectionIsHandedToTheTransport() {
		try (RawConnection connection = RawConnection.webSocket(server.port(), WEBSOCKET)) {
			Channel channel = channelOf(sid(connection.readText()));
			assertThat(channel.isActive()).isTrue();
			// the server side of this very connection
			assertThat(((InetSocketAddress) channel.remoteAddress()).getPort()).isEqualTo(connection.localPort());
		}
	}

	@Test
	void theConnectionKeepsReadingWithoutAskingFor() {
		try (RawConnection connection = RawConnection.webSocket(server.port(), WEBSOCKET)) {
			Channel channel = channelOf(sid(connection.readText()));
			// Reactor Netty turns auto-read on for the unbounded demand of the
			// transport's
			// WebSocketConnectionEnd; the frame reader, which takes the frames before
			// Reactor
			// Netty's queue, never asks for more
			assertThat(onLoop(channel, () -> channel.config().isAutoRead()))
				.as("Reactor Netty left auto-read off: the frame reader would have to ask for each read")
				.isTrue();
			for (int i = 0; i < 3; i++) {
				connection.writeText("4hello" + i);
				assertThat(connection.readText()).isEqualTo("4hello" + i);
			}
		}
	}

	@Test
	void theFrameReaderSitsRightBehindTheFrameDecoder() {
		try (RawConnection connection = RawConnection.webSocket(server.port(), WEBSOCKET)) {
			List<Map.Entry<String, ChannelHandler>> pipeline = pipeline(channelOf(sid(connection.readText())));
			int reader = indexOf(pipeline, ReactorNettyPipeline.FRAME_READER);
			assertThat(reader).as(LOOK_AT + describe(pipeline)).isPositive();
			assertThat(pipeline.get(reader - 1).getValue())
				.as("the frame decoder, right in front of the reader. " + LOOK_AT + describe(pipeline))
				.isInstanceOf(WebSocketFrameDecoder.class);
			assertThat(pipeline.get(reader).getValue()).isInstanceOf(WebSocketFrameReader.class);
		}
	}

	@Test
	void theWriterSitsRightInFrontOfReactorNettysReactiveBridgeAtTheEnd() {
		try (RawConnection connection = RawConnection.webSocket(server.port(), WEBSOCKET)) {
			List<Map.Entry<String, ChannelHandler>> pipeline = pipeline(channelOf(sid(connection.readText())));
			assertThat(ReactorNettyPipeline.REACTIVE_BRIDGE).isEqualTo(NettyPipeline.ReactiveBridge);
			int bridge = indexOf(pipeline, NettyPipeline.ReactiveBridge);
			assertThat(bridge).as("the reactive bridge, last. " + LOOK_AT + describe(pipeline))
				.isEqualTo(pipeline.size() - 1);
			assertThat(pipeline.get(bridge - 1).getKey())
				.as("the writer, right in front of the bridge. " + LOOK_AT + describe(pipeline))
				.isEqualTo(ReactorNettyPipeline.WRITER);
			assertThat(pipeline.get(bridge - 1).getValue()).isInstanceOf(WebSocketWriter.class);
			// nothing between the reader and the writer: Reactor Netty added a handler
			// behind the decoder (an aggregator, say), which frames no longer reach
			assertThat(indexOf(pipeline, ReactorNettyPipeline.FRAME_READER))
				.as("the frame reader, right in front of the writer. " + LOOK_AT + describe(pipeline))
				.isEqualTo(bridge - 2);
		}
	}

	@Test
	void preFramedBytesAreWrittenAtTheFrameEncoderWithNothingButTheSocketBehindIt() {
		try (RawConnection connection = RawConnection.webSocket(server.port(), WEBSOCKET)) {
			// the open packet went out pre-framed: it arrived as one text frame
			String sid = sid(connection.readText());
			Channel channel = channelOf(sid);
			List<Map.Entry<String, ChannelHandler>> pipeline = pipeline(channel);
			ChannelHandlerContext encoder = onLoop(channel, () -> ReactorNettyPipeline.preFramedWriteContext(channel));
			assertThat(encoder).as("no frame encoder found. " + LOOK_AT + describe(pipeline)).isNotNull();
			assertThat(encoder.handler()).isInstanceOf(WebSocketFrameEncoder.class);
			int at = indexOf(pipeline, encoder.name());
			assertThat(at).as("the frame encoder, in front of the decoder. " + LOOK_AT + describe(pipeline))
				.isLessThan(indexOf(pipeline, ReactorNettyPipeline.FRAME_READER));
			// between the encoder and the socket, nothing that expects frames rather than
			// bytes
			for (Map.Entry<String, ChannelHandler> handler : pipeline.subList(0, at)) {
				assertThat(handler.getValue()).as("in front of the frame encoder. " + LOOK_AT + describe(pipeline))
					.isNotInstanceOf(WebSocketFrameEncoder.class)
					.isNotInstanceOf(WebSocketExtensionEncoder.class);
			}
			// and what goes out there reaches the client whole
			connection.writeText("4hello");
			assertThat(connection.readText()).isEqualTo("4hello");
		}
	}

	@Test
	void reactorNettyAnswersThePingsTheReaderPassesOn() {
		try (RawConnection connection = RawConnection.webSocket(server.port(), WEBSOCKET)) {
			connection.readText();
			byte[] payload = "are you there".getBytes(StandardCharsets.US_ASCII);
			connection.writeFrame(true, 0, RawConnection.PING, payload);
			Frame pong = connection.readFrame();
			assertThat(pong).isNotNull();
			assertThat(pong.opcode()).as("pong").isEqualTo(RawConnection.PONG);
			assertThat(pong.payload()).isEqualTo(payload);
		}
	}

	@Test
	void aCloseFrameIsAnsweredAndEndsTheSessionAsATransportClose() {
		try (RawConnection connection = RawConnection.webSocket(server.port(), WEBSOCKET)) {
			String sid = sid(connection.readText());
			connection.writeFrame(true, 0, RawConnection.CLOSE, new byte[] { 0x03, (byte) 0xe8 });
			assertThat(connection.awaitCloseStatus()).isEqualTo(1000);
			assertThat(handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_CLOSE);
		}
	}

	@Test
	void aConnectionClosedWithoutACloseFrameEndsTheSessionAsATransportClose() {
		RawConnection connection = RawConnection.webSocket(server.port(), WEBSOCKET);
		String sid = sid(connection.readText());
		connection.close();
		Close close = handler.awaitClose(sid);
		assertThat(close.reason())
			.as("Reactor Netty no longer signals an aborted connection as AbortedException: "
					+ "see ReactorNettyPipeline.isClosedWithoutCloseFrame (" + close.description() + ")")
			.isEqualTo(EngineCloseReason.TRANSPORT_CLOSE);
	}

	@Test
	void aResetConnectionEndsTheSessionAsATransportError() {
		RawConnection connection = RawConnection.webSocket(server.port(), WEBSOCKET);
		String sid = sid(connection.readText());
		connection.reset();
		assertThat(handler.awaitClose(sid).reason()).isEqualTo(EngineCloseReason.TRANSPORT_ERROR);
	}

	@Test
	void theEventLoopOfAPollingResponseIsFoundOnThatLoop() throws Exception {
		try (RawConnection connection = RawConnection.open(server.port())) {
			connection.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
			assertThat(connection.readResponse().status()).isEqualTo(200);
			assertThat(pollOnItsOwnLoop.get(5, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static String sid(String open) {
		assertThat(open).startsWith("0");
		return JsonMapper.shared().readTree(open.substring(1)).get("sid").asString();
	}

	private static Channel channelOf(String sid) {
		EngineSession session = server.engine().find(sid);
		assertThat(session).isNotNull();
		assertThat(session.currentTransport()).isInstanceOf(WebSocketTransport.class);
		return ((WebSocketTransport) session.currentTransport()).channel();
	}

	private static List<Map.Entry<String, ChannelHandler>> pipeline(Channel channel) {
		return onLoop(channel, () -> {
			List<Map.Entry<String, ChannelHandler>> handlers = new ArrayList<>();
			channel.pipeline().forEach(handlers::add);
			return handlers;
		});
	}

	private static <T> T onLoop(Channel channel, java.util.concurrent.Callable<T> task) {
		try {
			return channel.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int indexOf(List<Map.Entry<String, ChannelHandler>> pipeline, String name) {
		for (int i = 0; i < pipeline.size(); i++) {
			if (pipeline.get(i).getKey().equals(name)) {
				return i;
			}
		}
		return -1;
	}

	private static String describe(List<Map.Entry<String, ChannelHandler>> pipeline) {
		StringBuilder text = new StringBuilder();
		for (Map.Entry<String, ChannelHandler> handler : pipeline) {
			text.append((text.length() > 0) ? ", " : "")
				.append(handler.getKey())
				.append(" (")
				.append(handler.getValue().getClass().getName())
				.append(')');
		}
		return text.toString();
	}

}
