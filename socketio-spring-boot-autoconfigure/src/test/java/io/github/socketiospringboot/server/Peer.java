package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient;
import io.github.socketiospringboot.test.SioClient.Transport;
import org.jspecify.annotations.Nullable;

/**
 * One connected socket of an official {@code socket.io-client} in the interoperability
 * tests: a name for assertion messages, the client process, the socket's name in that
 * process, its namespace and its id.
 *
 * @param name the name in the test
 * @param client the process
 * @param socket the socket's name in the process
 * @param nsp the namespace
 * @param id the socket id
 */
record Peer(String name, SioClient client, String socket, String nsp, String id) {

	/** How long a client may take to connect, or to receive what a test awaits. */
	static final Duration TIMEOUT = Duration.ofSeconds(20);

	/**
	 * Starts one client process per transport, all at once, each connecting one socket to
	 * a namespace, and awaits their connections. The peers are named A, B, C…
	 * @param node the scripts
	 * @param url the server's base URL
	 * @param nsp the namespace
	 * @param transports one per client
	 * @return the peers
	 */
	static List<Peer> connect(NodeScripts node, String url, String nsp, Transport... transports) {
		List<SioClient> clients = new ArrayList<>();
		for (Transport transport : transports) {
			clients.add(SioClient.start(node, url).connect(nsp, transport));
		}
		List<Peer> peers = new ArrayList<>();
		for (int i = 0; i < clients.size(); i++) {
			SioClient client = clients.get(i);
			peers.add(new Peer(String.valueOf((char) ('A' + i)), client, nsp, nsp, client.awaitConnect(nsp, TIMEOUT)));
		}
		return peers;
	}

	/**
	 * Connects another socket of this peer's process to a namespace, over the same
	 * connection, and awaits its connection.
	 * @param otherNsp the namespace
	 * @param transport the transports (as given for the first socket)
	 * @return the new peer, named like this one with a prime
	 */
	Peer also(String otherNsp, Transport transport) {
		this.client.connect(otherNsp, transport);
		return new Peer(this.name + "'", this.client, otherNsp, otherNsp, this.client.awaitConnect(otherNsp, TIMEOUT));
	}

	/**
	 * Starts one client process and connects one socket with options.
	 * @param node the scripts
	 * @param url the server's base URL
	 * @param name the name in the test
	 * @param nsp the namespace
	 * @param options the client's options
	 * @return the client, not awaited
	 */
	static SioClient start(NodeScripts node, String url, String name, String nsp, Map<String, ?> options) {
		return SioClient.start(node, url).connect(name, nsp, options);
	}

	/**
	 * Returns the server's side of this socket.
	 * @param io the server
	 * @return the socket
	 */
	SocketIOSocket on(SocketIOServer io) {
		@Nullable SocketIOSocket socket = io.of(this.nsp).sockets().get(this.id);
		if (socket == null) {
			throw new AssertionError("No server socket " + this.id + " of " + this.name + " in " + this.nsp);
		}
		return socket;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
