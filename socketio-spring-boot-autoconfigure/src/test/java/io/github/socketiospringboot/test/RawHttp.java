package io.github.socketiospringboot.test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Plain HTTP requests for the long-polling side of tests, each with a timeout, on the
 * shared JDK client of {@link RawWebSocket}.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends a GET.
	 * @param uri the URI
	 * @return the response
	 */
	public static HttpResponse<String> get(URI uri) {
		return RawWebSocket.await(getAsync(uri), "GET " + uri);
	}

	/**
	 * Starts a GET.
	 * @param uri the URI
	 * @return the response to come
	 */
	public static CompletableFuture<HttpResponse<String>> getAsync(URI uri) {
		return send(HttpRequest.newBuilder(uri).GET());
	}

	/**
	 * Sends a POST with a text body.
	 * @param uri the URI
	 * @param body the body
	 * @return the response
	 */
	public static HttpResponse<String> post(URI uri, String body) {
		return RawWebSocket.await(postAsync(uri, body), "POST " + uri);
	}

	/**
	 * Starts a POST with a text body.
	 * @param uri the URI
	 * @param body the body
	 * @return the response to come
	 */
	public static CompletableFuture<HttpResponse<String>> postAsync(URI uri, String body) {
		return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Sends a request with any method and an empty body.
	 * @param uri the URI
	 * @param method the method
	 * @return the response
	 */
	public static HttpResponse<String> request(URI uri, String method) {
		return RawWebSocket.await(send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())),
				method + " " + uri);
	}

	private static CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
		return RawWebSocket.HTTP.sendAsync(request.timeout(RawWebSocket.TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
