package io.github.socketiospringboot.server;

import java.time.Instant;
import java.util.List;

import io.github.socketiospringboot.broadcast.Handshake;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What other servers of a cluster send is read leniently where the reference is lenient:
 * a handshake in a fetchSockets answer with a repeated query parameter (which engine.io
 * up to 6.6.4 parsed into an array) or odd values, a server-side event whose name is not
 * text.
 */
class ClusterInputTests {

	private final JsonMapper mapper = JsonMapper.shared();

	@Test
	void aRemoteHandshakeWithArraysAndOddValuesIsReadLeniently() {
		JsonNode json = this.mapper.readTree("""
				{"headers":{"accept":["a","b"],"odd":{},"host":"example.com"},
				 "query":{"x":["1","2"],"EIO":"4","weird":{}},
				 "issued":1e19,"time":"Thu Jan 01 1970","address":"::1","url":"/socket.io/?x=1&x=2"}
				""");

		Handshake handshake = HandshakeJson.fromJson(json, this.mapper);

		assertThat(handshake.query().get("x")).containsExactly("1", "2");
		assertThat(handshake.query().get("EIO")).containsExactly("4");
		assertThat(handshake.query()).doesNotContainKey("weird");
		assertThat(handshake.headers().get("accept")).containsExactly("a", "b");
		assertThat(handshake.headers().containsHeader("odd")).isFalse();
		assertThat(handshake.time()).isEqualTo(Instant.EPOCH);
	}

	@Test
	void aServerSideEventWhoseNameIsNotTextReachesNoHandler() {
		SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), this.mapper);
		try {
			List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
			io.sockets().onServerSideEmit("x", (event) -> heard.add(event.name()));
			ArrayNode packet = this.mapper.createArrayNode();
			packet.addObject();
			assertThatNoException().isThrownBy(() -> io.sockets().onServerSideEmit(packet, null));
			assertThat(heard).isEmpty();
		}
		finally {
			io.close();
		}
	}

}
