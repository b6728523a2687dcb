package io.github.socketiospringboot.tests.security;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.socketiospringboot.annotation.OnConnect;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.server.SocketIOSocket;

/**
 * Tells each client who the server thinks it is: from a {@code Principal} parameter, from
 * the handshake, and from what the connection middleware stored.
 */
@SocketIOController
public class PrincipalController {

	@OnConnect
	void connected(SocketIOSocket socket, Principal principal) {
		socket.emit("principal", (principal != null) ? principal.getName() : "(none)");
	}

	@OnEvent("whoami")
	Map<String, Object> whoami(Principal principal, SocketIOSocket socket) {
		Principal fromHandshake = socket.handshake().principal();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("parameter", (principal != null) ? principal.getName() : null);
		answer.put("handshake", (fromHandshake != null) ? fromHandshake.getName() : null);
		answer.put("middleware", socket.data().get(SecuredApplications.USER));
		return answer;
	}

}
