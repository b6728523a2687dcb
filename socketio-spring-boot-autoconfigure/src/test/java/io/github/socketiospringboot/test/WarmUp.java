package io.github.socketiospringboot.test;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the polling and WebSocket code paths once per JVM, with the default (long)
 * heartbeat, so that class loading and first-time initialisation do not eat into the 500
 * ms a session of the suite settings lives without a pong.
 */
public final class WarmUp {

	private static final AtomicBoolean done = new AtomicBoolean();

	private WarmUp() {
	}

	/**
	 * Warms up, the first time only.
	 */
	public static void once() {
		if (done.getAndSet(true)) {
			return;
		}
		try (TestEngineServer server = TestEngineServer.start(SocketIOOptions.defaults(), CorsOptions.disabled(),
				new RecordingEchoHandler())) {
			PollingClient client = new PollingClient(server);
			String sid = client.handshake();
			assertThat(client.post(sid, "4warm").body()).isEqualTo("ok");
			assertThat(client.poll(sid).body()).isEqualTo("4warm");
			try (TestWebSocket socket = TestWebSocket.connect(client.http(),
					server.ws("EIO=4&transport=websocket&sid=" + sid))) {
				socket.send("2probe");
				assertThat(socket.nextText()).isEqualTo("3probe");
				socket.send("5");
				socket.send("4warm");
				assertThat(socket.nextText()).isEqualTo("4warm");
			}
		}
	}

}
