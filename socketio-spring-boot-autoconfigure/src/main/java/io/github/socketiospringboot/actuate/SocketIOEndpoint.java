package io.github.socketiospringboot.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.ParentNamespace;
import io.github.socketiospringboot.server.SocketIOServer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code socketio} Actuator endpoint ({@code /actuator/socketio}), read-only.
 *
 * <p>
 * Without parameters: under {@code local}, this server's figures (its Engine.IO
 * connections by transport, its namespaces with their sockets and rooms); under
 * {@code cluster}, the adapter's type and the number of servers of the cluster, counted
 * when asked (one request to the other servers, bounded by a timeout; {@code null} with
 * the reason when it fails); under {@code configuration}, the settings in force, secrets
 * masked.
 *
 * <p>
 * With {@code namespace} (such as {@code ?namespace=/chat}): that namespace's rooms on
 * this server with their sizes, sorted by name, a page at a time ({@code page} from 0,
 * {@code size} from 1 to {@value #MAX_PAGE_SIZE}, {@value #DEFAULT_PAGE_SIZE} by
 * default); the private room of each socket (named after its id) is left out.
 */
@Endpoint(id = "socketio")
public class SocketIOEndpoint {

	/** Rooms on a page when the request does not say. */
	public static final int DEFAULT_PAGE_SIZE = 100;

	/** The most rooms on a page. */
	public static final int MAX_PAGE_SIZE = 1000;

	private static final Duration COUNT_TIMEOUT = Duration.ofSeconds(2);

	private final SocketIOServer server;

	private final String adapterType;

	private final Map<String, Object> configuration;

	/**
	 * Creates the endpoint.
	 * @param server the server
	 * @param adapterType how the adapter is named ({@code memory}, {@code redis},
	 * {@code redis-sharded} or its class)
	 * @param configuration the settings in force, secrets masked already
	 */
	public SocketIOEndpoint(SocketIOServer server, String adapterType, Map<String, Object> configuration) {
		this.server = server;
		this.adapterType = adapterType;
		this.configuration = configuration;
	}

	/**
	 * Describes the server, or one namespace's rooms.
	 * @param namespace the namespace whose rooms to list, or {@code null} for the server
	 * @param page the page of rooms, from 0
	 * @param size the rooms on a page
	 * @return the description
	 */
	@ReadOperation
	public Mono<Map<String, Object>> describe(@Nullable String namespace, @Nullable Integer page,
			@Nullable Integer size) {
		if (namespace != null) {
			return Mono.fromSupplier(
					() -> rooms(namespace, (page != null) ? page : 0, (size != null) ? size : DEFAULT_PAGE_SIZE));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("local", local());
		return cluster().map((cluster) -> {
			result.put("cluster", cluster);
			result.put("configuration", this.configuration);
			return result;
		});
	}

	private Map<String, Object> local() {
		Map<TransportType, Integer> byTransport = new EnumMap<>(TransportType.class);
		for (TransportType transport : TransportType.values()) {
			byTransport.put(transport, 0);
		}
		int total = 0;
		for (EngineSocket connection : EngineAccess.engine(this.server).sessions()) {
			byTransport.merge(connection.transport(), 1, Integer::sum);
			total++;
		}
		Map<String, Object> connections = new LinkedHashMap<>();
		byTransport.forEach((transport, count) -> connections.put(transport.wireName(), count));
		connections.put("total", total);
		List<Map<String, Object>> namespaces = new ArrayList<>();
		List<Namespace> sorted = new ArrayList<>(this.server.namespaces());
		sorted.sort(Comparator.comparing(Namespace::name));
		for (Namespace namespace : sorted) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", namespace.name());
			ParentNamespace parent = namespace.parent();
			if (parent != null) {
				entry.put("parent", (parent.pattern() != null) ? parent.pattern().pattern() : "dynamic");
			}
			entry.put("sockets", namespace.sockets().size());
			entry.put("rooms", publicRooms(namespace).size());
			namespaces.add(entry);
		}
		Map<String, Object> local = new LinkedHashMap<>();
		local.put("connections", connections);
		local.put("namespaces", namespaces);
		return local;
	}

	private Mono<Map<String, Object>> cluster() {
		Map<String, Object> cluster = new LinkedHashMap<>();
		cluster.put("adapter", this.adapterType);
		return this.server.sockets().adapter().serverCount().timeout(COUNT_TIMEOUT).map((count) -> {
			cluster.put("servers", count);
			return cluster;
		}).onErrorResume((error) -> {
			cluster.put("servers", null);
			cluster.put("error", String.valueOf(error.getMessage()));
			return Mono.just(cluster);
		}).defaultIfEmpty(cluster);
	}

	private Map<String, Object> rooms(String name, int page, int size) {
		if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
			// a request the caller got wrong: 400, as Boot answers its own endpoints' bad
			// input
			throw new InvalidEndpointRequestException("page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE
					+ ": page=" + page + ", size=" + size,
					"page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE);
		}
		String normalized = name.startsWith("/") ? name : "/" + name;
		Namespace namespace = null;
		for (Namespace candidate : this.server.namespaces()) {
			if (candidate.name().equals(normalized)) {
				namespace = candidate;
			}
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("namespace", normalized);
		if (namespace == null) {
			result.put("found", false);
			return result;
		}
		Map<String, Set<String>> rooms = publicRooms(namespace);
		List<String> names = new ArrayList<>(rooms.keySet());
		names.sort(null);
		int from = (int) Math.min((long) page * size, names.size());
		int to = Math.min(from + size, names.size());
		List<Map<String, Object>> items = new ArrayList<>(to - from);
		for (String room : names.subList(from, to)) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("name", room);
			item.put("sockets", rooms.get(room).size());
			items.add(item);
		}
		result.put("found", true);
		result.put("sockets", namespace.sockets().size());
		Map<String, Object> roomPage = new LinkedHashMap<>();
		roomPage.put("total", names.size());
		roomPage.put("page", page);
		roomPage.put("size", size);
		roomPage.put("items", items);
		result.put("rooms", roomPage);
		return result;
	}

	/**
	 * Returns this server's rooms of a namespace but the private room of each socket.
	 */
	private static Map<String, Set<String>> publicRooms(Namespace namespace) {
		Map<String, Set<String>> rooms = new LinkedHashMap<>(namespace.adapter().rooms());
		rooms.keySet().removeIf((room) -> {
			Set<String> members = rooms.get(room);
			return members.size() == 1 && members.contains(room);
		});
		return rooms;
	}

}
