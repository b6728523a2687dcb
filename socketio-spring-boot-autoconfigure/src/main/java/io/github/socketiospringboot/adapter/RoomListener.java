package io.github.socketiospringboot.adapter;

/**
 * Receives the room events of a namespace on this server. Called on the thread that
 * changed the rooms; must not block.
 */
@FunctionalInterface
public interface RoomListener {

	/**
	 * Called for each room event.
	 * @param event the event
	 */
	void onRoomEvent(RoomEvent event);

}
