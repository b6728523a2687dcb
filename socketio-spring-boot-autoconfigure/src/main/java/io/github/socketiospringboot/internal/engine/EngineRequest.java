package io.github.socketiospringboot.internal.engine;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * What the server knew of the HTTP request that opened an Engine.IO session.
 * <p>
 * A session holds it for its whole life, so it keeps the request compactly: the URI as
 * its text, from which {@link #uri()}, {@link #target()} and {@link #query()} are derived
 * on each call, and the request's own headers, which the connection holds anyway.
 */
public final class EngineRequest {

	/** The parameters of a query, as Spring's server requests split them. */
	private static final Pattern QUERY_PATTERN = Pattern.compile("([^&=]+)(=?)([^&]+)?");

	private final String uri;

	/** Where the request target (path and query) starts in {@link #uri}. */
	private final int targetStart;

	private final HttpHeaders headers;

	private final @Nullable InetSocketAddress remoteAddress;

	private final boolean secure;

	private final long time;

	private final @Nullable Principal principal;

	/**
	 * Creates the description of a request.
	 * @param uri the request URI, query included
	 * @param headers the request headers (read-only)
	 * @param remoteAddress the client's address, when known
	 * @param secure whether the request came over TLS
	 * @param time when the request was received (kept to the millisecond)
	 * @param principal the authenticated principal of the request, when there is one
	 */
	public EngineRequest(URI uri, HttpHeaders headers, @Nullable InetSocketAddress remoteAddress, boolean secure,
			Instant time, @Nullable Principal principal) {
		String text = uri.toString();
		String target = target(uri);
		// a fragment (which clients do not send) follows the target: keep the target only
		this.uri = text.endsWith(target) ? text : target;
		this.targetStart = this.uri.length() - target.length();
		this.headers = headers;
		this.remoteAddress = remoteAddress;
		this.secure = secure;
		this.time = time.toEpochMilli();
		this.principal = principal;
	}

	/**
	 * Creates the description of a request from the text of its URI.
	 * @param uri the request URI, query included, as text that {@link URI} accepts
	 * @param targetStart where the request target (path and query) starts in it
	 * @param headers the request headers (read-only)
	 * @param remoteAddress the client's address, when known
	 * @param secure whether the request came over TLS
	 * @param time when the request was received (kept to the millisecond)
	 * @param principal the authenticated principal of the request, when there is one
	 */
	public EngineRequest(String uri, int targetStart, HttpHeaders headers, @Nullable InetSocketAddress remoteAddress,
			boolean secure, Instant time, @Nullable Principal principal) {
		this.uri = uri;
		this.targetStart = targetStart;
		this.headers = headers;
		this.remoteAddress = remoteAddress;
		this.secure = secure;
		this.time = time.toEpochMilli();
		this.principal = principal;
	}

	private static String target(URI uri) {
		String path = Objects.requireNonNullElse(uri.getRawPath(), "");
		return (uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path;
	}

	/**
	 * Returns the request URI, query included.
	 * @return the URI
	 */
	public URI uri() {
		return URI.create(this.uri);
	}

	/**
	 * Returns the request target: the raw path and query, as in the request line (and as
	 * the reference's {@code handshake.url}).
	 * @return the path, then {@code ?} and the query when there is one
	 */
	public String target() {
		return this.uri.substring(this.targetStart);
	}

	/**
	 * Returns the request headers.
	 * @return the headers (read-only)
	 */
	public HttpHeaders headers() {
		return this.headers;
	}

	/**
	 * Returns the decoded query parameters, as Spring's request gives them: a parameter
	 * without {@code =} has a {@code null} value. Parsed from the URI on each call.
	 * @return the parameters, in order (read-only)
	 */
	public MultiValueMap<String, String> query() {
		return parseQuery(this.uri, this.uri.indexOf('?', this.targetStart));
	}

	private static MultiValueMap<String, String> parseQuery(String uri, int mark) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		if (mark >= 0) {
			Matcher matcher = QUERY_PATTERN.matcher(uri);
			matcher.region(mark + 1, uri.length());
			while (matcher.find()) {
				String name = decode(matcher.group(1));
				String value = matcher.group(3);
				query.add(name, (value != null) ? decode(value) : (matcher.group(2).isEmpty() ? null : ""));
			}
		}
		return CollectionUtils.unmodifiableMultiValueMap(query);
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// not valid percent-encoding: as Spring does, the text as it came
			return text;
		}
	}

	/**
	 * Returns the client's address.
	 * @return the address, when known
	 */
	public @Nullable InetSocketAddress remoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * Tells whether the request came over TLS.
	 * @return whether it was secure
	 */
	public boolean secure() {
		return this.secure;
	}

	/**
	 * Returns when the request was received.
	 * @return the time, to the millisecond
	 */
	public Instant time() {
		return Instant.ofEpochMilli(this.time);
	}

	/**
	 * Returns the authenticated principal of the request.
	 * @return the principal, when there is one
	 */
	public @Nullable Principal principal() {
		return this.principal;
	}

	@Override
	public String toString() {
		return "EngineRequest[" + this.uri + "]";
	}

}
