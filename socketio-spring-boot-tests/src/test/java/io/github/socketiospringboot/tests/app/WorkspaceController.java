package io.github.socketiospringboot.tests.app;

import java.util.Map;

import io.github.socketiospringboot.annotation.NamespaceVariable;
import io.github.socketiospringboot.annotation.OnConnect;
import io.github.socketiospringboot.annotation.OnDisconnect;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.SocketIOSocket;

/**
 * The handlers of every namespace {@code /workspace-<id>}.
 */
@SocketIOController("/workspace-{id}")
public class WorkspaceController {

	private final Recorder recorder;

	public WorkspaceController(Recorder recorder) {
		this.recorder = recorder;
	}

	@OnConnect
	void joined(@NamespaceVariable String id, SocketIOSocket socket) {
		socket.emit("welcome", id);
	}

	@OnEvent("whoami")
	Map<String, Object> whoami(@NamespaceVariable("id") long workspace, Namespace namespace) {
		return Map.of("id", workspace, "namespace", namespace.name());
	}

	@OnDisconnect
	void left(@NamespaceVariable String id, SocketIOSocket socket, DisconnectReason reason) {
		this.recorder.record("workspace-left:" + socket.id(), Map.of("id", id, "reason", reason));
	}

}
