package io.github.socketiospringboot.internal.engine;

import java.net.URI;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class EngineRequestTests {

	@ParameterizedTest
	@ValueSource(strings = { "/socket.io/?EIO=4&transport=websocket", "/socket.io/",
			"/socket.io/?a=1&a=2&b=&c&d=x=y&&e=%41%20b+c&=g&h=%C3%A9", "/socket.io/?token=abc%2Fdef%3D%3D&room=a%26b",
			"/p%20ath/?q" })
	void keepsTheRequestAsTextAndParsesItsQueryAsSpringDoes(String target) {
		URI uri = URI.create("http://localhost:8080" + target);
		Instant time = Instant.ofEpochMilli(1_700_000_000_123L);
		EngineRequest request = new EngineRequest(uri, new HttpHeaders(), null, false, time, null);
		assertThat(request.uri()).isEqualTo(uri);
		assertThat(request.target()).isEqualTo(target);
		assertThat(request.time()).isEqualTo(time);
		assertThat(request.query())
			.isEqualTo(MockServerHttpRequest.method(HttpMethod.GET, uri).build().getQueryParams());
	}

}
