package io.github.socketiospringboot.adapter;

/**
 * The modifiers of one broadcast.
 *
 * @param local only the clients connected to this server, whatever the adapter
 * @param isVolatile the packet may be dropped for a client that cannot take it right now
 * @param compress whether the packet may be compressed (a hint to the transports)
 */
public record BroadcastFlags(boolean local, boolean isVolatile, boolean compress) {

	/** No modifier: every server, reliable, compressible. */
	public static final BroadcastFlags DEFAULT = new BroadcastFlags(false, false, true);

	/**
	 * Returns these flags with {@code local} set.
	 * @return the new flags
	 */
	public BroadcastFlags withLocal() {
		return new BroadcastFlags(true, this.isVolatile, this.compress);
	}

	/**
	 * Returns these flags with {@code volatile} set.
	 * @return the new flags
	 */
	public BroadcastFlags withVolatile() {
		return new BroadcastFlags(this.local, true, this.compress);
	}

	/**
	 * Returns these flags with the given compression hint.
	 * @param compress the hint
	 * @return the new flags
	 */
	public BroadcastFlags withCompress(boolean compress) {
		return new BroadcastFlags(this.local, this.isVolatile, compress);
	}

}
