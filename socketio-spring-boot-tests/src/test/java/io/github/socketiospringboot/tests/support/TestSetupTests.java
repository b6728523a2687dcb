package io.github.socketiospringboot.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.socketiospringboot.test.NodeScripts;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * This module's tests run as the autoconfigure module's do: with BlockHound, with Netty's
 * leak detector at paranoid level, and with the pinned Node.js clients.
 */
class TestSetupTests {

	@Test
	void blockHoundFailsABlockingCallOnANonBlockingThread() {
		Mono<Integer> sleeping = Mono.fromCallable(() -> {
			Thread.sleep(1);
			return 1;
		}).subscribeOn(Schedulers.parallel());
		assertThatThrownBy(() -> sleeping.block(Duration.ofSeconds(5)))
			.satisfies((error) -> assertThat(Exceptions.unwrap(error)).isInstanceOf(BlockingOperationError.class));
	}

	@Test
	void nettysLeakDetectorIsParanoid() {
		assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
	}

	@Test
	void theNodeScriptsAreTheAutoconfigureModules() {
		NodeScripts scripts = NodeScripts.create();
		assertThat(scripts.directory()).endsWith(Path.of("socketio-spring-boot-autoconfigure", "src", "test", "node"));
		assertThat(Files.isRegularFile(scripts.directory().resolve("app-client.mjs"))).isTrue();
	}

}
