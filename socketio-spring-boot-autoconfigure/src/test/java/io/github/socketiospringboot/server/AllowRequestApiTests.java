package io.github.socketiospringboot.server;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketiospringboot.broadcast.Handshake;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static io.github.socketiospringboot.test.EngineErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public {@link AllowRequest} of {@link SocketIOOptions}: it sees the handshake
 * request as a {@link Handshake}, and its refusals reach the client as the engine's.
 */
class AllowRequestApiTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private TestSocketIOServer server;

	private void start(AllowRequest allowRequest) {
		this.server = TestSocketIOServer.start(SocketIOOptions.builder().allowRequest(allowRequest).build());
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private HttpResponse<String> get(String query) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(this.server.http(query)).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aRefusalIsForbidden() throws Exception {
		start((request) -> Mono.just(false));
		assertError(get("EIO=4&transport=polling"), 403, 4, "Forbidden");
	}

	@Test
	void aConnectionRefusedExceptionIsForbiddenWithItsMessage() throws Exception {
		start((request) -> Mono.error(new ConnectionRefusedException("No \"token\" given", "ignored")));
		assertError(get("EIO=4&transport=polling"), 403, 4, "No \"token\" given");
	}

	@Test
	void theHookSeesTheRequestAsAHandshakeWithAnEmptyAuth() throws Exception {
		List<Handshake> seen = new CopyOnWriteArrayList<>();
		start((request) -> {
			seen.add(request);
			return Mono.just("secret".equals(request.query().getFirst("token")));
		});
		assertError(get("EIO=4&transport=polling&token=wrong"), 403, 4, "Forbidden");
		assertThat(get("EIO=4&transport=polling&token=secret").statusCode()).isEqualTo(200);
		assertThat(seen).hasSize(2);
		Handshake handshake = seen.get(1);
		assertThat(handshake.url()).contains("token=secret");
		assertThat(handshake.auth().isEmpty()).isTrue();
		assertThat(handshake.address()).isNotNull();
		assertThat(handshake.secure()).isFalse();
	}

}
