package io.github.socketiospringboot.sample;

import io.github.socketiospringboot.admin.AdminUi;
import io.github.socketiospringboot.admin.AdminUiOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's Admin UI: on in the {@code dev} profile with the documented development
 * credentials, off otherwise.
 */
class AdminUiProfileTests {

	@Nested
	@SpringBootTest
	@ActiveProfiles("dev")
	class DevProfile {

		@Autowired
		AdminUi adminUi;

		@Test
		void theAdminUiIsOnWithTheDocumentedDevelopmentCredentials() {
			AdminUiOptions options = this.adminUi.options();
			assertThat(options.namespace()).isEqualTo("/admin");
			assertThat(options.credentials()).isNotNull();
			assertThat(options.credentials().username()).isEqualTo("admin");
			assertThat(BCrypt.checkpw("admin-dev-only", options.credentials().passwordHash())).isTrue();
		}

	}

	@Nested
	@SpringBootTest
	class DefaultProfile {

		@Autowired
		ApplicationContext context;

		@Test
		void theAdminUiIsOff() {
			assertThat(this.context.getBeanNamesForType(AdminUi.class)).isEmpty();
		}

	}

}
