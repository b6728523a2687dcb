package io.github.socketiospringboot.tests.security;

import java.security.Principal;
import java.util.Map;

import io.github.socketiospringboot.autoconfigure.SocketIOServerCustomizer;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The applications of {@link SecurityIntegrationTests}: the same Socket.IO controller and
 * REST endpoint under Boot's default security, under the documented configuration, and
 * under its permit-all variant.
 */
final class SecuredApplications {

	/** The user the tests log in as. */
	static final String USERNAME = "alice";

	/** Her password. */
	static final String PASSWORD = "wonderland";

	/** Where the connection middleware stores the name of the handshake's principal. */
	static final String USER = "user";

	private SecuredApplications() {
	}

	/**
	 * Spring Security on the class path and nothing configured.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ PrincipalController.class, HelloController.class })
	static class DefaultSecurity {

	}

	/**
	 * The documented configuration, a user, and a connection middleware that reads the
	 * principal.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SocketIOSecurityConfiguration.class, Users.class, PrincipalController.class, HelloController.class })
	static class Documented {

	}

	/**
	 * The documented configuration with {@code permitAll()}.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ PermitAllSocketIOSecurityConfiguration.class, Users.class, PrincipalController.class,
			HelloController.class })
	static class PermitAll {

	}

	@Configuration(proxyBeanMethods = false)
	static class Users {

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(
					User.withUsername(USERNAME).password("{noop}" + PASSWORD).roles("USER").build());
		}

		@Bean
		SocketIOServerCustomizer principalMiddleware() {
			return (io) -> io.use((socket) -> {
				Principal principal = socket.handshake().principal();
				socket.data().put(USER, (principal != null) ? principal.getName() : "(anonymous)");
				return Mono.empty();
			});
		}

	}

	@RestController
	static class HelloController {

		@GetMapping("/api/hello")
		Map<String, String> hello(Principal principal) {
			return Map.of("hello", principal.getName());
		}

	}

}
