package io.github.socketiospringboot.adapter.redis;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.test.SocketIOTestClient;
import io.github.socketiospringboot.test.TestEngineServer;

import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;

/**
 * The Socket.IO server of an application context, served on a free port, with its test
 * clients; its connection handler joins the rooms of the query.
 */
final class ContextNode implements AutoCloseable {

	private final HttpClient http = HttpClient.newHttpClient();

	private final AssertableReactiveWebApplicationContext context;

	private final SocketIOServer io;

	private final TestEngineServer server;

	private final List<SocketIOTestClient> clients = new CopyOnWriteArrayList<>();

	ContextNode(AssertableReactiveWebApplicationContext context) {
		this.context = context;
		this.io = context.getBean(SocketIOServer.class);
		this.io.onConnection(ContextNode::joinRooms);
		this.server = TestEngineServer.mount("/socket.io/", EngineAccess.engine(this.io), CorsOptions.disabled());
	}

	private static void joinRooms(SocketIOSocket socket) {
		List<String> rooms = socket.handshake().query().get("rooms");
		if (rooms != null) {
			socket.join(Set.of(rooms.get(0).split(",")));
		}
	}

	AssertableReactiveWebApplicationContext context() {
		return this.context;
	}

	SocketIOServer io() {
		return this.io;
	}

	/**
	 * Returns the transport of the context's Redis adapters.
	 * @return the transport
	 */
	LettucePubSubTransport transport() {
		return this.context.getBean(RedisAdapterFactory.class).transport();
	}

	/**
	 * Returns the stream transport of the context's Redis Streams adapters.
	 * @return the transport
	 */
	LettuceStreamTransport streams() {
		LettuceStreamTransport streams = this.context.getBean(RedisAdapterFactory.class).streams();
		if (streams == null) {
			throw new IllegalStateException("Not the Redis Streams adapters");
		}
		return streams;
	}

	SocketIOTestClient client(String query) {
		SocketIOTestClient client = SocketIOTestClient.connect(this.http, "ws://127.0.0.1:" + this.server.port(),
				query);
		this.clients.add(client);
		return client;
	}

	boolean inRooms(SocketIOTestClient client, String... rooms) {
		SocketIOSocket socket = this.io.sockets().sockets().get(client.id());
		return socket != null && socket.rooms().containsAll(List.of(rooms));
	}

	@Override
	public void close() {
		this.clients.forEach(SocketIOTestClient::close);
		this.server.close();
	}

}
