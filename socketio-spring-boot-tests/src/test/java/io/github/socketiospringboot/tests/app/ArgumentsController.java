package io.github.socketiospringboot.tests.app;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.socketiospringboot.annotation.AckSender;
import io.github.socketiospringboot.annotation.Auth;
import io.github.socketiospringboot.annotation.OnConnect;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.broadcast.Args;
import io.github.socketiospringboot.broadcast.Handshake;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.SocketEvent;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.tests.app.Payloads.Credentials;
import io.github.socketiospringboot.tests.app.Payloads.Greeting;
import io.github.socketiospringboot.tests.app.Payloads.Profile;
import tools.jackson.databind.JsonNode;

/**
 * Handlers of the main namespace taking every kind of argument and answering with what
 * they received.
 */
@SocketIOController("/")
public class ArgumentsController {

	private final Recorder recorder;

	private final SocketIOServer server;

	public ArgumentsController(Recorder recorder, SocketIOServer server) {
		this.recorder = recorder;
		this.server = server;
	}

	@OnConnect
	void connected(SocketIOSocket socket, Handshake handshake, @Auth Credentials credentials, Principal principal,
			Namespace namespace, SocketIOServer io) {
		Map<String, Object> seen = new LinkedHashMap<>();
		seen.put("credentials", credentials);
		seen.put("principalIsNull", principal == null);
		seen.put("sameSocket", handshake == socket.handshake());
		seen.put("namespace", namespace.name());
		seen.put("sameServer", io == this.server);
		seen.put("query", handshake.query().getFirst("tag"));
		seen.put("header", handshake.headers().getFirst("X-Client"));
		this.recorder.record("connect:" + socket.id(), seen);
		socket.emit("welcome", String.valueOf(credentials.user()), String.valueOf(credentials.level()));
	}

	@OnEvent("greeting")
	Greeting greeting(Greeting greeting) {
		List<String> tags = new ArrayList<>(greeting.tags());
		tags.add("seen");
		return new Greeting(greeting.name().toUpperCase(), greeting.count() + 1, tags);
	}

	@OnEvent("profile")
	Profile profile(Profile profile) {
		profile.setAge(profile.getAge() + 1);
		profile.setActive(!profile.isActive());
		return profile;
	}

	@OnEvent("collections")
	Map<String, Object> collections(List<Greeting> greetings, Map<String, Integer> scores, Set<String> tags) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("elementType", greetings.get(0).getClass().getSimpleName());
		answer.put("names", greetings.stream().map(Greeting::name).toList());
		answer.put("total", scores.values().stream().mapToInt(Integer::intValue).sum());
		answer.put("tags", new TreeSet<>(tags));
		return answer;
	}

	@OnEvent("primitives")
	List<Object> primitives(int i, long l, double d, boolean b, Integer boxedInt, Long boxedLong, Double boxedDouble,
			Boolean boxedBoolean) {
		return List.of(i + 1, l + 1, d * 2, !b, boxedInt + 1, boxedLong + 1, boxedDouble * 2, !boxedBoolean);
	}

	@OnEvent("text")
	String text(String text) {
		return text + "!";
	}

	@OnEvent("json")
	Map<String, Object> json(JsonNode node) {
		return Map.of("type", node.getNodeType().name(), "echo", node);
	}

	@OnEvent("binary")
	Map<String, Object> binary(String label, byte[] data) {
		byte[] reversed = new byte[data.length];
		for (int i = 0; i < data.length; i++) {
			reversed[i] = data[data.length - 1 - i];
		}
		return Map.of("label", label, "length", data.length, "reversed", reversed);
	}

	@OnEvent("positions")
	List<Object> positions(String first, int second, Greeting third, byte[] fourth) {
		return List.of(first, second, third.name(), Arrays.toString(fourth));
	}

	@OnEvent("missing")
	Map<String, Object> missing(String first, Integer second, Greeting third, byte[] fourth) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("first", first);
		answer.put("secondIsNull", second == null);
		answer.put("thirdIsNull", third == null);
		answer.put("fourthIsNull", fourth == null);
		return answer;
	}

	@OnEvent("context")
	Map<String, Object> context(SocketIOSocket socket, SocketEvent event, Args args, Handshake handshake,
			Namespace namespace, SocketIOServer io, Principal principal, String first) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("socket", socket.id());
		answer.put("eventSocket", event.socket().id());
		answer.put("event", event.name());
		answer.put("hasAck", event.hasAck());
		answer.put("argCount", args.size());
		answer.put("second", args.get(1, Integer.class));
		answer.put("auth", handshake.auth());
		answer.put("namespace", namespace.name());
		answer.put("sameServer", io == this.server);
		answer.put("principalIsNull", principal == null);
		answer.put("first", first);
		return answer;
	}

	@OnEvent("explicit")
	String explicit(AckSender ack, String text) {
		boolean first = ack.send("explicit:" + text, 1);
		boolean second = ack.send("again");
		this.recorder.record("explicit:" + text, List.of(first, second));
		return "the return value of a method with an AckSender answers nothing";
	}

}
