package io.github.socketiospringboot.autoconfigure;

import io.github.socketiospringboot.admin.AdminUiOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the official Socket.IO Admin UI's server side under
 * {@code socketio.admin-ui.*}: the options of the reference's {@code instrument()}.
 */
@ConfigurationProperties("socketio.admin-ui")
public class SocketIOAdminUiProperties {

	/**
	 * Whether the server side of the official Admin UI (@socket.io/admin-ui) is on.
	 */
	private boolean enabled;

	/**
	 * Namespace the Admin UI connects to.
	 */
	private String namespace = AdminUiOptions.DEFAULT_NAMESPACE;

	/**
	 * User name the Admin UI must give.
	 */
	private @Nullable String username;

	/**
	 * Bcrypt hash of the password the Admin UI must give (such as $2b$10$...), never the
	 * password itself. Checking it needs spring-security-crypto on the class path.
	 */
	private @Nullable String password;

	/**
	 * Whether the Admin UI must authenticate; turning it off needs saying so with false,
	 * and lets anyone who reaches the namespace see every socket.
	 */
	private boolean authEnabled = true;

	/**
	 * Whether the Admin UI's actions (emit, join, leave, disconnect) are refused.
	 */
	private boolean readOnly;

	/**
	 * Name of this server in the Admin UI; "<host name>#<process id>" when not set.
	 */
	private @Nullable String serverId;

	/**
	 * What the Admin UI is sent: development sends the socket list and a feed of every
	 * connection, room change and event (with arguments); production only aggregates.
	 */
	private AdminUiOptions.Mode mode = AdminUiOptions.Mode.DEVELOPMENT;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public boolean isAuthEnabled() {
		return this.authEnabled;
	}

	public void setAuthEnabled(boolean authEnabled) {
		this.authEnabled = authEnabled;
	}

	public boolean isReadOnly() {
		return this.readOnly;
	}

	public void setReadOnly(boolean readOnly) {
		this.readOnly = readOnly;
	}

	public @Nullable String getServerId() {
		return this.serverId;
	}

	public void setServerId(@Nullable String serverId) {
		this.serverId = serverId;
	}

	public AdminUiOptions.Mode getMode() {
		return this.mode;
	}

	public void setMode(AdminUiOptions.Mode mode) {
		this.mode = mode;
	}

}
