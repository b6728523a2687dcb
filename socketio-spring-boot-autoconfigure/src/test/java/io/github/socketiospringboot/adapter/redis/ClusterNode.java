package io.github.socketiospringboot.adapter.redis;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.test.TestEngineServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Socket.IO server of a test cluster: a {@link SocketIOServer} with Redis adapters,
 * served on a free loopback port.
 */
final class ClusterNode implements AutoCloseable {

	private final SocketIOServer io;

	private final TestEngineServer http;

	private final RedisAdapterFactory adapters;

	private ClusterNode(SocketIOServer io, TestEngineServer http, RedisAdapterFactory adapters) {
		this.io = io;
		this.http = http;
		this.adapters = adapters;
	}

	static ClusterNode start(RedisAdapterFactory adapters) {
		return start(adapters, SocketIOOptions.defaults());
	}

	static ClusterNode start(RedisAdapterFactory adapters, SocketIOOptions options) {
		SocketIOServer io = new SocketIOServer(options, JsonMapper.shared(), adapters);
		return new ClusterNode(io,
				TestEngineServer.mount("/socket.io/", EngineAccess.engine(io), CorsOptions.disabled()), adapters);
	}

	SocketIOServer io() {
		return this.io;
	}

	RedisAdapterFactory adapters() {
		return this.adapters;
	}

	String ws() {
		return "ws://127.0.0.1:" + this.http.port();
	}

	String url() {
		return "http://127.0.0.1:" + this.http.port();
	}

	@Override
	public void close() {
		this.io.close();
		this.http.close();
		this.adapters.close();
	}

}
