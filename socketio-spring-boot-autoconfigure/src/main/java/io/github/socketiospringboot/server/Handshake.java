package io.github.socketiospringboot.server;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * What a socket's connection told the server when it connected: the HTTP request that
 * opened the connection and the auth payload of the namespace's CONNECT packet.
 *
 * @param headers the request headers
 * @param query the query parameters
 * @param auth the auth payload ({@code {}} when the client sent none)
 * @param address the client's address, when known
 * @param time when the connection was opened
 * @param url the request path and query
 * @param secure whether the connection uses TLS
 * @param crossDomain whether the request came from another origin (it carried an
 * {@code Origin} header)
 * @param principal the authenticated principal of the request, when there is one
 */
public record Handshake(HttpHeaders headers, MultiValueMap<String, String> query, JsonNode auth,
		@Nullable InetSocketAddress address, Instant time, String url, boolean secure, boolean crossDomain,
		@Nullable Principal principal) {

}
