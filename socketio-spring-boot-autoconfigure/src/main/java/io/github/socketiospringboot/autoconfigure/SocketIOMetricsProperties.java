package io.github.socketiospringboot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings of the Socket.IO meters, under {@code socketio.metrics}.
 */
@ConfigurationProperties("socketio.metrics")
public class SocketIOMetricsProperties {

	/**
	 * Whether the socketio.* meters are kept, when the application has a Micrometer
	 * MeterRegistry.
	 */
	private boolean enabled = true;

	/**
	 * Tells whether the meters are kept.
	 * @return whether they are
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Sets whether the meters are kept.
	 * @param enabled whether they are
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
