package io.github.socketiospringboot.tests.app;

import java.util.Map;

import io.github.socketiospringboot.annotation.OnDisconnect;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.server.SocketIOSocket;
import reactor.core.scheduler.Schedulers;

/**
 * Handlers that block (they sleep), and one that does not, telling their threads.
 */
@SocketIOController("/blocking")
public class BlockingController {

	private final Recorder recorder;

	public BlockingController(Recorder recorder) {
		this.recorder = recorder;
	}

	@OnEvent(value = "work", blocking = true)
	Map<String, Object> work(int n) throws InterruptedException {
		// uneven sleeps: without per-socket ordering, later events would overtake
		Thread.sleep((n * 7) % 5);
		this.recorder.record("work", n);
		return Map.of("n", n, "thread", Thread.currentThread().getName(), "nonBlocking",
				Schedulers.isInNonBlockingThread());
	}

	@OnEvent(value = "blockingFails", blocking = true)
	String blockingFails(String text) throws InterruptedException {
		Thread.sleep(1);
		throw new IllegalStateException("blocking " + text);
	}

	@OnEvent(value = "step", blocking = true)
	int step(int n, SocketIOSocket socket) {
		this.recorder.record("steps:" + socket.id(), n);
		return n;
	}

	@OnDisconnect(blocking = true)
	void left(SocketIOSocket socket) {
		this.recorder.record("steps:" + socket.id(), "left");
	}

	@OnEvent("where")
	Map<String, Object> where() {
		return Map.of("thread", Thread.currentThread().getName(), "nonBlocking", Schedulers.isInNonBlockingThread());
	}

}
