package io.github.socketiospringboot.autoconfigure;

import io.github.socketiospringboot.admin.AdminUi;
import io.github.socketiospringboot.admin.AdminUiOptions;
import io.github.socketiospringboot.server.SocketIOServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * Instruments the auto-configured {@link SocketIOServer} for the official Socket.IO Admin
 * UI on {@code socketio.admin-ui.enabled=true}. Refuses to start with the UI on, its
 * authentication on (the default) and no credentials.
 */
@AutoConfiguration(after = SocketIOAutoConfiguration.class)
@ConditionalOnBean(SocketIOServer.class)
@ConditionalOnBooleanProperty("socketio.admin-ui.enabled")
@EnableConfigurationProperties(SocketIOAdminUiProperties.class)
public final class SocketIOAdminUiAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AdminUi socketIOAdminUi(SocketIOServer server, SocketIOAdminUiProperties properties) {
		return AdminUi.instrument(server, options(properties));
	}

	static AdminUiOptions options(SocketIOAdminUiProperties properties) {
		AdminUiOptions options = AdminUiOptions.defaults()
			.withNamespace(properties.getNamespace())
			.withReadOnly(properties.isReadOnly())
			.withServerId(StringUtils.hasText(properties.getServerId()) ? properties.getServerId() : null)
			.withMode(properties.getMode());
		if (!properties.isAuthEnabled()) {
			return options.withoutAuthentication();
		}
		String username = properties.getUsername();
		String password = properties.getPassword();
		if (!StringUtils.hasText(username) || !StringUtils.hasText(password)) {
			throw new IllegalStateException("socketio.admin-ui.enabled=true needs socketio.admin-ui.username and "
					+ "socketio.admin-ui.password (a bcrypt hash of the password), or "
					+ "socketio.admin-ui.auth-enabled=false to run the Admin UI without authentication");
		}
		try {
			return options.withCredentials(username, password);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("socketio.admin-ui.password: " + ex.getMessage(), ex);
		}
	}

}
