package io.github.socketiospringboot.tests.app;

import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;

/**
 * The namespace a customizer's middleware guards.
 */
@SocketIOController("/guarded")
public class GuardedController {

	@OnEvent("secret")
	String secret() {
		return "granted";
	}

}
