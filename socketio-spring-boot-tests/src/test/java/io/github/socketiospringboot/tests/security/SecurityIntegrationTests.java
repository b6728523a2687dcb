package io.github.socketiospringboot.tests.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.tests.AppClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket.IO behind Spring Security, with the official Node.js client sending HTTP Basic
 * credentials as {@code extraHeaders} (Node's client sends them on polling requests and
 * on the WebSocket handshake): Boot's default security blocks the endpoint, the
 * configuration the README documents lets both transports and the upgrade through, and
 * the authenticated principal reaches connection middlewares and handlers.
 */
class SecurityIntegrationTests {

	private static final String HANDSHAKE = "/socket.io/?EIO=4&transport=polling";

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	static Map<String, Object> options(String transport, String authorization) {
		Map<String, Object> options = new LinkedHashMap<>();
		if (transport != null) {
			options.put("transports", List.of(transport));
		}
		if (authorization != null) {
			options.put("extraHeaders", Map.of("Authorization", authorization));
		}
		return options;
	}

	static String url(int port) {
		return "http://127.0.0.1:" + port + "/";
	}

	@Nested
	@SpringBootTest(classes = SecuredApplications.DefaultSecurity.class,
			webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
	@AutoConfigureWebTestClient
	class WithBootsDefaultSecurity {

		@RegisterExtension
		final NodeScripts node = NodeScripts.create();

		@LocalServerPort
		int port;

		@Autowired
		WebTestClient web;

		@Test
		void theHandshakeIsUnauthorizedAndAPollingPostIsForbidden() {
			this.web.get().uri(HANDSHAKE).exchange().expectStatus().isUnauthorized().expectBody(String.class);
			this.web.post()
				.uri(HANDSHAKE + "&sid=any")
				.bodyValue("40")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectBody(String.class);
		}

		@ParameterizedTest
		@ValueSource(strings = { "polling", "websocket" })
		void theOfficialClientCannotConnect(String transport) {
			AppClient client = AppClient.start(this.node, url(this.port), options(transport, null));
			JsonNode error = client.awaitConnectError();
			assertThat(error.get("message").asString())
				.isEqualTo(transport.equals("polling") ? "xhr poll error" : "websocket error");
		}

	}

	@Nested
	@SpringBootTest(classes = SecuredApplications.Documented.class,
			webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
	@AutoConfigureWebTestClient
	class WithTheDocumentedConfiguration {

		private final String alice = basic(SecuredApplications.USERNAME, SecuredApplications.PASSWORD);

		@RegisterExtension
		final NodeScripts node = NodeScripts.create();

		@LocalServerPort
		int port;

		@Autowired
		WebTestClient web;

		@ParameterizedTest
		@ValueSource(strings = { "polling", "websocket" })
		void anAuthenticatedClientConnectsAndItsPrincipalReachesTheMiddlewareAndTheHandlers(String transport) {
			AppClient client = AppClient.start(this.node, url(this.port), options(transport, this.alice));
			assertThat(client.awaitConnect().get("transport").asString()).isEqualTo(transport);
			assertThat(client.awaitServerEvent("principal").get(0).asString()).isEqualTo("alice");
			// with polling, each emit is a POST through the security chain
			for (int i = 0; i < 3; i++) {
				JsonNode whoami = client.emitWithAck("whoami").get(0);
				assertThat(whoami.get("parameter").asString()).isEqualTo("alice");
				assertThat(whoami.get("handshake").asString()).isEqualTo("alice");
				assertThat(whoami.get("middleware").asString()).isEqualTo("alice");
			}
			assertThat(client.state().get("transport").asString()).isEqualTo(transport);
		}

		@Test
		void anAuthenticatedClientUpgradesFromPollingToWebSocket() {
			AppClient client = AppClient.start(this.node, url(this.port), options(null, this.alice));
			client.awaitConnect();
			// the client opens with polling, then upgrades (perhaps before it joins the
			// namespace): the WebSocket handshake passed the chain too
			assertThat(client.awaitUpgrade().get("transport").asString()).isEqualTo("websocket");
			assertThat(client.emitWithAck("whoami").get(0).get("parameter").asString()).isEqualTo("alice");
			assertThat(client.state().get("transport").asString()).isEqualTo("websocket");
		}

		@Test
		void pollingRequestsWithCredentialsReachTheEngineWithoutACsrfToken() {
			this.web.get()
				.uri(HANDSHAKE)
				.header(HttpHeaders.AUTHORIZATION, this.alice)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value((body) -> assertThat(body).startsWith("0{\"sid\":"));
			this.web.post()
				.uri(HANDSHAKE + "&sid=unknown")
				.header(HttpHeaders.AUTHORIZATION, this.alice)
				.bodyValue("40")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.message")
				.isEqualTo("Session ID unknown");
		}

		@Test
		void anUnauthenticatedHandshakeIsUnauthorized() {
			this.web.get()
				.uri(HANDSHAKE)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Basic.*")
				.expectBody(String.class);
			this.web.get()
				.uri(HANDSHAKE)
				.header(HttpHeaders.AUTHORIZATION, basic(SecuredApplications.USERNAME, "wrong"))
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody(String.class);
		}

		@ParameterizedTest
		@ValueSource(strings = { "polling", "websocket" })
		void anUnauthenticatedClientGetsAConnectError(String transport) {
			AppClient client = AppClient.start(this.node, url(this.port),
					options(transport, basic(SecuredApplications.USERNAME, "wrong")));
			JsonNode error = client.awaitConnectError();
			assertThat(error.get("message").asString())
				.isEqualTo(transport.equals("polling") ? "xhr poll error" : "websocket error");
		}

		@Test
		void theRestOfTheApplicationKeepsItsOwnChain() {
			this.web.get().uri("/api/hello").exchange().expectStatus().isUnauthorized().expectBody(String.class);
			this.web.get()
				.uri("/api/hello")
				.header(HttpHeaders.AUTHORIZATION, this.alice)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.hello")
				.isEqualTo("alice");
		}

	}

	@Nested
	@SpringBootTest(classes = SecuredApplications.PermitAll.class,
			webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
	class WithThePermitAllVariant {

		@RegisterExtension
		final NodeScripts node = NodeScripts.create();

		@LocalServerPort
		int port;

		@Test
		void anAnonymousClientConnectsWithoutAPrincipal() {
			AppClient client = AppClient.start(this.node, url(this.port), options(null, null));
			client.awaitConnect();
			assertThat(client.awaitServerEvent("principal").get(0).asString()).isEqualTo("(none)");
			JsonNode whoami = client.emitWithAck("whoami").get(0);
			assertThat(whoami.get("parameter").isNull()).isTrue();
			assertThat(whoami.get("handshake").isNull()).isTrue();
			assertThat(whoami.get("middleware").asString()).isEqualTo("(anonymous)");
		}

		@Test
		void aClientWithCredentialsIsAuthenticated() {
			AppClient client = AppClient.start(this.node, url(this.port),
					options(null, basic(SecuredApplications.USERNAME, SecuredApplications.PASSWORD)));
			client.awaitConnect();
			assertThat(client.awaitServerEvent("principal").get(0).asString()).isEqualTo("alice");
			assertThat(client.emitWithAck("whoami").get(0).get("middleware").asString()).isEqualTo("alice");
		}

	}

}
