package io.github.socketiospringboot.test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One TCP connection to a server on the loopback interface that writes exactly the bytes
 * a test asks for: HTTP requests cut anywhere, WebSocket handshakes with any headers, and
 * WebSocket frames with any flags, opcode and payload (masked, as from a client). What
 * the server answers is read back raw; every read has a timeout.
 */
public final class RawConnection implements AutoCloseable {

	/** How long any single read may wait. */
	public static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** The opcode of a continuation frame. */
	public static final int CONTINUATION = 0x0;

	/** The opcode of a text frame. */
	public static final int TEXT = 0x1;

	/** The opcode of a binary frame. */
	public static final int BINARY = 0x2;

	/** The opcode of a close frame. */
	public static final int CLOSE = 0x8;

	/** The opcode of a ping frame. */
	public static final int PING = 0x9;

	/** The opcode of a pong frame. */
	public static final int PONG = 0xA;

	/** A valid {@code Sec-WebSocket-Key}. */
	public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private RawConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	/**
	 * Connects to a port of the loopback interface.
	 * @param port the port
	 * @return the connection
	 */
	public static RawConnection open(int port) {
		try {
			Socket socket = new Socket("127.0.0.1", port);
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			socket.setTcpNoDelay(true);
			return new RawConnection(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Opens a connection and upgrades it to a WebSocket with a valid handshake.
	 * @param port the port
	 * @param pathAndQuery the request target, such as
	 * {@code /socket.io/?EIO=4&transport=websocket}
	 * @return the connection, upgraded
	 */
	public static RawConnection webSocket(int port, String pathAndQuery) {
		RawConnection connection = open(port);
		connection.write(handshake(pathAndQuery, Map.of("Sec-WebSocket-Key", KEY, "Sec-WebSocket-Version", "13")));
		Response response = connection.readResponse();
		assertThat(response.status()).as("handshake status").isEqualTo(101);
		return connection;
	}

	/**
	 * Makes the text of a WebSocket handshake request with the {@code Host},
	 * {@code Upgrade} and {@code Connection} headers and the given others.
	 * @param pathAndQuery the request target
	 * @param headers the other headers, in order
	 * @return the request
	 */
	public static String handshake(String pathAndQuery, Map<String, String> headers) {
		StringBuilder request = new StringBuilder("GET ").append(pathAndQuery)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		return request.append("\r\n").toString();
	}

	/**
	 * Returns the client's port of this connection.
	 * @return the local port
	 */
	public int localPort() {
		return this.socket.getLocalPort();
	}

	/**
	 * Writes text as ASCII.
	 * @param ascii the text
	 */
	public void write(String ascii) {
		write(ascii.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Writes bytes.
	 * @param bytes the bytes
	 */
	public void write(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes one WebSocket frame, masked.
	 * @param fin whether it is the last frame of its message
	 * @param rsv the three reserved bits, 0 to 7
	 * @param opcode the opcode
	 * @param payload the payload
	 */
	public void writeFrame(boolean fin, int rsv, int opcode, byte[] payload) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		byte[] mask = header(frame, fin, rsv, opcode, payload.length);
		byte[] masked = new byte[payload.length];
		for (int i = 0; i < payload.length; i++) {
			masked[i] = (byte) (payload[i] ^ mask[i & 3]);
		}
		frame.writeBytes(masked);
		write(frame.toByteArray());
	}

	/**
	 * Writes only the header of a WebSocket frame, announcing a payload that does not
	 * follow: enough for a server that judges the frame by its length.
	 * @param fin whether it is the last frame of its message
	 * @param opcode the opcode
	 * @param length the payload length announced
	 */
	public void writeFrameHeader(boolean fin, int opcode, long length) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(14);
		header(frame, fin, 0, opcode, length);
		write(frame.toByteArray());
	}

	private static byte[] header(ByteArrayOutputStream frame, boolean fin, int rsv, int opcode, long length) {
		frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
		if (length < 126) {
			frame.write(0x80 | (int) length);
		}
		else if (length < 65536) {
			frame.write(0x80 | 126);
			frame.write((int) (length >>> 8));
			frame.write((int) (length & 0xff));
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (length >>> shift) & 0xff);
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.writeBytes(mask);
		return mask;
	}

	/**
	 * Writes one unfragmented text frame.
	 * @param text the text
	 */
	public void writeText(String text) {
		writeFrame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads an HTTP response: its status line, headers and a body of
	 * {@code Content-Length} bytes.
	 * @return the response
	 */
	public Response readResponse() {
		try {
			String statusLine = readLine();
			assertThat(statusLine).as("status line").startsWith("HTTP/1.1 ");
			int status = Integer.parseInt(statusLine.substring(9, 12));
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line = readLine(); !line.isEmpty(); line = readLine()) {
				int colon = line.indexOf(':');
				headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
			String length = headers.get("content-length");
			byte[] body = this.in.readNBytes((length != null) ? Integer.parseInt(length) : 0);
			return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = this.in.read()) != '\n') {
			if (b < 0) {
				throw new EOFException("Connection closed in the middle of a response");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Reads one WebSocket frame from the server.
	 * @return the frame, or {@code null} when the server closed the connection (or reset
	 * it) before a frame
	 */
	public @Nullable Frame readFrame() {
		try {
			int first = this.in.read();
			if (first < 0) {
				return null;
			}
			int second = readByte();
			long length = second & 0x7f;
			if (length == 126) {
				length = (readByte() << 8) | readByte();
			}
			else if (length == 127) {
				length = 0;
				for (int i = 0; i < 8; i++) {
					length = (length << 8) | readByte();
				}
			}
			byte[] payload = this.in.readNBytes((int) length);
			if (payload.length < length) {
				return null;
			}
			return new Frame((first & 0x80) != 0, first & 0x0f, payload);
		}
		catch (SocketException ex) {
			// reset by the server
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private int readByte() throws IOException {
		int b = this.in.read();
		if (b < 0) {
			throw new EOFException("Connection closed in the middle of a frame");
		}
		return b;
	}

	/**
	 * Reads frames until the server's close frame and returns its status code.
	 * @return the close status, or -1 when the connection ended without a close frame
	 */
	public int awaitCloseStatus() {
		for (Frame frame = readFrame(); frame != null; frame = readFrame()) {
			if (frame.opcode() == CLOSE) {
				return (frame.payload().length >= 2) ? ((frame.payload()[0] & 0xff) << 8) | (frame.payload()[1] & 0xff)
						: 1005;
			}
		}
		return -1;
	}

	/**
	 * Reads a text frame, skipping Engine.IO pings.
	 * @return the text
	 */
	public String readText() {
		while (true) {
			Frame frame = readFrame();
			assertThat(frame).as("frame").isNotNull();
			assertThat(frame.opcode()).as("opcode").isEqualTo(TEXT);
			String text = new String(frame.payload(), StandardCharsets.UTF_8);
			if (!text.equals("2")) {
				return text;
			}
		}
	}

	/**
	 * Waits until the server closes the connection, discarding whatever it sends first.
	 * @param timeout how long to wait at most
	 * @return whether the server closed it in time
	 */
	public boolean awaitEndOfStream(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			byte[] sink = new byte[4096];
			while (System.nanoTime() < deadline) {
				this.socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
				try {
					if (this.in.read(sink) < 0) {
						return true;
					}
				}
				catch (SocketTimeoutException ex) {
					return false;
				}
				catch (SocketException ex) {
					// reset
					return true;
				}
			}
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			try {
				this.socket.setSoTimeout((int) TIMEOUT.toMillis());
			}
			catch (SocketException ex) {
				// closed
			}
		}
	}

	/**
	 * Aborts the connection with a TCP reset ({@code SO_LINGER} 0), as the kernel does
	 * for a client killed with {@code kill -9} that had unread data, or for a client that
	 * crashed.
	 */
	public void reset() {
		try {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closed anyway
		}
	}

	/**
	 * An HTTP response.
	 *
	 * @param status the status code
	 * @param headers the headers, names in lower case
	 * @param body the body
	 */
	public record Response(int status, Map<String, String> headers, String body) {

	}

	/**
	 * A WebSocket frame from the server.
	 *
	 * @param fin whether it ends its message
	 * @param opcode the opcode
	 * @param payload the payload
	 */
	public record Frame(boolean fin, int opcode, byte[] payload) {

	}

}
