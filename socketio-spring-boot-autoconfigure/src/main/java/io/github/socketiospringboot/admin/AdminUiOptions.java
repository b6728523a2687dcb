package io.github.socketiospringboot.admin;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Immutable settings of the {@link AdminUi}, the options of the reference
 * {@code instrument(io, options)}. Authentication must be chosen: either
 * {@link #withCredentials credentials} (a user name and a bcrypt hash of the password, as
 * {@code auth: {type: "basic", ...}}) or {@link #withoutAuthentication() none}, as
 * {@code auth: false}; {@link AdminUi#instrument} refuses options that say neither.
 *
 * <pre class="code">
 * AdminUiOptions options = AdminUiOptions.defaults()
 *     .withCredentials("admin", "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS")
 *     .withMode(AdminUiOptions.Mode.PRODUCTION);
 * </pre>
 *
 * @param namespace the namespace the UI connects to ({@code namespaceName})
 * @param credentials the user name and password hash the UI must give, or {@code null}
 * @param authenticationDisabled whether the UI connects without credentials
 * ({@code auth: false}); never together with credentials
 * @param readOnly whether the UI's actions (emit, join, leave, disconnect) are refused
 * @param serverId this server's name in the UI, or {@code null} for
 * {@code <host name>#<process id>}
 * @param mode what the UI is sent
 * @param statsInterval how often this server sends its statistics (2 seconds in the
 * reference)
 */
public record AdminUiOptions(String namespace, @Nullable Credentials credentials, boolean authenticationDisabled,
		boolean readOnly, @Nullable String serverId, Mode mode, Duration statsInterval) {

	/** The reference's namespace: {@code /admin}. */
	public static final String DEFAULT_NAMESPACE = "/admin";

	/** The reference's statistics interval: 2 seconds. */
	public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(2);

	/**
	 * Validates the settings.
	 */
	public AdminUiOptions {
		Assert.hasText(namespace, "namespace must not be empty");
		Assert.isTrue(credentials == null || !authenticationDisabled,
				"authentication cannot be both disabled and given credentials");
		Assert.notNull(mode, "mode must not be null");
		Assert.isTrue(statsInterval.toMillis() > 0, "statsInterval must be positive");
		namespace = namespace.startsWith("/") ? namespace : "/" + namespace;
	}

	/**
	 * Returns the reference's defaults: namespace {@code /admin}, development mode, not
	 * read-only, and authentication still to choose.
	 * @return the defaults
	 */
	public static AdminUiOptions defaults() {
		return new AdminUiOptions(DEFAULT_NAMESPACE, null, false, false, null, Mode.DEVELOPMENT,
				DEFAULT_STATS_INTERVAL);
	}

	/**
	 * Returns these options with another namespace.
	 * @param namespace the namespace
	 * @return the new options
	 */
	public AdminUiOptions withNamespace(String namespace) {
		return new AdminUiOptions(namespace, this.credentials, this.authenticationDisabled, this.readOnly,
				this.serverId, this.mode, this.statsInterval);
	}

	/**
	 * Returns these options with basic authentication.
	 * @param username the user name
	 * @param passwordHash a bcrypt hash of the password ({@code $2a$}, {@code $2b$} or
	 * {@code $2y$})
	 * @return the new options
	 */
	public AdminUiOptions withCredentials(String username, String passwordHash) {
		return new AdminUiOptions(this.namespace, new Credentials(username, passwordHash), false, this.readOnly,
				this.serverId, this.mode, this.statsInterval);
	}

	/**
	 * Returns these options with no authentication: anyone who reaches the namespace sees
	 * every socket and, unless {@link #withReadOnly read-only}, acts on them.
	 * @return the new options
	 */
	public AdminUiOptions withoutAuthentication() {
		return new AdminUiOptions(this.namespace, null, true, this.readOnly, this.serverId, this.mode,
				this.statsInterval);
	}

	/**
	 * Returns these options with the UI's actions allowed or refused.
	 * @param readOnly whether the actions are refused
	 * @return the new options
	 */
	public AdminUiOptions withReadOnly(boolean readOnly) {
		return new AdminUiOptions(this.namespace, this.credentials, this.authenticationDisabled, readOnly,
				this.serverId, this.mode, this.statsInterval);
	}

	/**
	 * Returns these options with another server id.
	 * @param serverId the id, or {@code null} for the default
	 * @return the new options
	 */
	public AdminUiOptions withServerId(@Nullable String serverId) {
		return new AdminUiOptions(this.namespace, this.credentials, this.authenticationDisabled, this.readOnly,
				serverId, this.mode, this.statsInterval);
	}

	/**
	 * Returns these options with another mode.
	 * @param mode the mode
	 * @return the new options
	 */
	public AdminUiOptions withMode(Mode mode) {
		return new AdminUiOptions(this.namespace, this.credentials, this.authenticationDisabled, this.readOnly,
				this.serverId, mode, this.statsInterval);
	}

	/**
	 * Returns these options with another statistics interval.
	 * @param statsInterval the interval
	 * @return the new options
	 */
	public AdminUiOptions withStatsInterval(Duration statsInterval) {
		return new AdminUiOptions(this.namespace, this.credentials, this.authenticationDisabled, this.readOnly,
				this.serverId, this.mode, statsInterval);
	}

	/**
	 * What the UI is sent.
	 */
	public enum Mode {

		/**
		 * Everything: the list of sockets when the UI connects, and each connection,
		 * disconnection, room change and event (with its arguments) as it happens; the
		 * reference's default without {@code NODE_ENV}.
		 */
		DEVELOPMENT,

		/**
		 * Aggregates only: the statistics every {@code statsInterval} (connections,
		 * namespaces, counts of packets and bytes). Costs one counter update per event.
		 */
		PRODUCTION

	}

	/**
	 * The credentials of basic authentication.
	 *
	 * @param username the user name
	 * @param passwordHash a bcrypt hash of the password
	 */
	public record Credentials(String username, String passwordHash) {

		private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");

		/**
		 * Validates the credentials.
		 */
		public Credentials {
			Assert.hasText(username, "the username must not be empty");
			Assert.isTrue(passwordHash != null && BCRYPT.matcher(passwordHash).matches(),
					"the password must be a valid bcrypt hash (such as $2b$10$...), not the password itself");
		}

		@Override
		public String toString() {
			return "Credentials[username=" + this.username + ", passwordHash=(hidden)]";
		}

	}

}
