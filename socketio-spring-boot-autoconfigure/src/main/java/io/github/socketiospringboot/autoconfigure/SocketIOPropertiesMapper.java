package io.github.socketiospringboot.autoconfigure;

import java.time.Duration;

import java.util.EnumSet;

import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.adapter.cluster.classic.ClassicOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.github.socketiospringboot.adapter.redis.StreamsOptions;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.AllowRequest;
import io.github.socketiospringboot.server.SocketIOOptions;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/**
 * Maps {@link SocketIOProperties} onto the immutable options of the server, the endpoint
 * and the adapters: the one place where a property becomes an option, used by the
 * auto-configurations when they make their beans.
 */
final class SocketIOPropertiesMapper {

	private SocketIOPropertiesMapper() {
	}

	/**
	 * Maps the server's settings.
	 * @param properties the properties
	 * @param allowRequest the hook that decides whether a handshake or upgrade may
	 * proceed
	 * @return the options of the Socket.IO server and its engine
	 */
	static SocketIOOptions socketIOOptions(SocketIOProperties properties, AllowRequest allowRequest) {
		PropertyMapper map = PropertyMapper.get();
		SocketIOOptions.Builder options = SocketIOOptions.builder();
		map.from(properties::getPingInterval).to(options::pingInterval);
		map.from(properties::getPingTimeout).to(options::pingTimeout);
		map.from(properties::getUpgradeTimeout).to(options::upgradeTimeout);
		map.from(properties::getMaxHttpBufferSize).as(DataSize::toBytes).to(options::maxHttpBufferSize);
		map.from(properties::getTransports).as((transports) -> EnumSet.copyOf(transports)).to(options::transports);
		map.from(properties::isAllowUpgrades).to(options::allowUpgrades);
		map.from(properties::getWriteBuffer).as(SocketIOPropertiesMapper::writeBufferLimits).to(options::writeBuffer);
		map.from(properties::getConnectTimeout).to(options::connectTimeout);
		map.from(properties::getMaxAttachments).to(options::maxAttachments);
		map.from(properties::getAckTimeout).to(options::defaultAckTimeout);
		map.from(properties::isCleanupEmptyChildNamespaces).to(options::cleanupEmptyChildNamespaces);
		options.allowRequest(allowRequest);
		options.connectionStateRecovery(connectionStateRecovery(properties.getConnectionStateRecovery()));
		return options.build();
	}

	/**
	 * Maps the settings of connection state recovery.
	 * @param recovery the {@code socketio.connection-state-recovery.*} properties
	 * @return the server's settings
	 */
	static ConnectionStateRecovery connectionStateRecovery(SocketIOProperties.ConnectionStateRecovery recovery) {
		return new ConnectionStateRecovery(recovery.isEnabled(), recovery.getMaxDisconnectionDuration(),
				recovery.isSkipMiddlewares(), recovery.getMaxStoredPackets());
	}

	/**
	 * Maps the limits of the data waiting for one client.
	 * @param writeBuffer the {@code socketio.write-buffer.*} properties
	 * @return the limits
	 */
	static SocketIOOptions.WriteBufferLimits writeBufferLimits(SocketIOProperties.WriteBuffer writeBuffer) {
		return new SocketIOOptions.WriteBufferLimits(writeBuffer.getLimit().toBytes(), writeBuffer.getTimeout(),
				writeBuffer.getMax().toBytes());
	}

	/**
	 * Maps the cross-origin settings of the endpoint.
	 * @param cors the {@code socketio.cors.*} properties
	 * @return the endpoint's options
	 */
	static CorsOptions corsOptions(SocketIOProperties.Cors cors) {
		return new CorsOptions(cors.getAllowedOrigins(), cors.getAllowedOriginPatterns(), cors.isAllowCredentials(),
				cors.getAllowedMethods(), cors.getAllowedHeaders(), cors.getExposedHeaders(), cors.getMaxAge());
	}

	/**
	 * Maps the settings of the classic Redis adapter.
	 * @param redis the {@code socketio.adapter.redis.*} properties
	 * @return the adapter's options
	 */
	static ClassicOptions classicOptions(SocketIOProperties.Redis redis) {
		return new ClassicOptions(redis.getKeyPrefix(), redis.getRequestTimeout(),
				redis.isPublishOnSpecificResponseChannel());
	}

	/**
	 * Maps the settings of the sharded Redis adapter.
	 * @param redis the {@code socketio.adapter.redis.*} properties
	 * @return the adapter's options
	 */
	static ShardedOptions shardedOptions(SocketIOProperties.Redis redis) {
		return new ShardedOptions(redis.getKeyPrefix(), redis.getRequestTimeout(), redis.getSubscriptionMode());
	}

	/**
	 * Maps the settings of the Redis Streams adapter.
	 * @param redis the {@code socketio.adapter.redis.*} properties
	 * @param sessionTimeToLive how long a persisted session is kept (the maximum
	 * disconnection duration of connection state recovery)
	 * @return the adapter's options
	 */
	static StreamsOptions streamsOptions(SocketIOProperties.Redis redis, Duration sessionTimeToLive) {
		SocketIOProperties.Streams streams = redis.getStreams();
		return new StreamsOptions(streams.getName(), streams.getCount(), redis.getKeyPrefix(),
				streams.isShardedPubSub(), streams.getMaxLength(), streams.getReadCount(), streams.getBlockTime(),
				streams.getSessionKeyPrefix(), redis.getRequestTimeout(), sessionTimeToLive);
	}

}
