package io.github.socketiospringboot.internal.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The endpoint's path as both entries match it.
 */
class EndpointPathTests {

	@Test
	void theTrailingSlashIsAddedOnce() {
		assertThat(new EndpointPath("/socket.io").value()).isEqualTo("/socket.io/");
		assertThat(new EndpointPath("/socket.io/").value()).isEqualTo("/socket.io/");
	}

	@Test
	void aPathMustBeAbsolute() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EndpointPath("socket.io"));
	}

	@Test
	void thePathWithOrWithoutItsSlashAndWhatIsUnderItMatch() {
		EndpointPath path = new EndpointPath("/rt/socket.io");

		assertThat(path.matches("/rt/socket.io")).isTrue();
		assertThat(path.matches("/rt/socket.io/")).isTrue();
		assertThat(path.matches("/rt/socket.io/?EIO=4&transport=websocket")).isTrue();
		assertThat(path.matches("/rt/socket.io?EIO=4&transport=polling")).isTrue();
		assertThat(path.matches("/rt/socket.io#x")).isTrue();
	}

	@Test
	void aLongerNameOrAnotherPathDoesNotMatch() {
		EndpointPath path = new EndpointPath("/socket.io/");

		assertThat(path.matches("/socket.iox")).isFalse();
		assertThat(path.matches("/socket.io2/?EIO=4")).isFalse();
		assertThat(path.matches("/other/socket.io/")).isFalse();
		assertThat(path.matches("/socket")).isFalse();
		assertThat(path.matches("http://host/socket.io/")).isFalse();
	}

}
