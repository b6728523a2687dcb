package io.github.socketiospringboot.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketiospringboot.test.RawHttp;
import io.github.socketiospringboot.test.RawWebSocket;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading: past the write-buffer limit volatile packets are no longer
 * sent to it, and it is disconnected with {@code "transport error"} once it stays past
 * the limit for the timeout, or at once when it reaches the maximum; memory stays
 * bounded, and a client that reads, connected at the same time, gets every packet.
 */
class SlowConsumerTests {

	private static final int KIB = 1024;

	private static final String PAYLOAD = "x".repeat(32 * KIB);

	private TestSocketIOServer server;

	private final Map<String, SocketIOSocket> sockets = new ConcurrentHashMap<>();

	private final Map<String, DisconnectReason> disconnects = new ConcurrentHashMap<>();

	private final Map<String, Long> disconnectedAt = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> volatileSent = new ConcurrentHashMap<>();

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private void start(SocketIOOptions.WriteBufferLimits limits) {
		this.server = TestSocketIOServer.start(SocketIOOptions.builder().writeBuffer(limits).build());
		this.server.io().onConnection((socket) -> {
			this.volatileSent.put(socket.id(), new AtomicInteger());
			socket.onAnyOutgoing((event, args) -> {
				if (event.equals("v")) {
					this.volatileSent.get(socket.id()).incrementAndGet();
				}
			});
			socket.onDisconnect((s, reason) -> {
				this.disconnectedAt.put(s.id(), System.nanoTime());
				this.disconnects.put(s.id(), reason);
			});
			this.sockets.put(socket.id(), socket);
		});
	}

	@Test
	void aClientThatStaysPastTheLimitIsDisconnectedAfterTheTimeoutAndVolatilePacketsSkipIt() throws Exception {
		start(new SocketIOOptions.WriteBufferLimits(64 * KIB, Duration.ofSeconds(1), 1024L * 1024 * 1024));
		try (RawWebSocket reader = RawWebSocket.connect(this.server, 0);
				StalledClient stalled = StalledClient.connect(this.server)) {
			String readerId = awaitSocketOtherThan(stalled.socketId());
			boolean congested = false;
			// the start of the last round whose volatile packet still went out: the
			// congestion began after it (the writes of a round reach the connection on
			// its event loop, possibly after that round's check)
			long writableAt = System.nanoTime();
			int sent = 0;
			// paced by the reader, so only the stalled client falls behind
			while (!congested) {
				assertThat(sent).as("packets sent before the stalled client was congested").isLessThan(2000);
				long roundStart = System.nanoTime();
				this.server.io().emit("big", PAYLOAD);
				int before = this.volatileSent.get(stalled.socketId()).get();
				this.server.io().asVolatile().emit("v", sent);
				if (this.volatileSent.get(stalled.socketId()).get() == before) {
					congested = true;
				}
				else {
					writableAt = roundStart;
				}
				assertThat(reader.nextPacket()).startsWith("42[\"big\"");
				assertThat(reader.nextPacket()).isEqualTo("42[\"v\"," + sent + "]");
				sent++;
			}
			assertThat(this.volatileSent.get(readerId).get()).isEqualTo(sent);
			// keep the pressure on: a connection whose pending data drains into the
			// kernel's
			// buffers drops back under the limit, and only one that stays past it is
			// closed
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (!this.disconnects.containsKey(stalled.socketId())) {
				assertThat(System.nanoTime()).as("stalled client closed within 20 s").isLessThan(deadline);
				this.server.io().emit("big", PAYLOAD);
				assertThat(reader.nextPacket()).startsWith("42[\"big\"");
			}
			assertThat(this.disconnects.get(stalled.socketId())).isEqualTo(DisconnectReason.TRANSPORT_ERROR);
			assertThat(Duration.ofNanos(this.disconnectedAt.get(stalled.socketId()) - writableAt))
				.isGreaterThanOrEqualTo(Duration.ofMillis(900));
			assertThat(this.disconnects).doesNotContainKey(readerId);
			this.server.io().emit("after", 1);
			assertThat(reader.nextPacket()).isEqualTo("42[\"after\",1]");
		}
	}

	@Test
	void aClientThatReachesTheMaximumIsDisconnectedAtOnce() throws Exception {
		long max = 1024 * KIB;
		start(new SocketIOOptions.WriteBufferLimits(64 * KIB, Duration.ofSeconds(60), max));
		try (RawWebSocket reader = RawWebSocket.connect(this.server, 0);
				StalledClient stalled = StalledClient.connect(this.server)) {
			String readerId = awaitSocketOtherThan(stalled.socketId());
			long start = System.nanoTime();
			long bytes = 0;
			int sent = 0;
			while (!this.disconnects.containsKey(stalled.socketId())) {
				// the kernel's socket buffers take a few MiB before our buffer grows
				assertThat(bytes).as("bytes sent before the stalled client was closed").isLessThan(256L * 1024 * KIB);
				this.server.io().emit("big", PAYLOAD);
				assertThat(reader.nextPacket()).startsWith("42[\"big\"");
				bytes += PAYLOAD.length();
				sent++;
			}
			assertThat(this.disconnects.get(stalled.socketId())).isEqualTo(DisconnectReason.TRANSPORT_ERROR);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
			assertThat(this.disconnects).doesNotContainKey(readerId);
			assertThat(sent).isPositive();
			this.server.io().emit("after", 1);
			assertThat(reader.nextPacket()).isEqualTo("42[\"after\",1]");
			stalled.assertClosedByServer();
		}
	}

	@Test
	void aPollingClientThatStopsPollingIsDisconnectedWhenItsBufferReachesTheMaximum() {
		long max = 256 * KIB;
		start(new SocketIOOptions.WriteBufferLimits(64 * KIB, Duration.ofSeconds(60), max));
		HttpResponse<String> open = RawHttp.get(this.server.http("EIO=4&transport=polling"));
		String sid = RawWebSocket.json(open.body().substring(1)).get("sid").stringValue();
		HttpResponse<String> post = RawHttp.post(this.server.http("EIO=4&transport=polling&sid=" + sid), "40");
		assertThat(post.body()).isEqualTo("ok");
		HttpResponse<String> poll = RawHttp.get(this.server.http("EIO=4&transport=polling&sid=" + sid));
		assertThat(poll.body()).startsWith("40{\"sid\":\"");
		String socketId = RawWebSocket.json(poll.body().substring(2)).get("sid").stringValue();
		// no GET any more: every packet waits in the session's buffer
		for (int i = 0; i < max / PAYLOAD.length() + 1; i++) {
			this.server.io().emit("big", PAYLOAD);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.disconnects.containsKey(socketId));
		assertThat(this.disconnects.get(socketId)).isEqualTo(DisconnectReason.TRANSPORT_ERROR);
		HttpResponse<String> late = RawHttp.get(this.server.http("EIO=4&transport=polling&sid=" + sid));
		assertThat(late.statusCode()).isEqualTo(400);
	}

	private String awaitSocketOtherThan(String stalledId) {
		AtomicReference<String> other = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.sockets.keySet().stream().filter((id) -> !id.equals(stalledId)).findFirst().ifPresent(other::set);
			return other.get() != null;
		});
		return other.get();
	}

	/**
	 * A WebSocket client over a plain TCP socket with a small receive buffer that joins
	 * the main namespace and then reads nothing more.
	 */
	static final class StalledClient implements AutoCloseable {

		private final Socket socket;

		private final String socketId;

		private StalledClient(Socket socket, String socketId) {
			this.socket = socket;
			this.socketId = socketId;
		}

		static StalledClient connect(TestSocketIOServer server) throws IOException {
			Socket socket = new Socket();
			socket.setReceiveBufferSize(4 * KIB);
			socket.setSoTimeout((int) RawWebSocket.TIMEOUT.toMillis());
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
			OutputStream out = socket.getOutputStream();
			out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Version: 13\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			String headers = readHeaders(in);
			assertThat(headers).startsWith("HTTP/1.1 101");
			assertThat(readTextFrame(in)).startsWith("0{");
			writeMaskedText(out, "40");
			String connect = readTextFrame(in);
			assertThat(connect).startsWith("40{\"sid\":\"");
			String id = connect.substring("40{\"sid\":\"".length(), connect.indexOf('"', "40{\"sid\":\"".length()));
			return new StalledClient(socket, id);
		}

		String socketId() {
			return this.socketId;
		}

		void assertClosedByServer() throws IOException {
			// drain what the server wrote before it closed: the stream ends
			InputStream in = this.socket.getInputStream();
			byte[] chunk = new byte[64 * KIB];
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (true) {
				assertThat(System.nanoTime()).as("end of stream within 10 s").isLessThan(deadline);
				int n;
				try {
					n = in.read(chunk);
				}
				catch (java.net.SocketException ex) {
					return; // reset by the server
				}
				if (n < 0) {
					return;
				}
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

		private static String readHeaders(InputStream in) throws IOException {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			int matched = 0;
			while (matched < 4) {
				int b = in.read();
				assertThat(b).as("end of the handshake response").isNotNegative();
				bytes.write(b);
				matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
			return bytes.toString(StandardCharsets.US_ASCII);
		}

		private static String readTextFrame(DataInputStream in) throws IOException {
			int first = in.readUnsignedByte();
			assertThat(first & 0x0F).as("text frame").isEqualTo(1);
			int length = in.readUnsignedByte() & 0x7F;
			if (length == 126) {
				length = in.readUnsignedShort();
			}
			else if (length == 127) {
				length = (int) in.readLong();
			}
			byte[] payload = new byte[length];
			in.readFully(payload);
			return new String(payload, StandardCharsets.UTF_8);
		}

		private static void writeMaskedText(OutputStream out, String text) throws IOException {
			byte[] payload = text.getBytes(StandardCharsets.UTF_8);
			byte[] mask = { 1, 2, 3, 4 };
			out.write(0x81);
			out.write(0x80 | payload.length);
			out.write(mask);
			for (int i = 0; i < payload.length; i++) {
				out.write(payload[i] ^ mask[i % 4]);
			}
			out.flush();
		}

	}

}
