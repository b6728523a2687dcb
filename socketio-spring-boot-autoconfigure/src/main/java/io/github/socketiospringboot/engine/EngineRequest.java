package io.github.socketiospringboot.engine;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * What the server knew of the HTTP request that opened an Engine.IO session.
 *
 * @param uri the request URI, query included
 * @param headers the request headers (read-only)
 * @param query the decoded query parameters (read-only)
 * @param remoteAddress the client's address, when known
 * @param secure whether the request came over TLS
 * @param time when the request was received
 * @param principal the authenticated principal of the request, when there is one
 */
public record EngineRequest(URI uri, HttpHeaders headers, MultiValueMap<String, String> query,
		@Nullable InetSocketAddress remoteAddress, boolean secure, Instant time, @Nullable Principal principal) {

}
