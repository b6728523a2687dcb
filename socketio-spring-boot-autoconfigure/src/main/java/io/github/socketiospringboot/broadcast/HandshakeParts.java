package io.github.socketiospringboot.broadcast;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * A handshake given part by part, as one received from another server is.
 */
record HandshakeParts(HttpHeaders headers, MultiValueMap<String, String> query, JsonNode auth,
		@Nullable InetSocketAddress address, Instant time, String url, boolean secure, boolean crossDomain,
		@Nullable Principal principal) implements Handshake {

	@Override
	public String toString() {
		return "Handshake[url=" + this.url + ", address=" + this.address + ", time=" + this.time + "]";
	}

}
