package io.github.socketiospringboot.conformance;

import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineHandler;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.internal.engine.EngineSocketListener;
import org.jspecify.annotations.Nullable;

/**
 * Sends every message back to the session it came from, text as text and binary as
 * binary: the application the Engine.IO conformance suite expects.
 */
public final class EchoHandler implements EngineHandler {

	@Override
	public EngineSocketListener onOpen(EngineSocket socket) {
		return new EngineSocketListener() {

			@Override
			public void onMessage(String text) {
				socket.send(text);
			}

			@Override
			public void onBinary(byte[] bytes) {
				socket.send(bytes);
			}

			@Override
			public void onClose(EngineCloseReason reason, @Nullable String description) {
			}

		};
	}

}
