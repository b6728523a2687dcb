package io.github.socketiospringboot.server;

import io.github.socketiospringboot.test.TestSocketIOServer;

/**
 * The application the official Socket.IO suite expects (protocol.md §1): on {@code /}
 * "auth" with the CONNECT payload, "message" answered by "message-back" with the same
 * arguments, "message-with-ack" acknowledged with the same arguments; {@code /custom}
 * sends "auth" too; no other namespace.
 */
final class SuiteApplication {

	private SuiteApplication() {
	}

	/**
	 * Starts a server with the suite's settings and handlers.
	 * @return the running server
	 */
	static TestSocketIOServer start() {
		return start(TestSocketIOServer.SUITE_OPTIONS);
	}

	/**
	 * Starts a server with the suite's handlers.
	 * @param options the settings
	 * @return the running server
	 */
	static TestSocketIOServer start(SocketIOOptions options) {
		TestSocketIOServer server = TestSocketIOServer.start(options);
		install(server.io());
		return server;
	}

	/**
	 * Registers the suite's handlers.
	 * @param io the server
	 */
	static void install(SocketIOServer io) {
		ConnectionHandler sendAuth = (socket) -> socket.emit("auth", socket.handshake().auth());
		io.onConnection(sendAuth);
		io.onConnection((socket) -> {
			socket.on("message", (event) -> socket.emit("message-back", event.args().toArray()));
			socket.on("message-with-ack", (event) -> event.ack(event.args().toArray()));
		});
		io.of("/custom").onConnection(sendAuth);
	}

}
