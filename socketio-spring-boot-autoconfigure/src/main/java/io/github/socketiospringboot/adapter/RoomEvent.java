package io.github.socketiospringboot.adapter;

import org.jspecify.annotations.Nullable;

/**
 * A change of the rooms of a namespace on this server.
 *
 * @param type what happened
 * @param room the room
 * @param socketId the socket that joined or left, {@code null} for creations and
 * deletions
 */
public record RoomEvent(Type type, String room, @Nullable String socketId) {

	/**
	 * The room events of the reference adapter.
	 */
	public enum Type {

		/** A room got its first member ({@code create-room}). */
		CREATE_ROOM,

		/** A room lost its last member ({@code delete-room}). */
		DELETE_ROOM,

		/** A socket joined a room ({@code join-room}). */
		JOIN_ROOM,

		/** A socket left a room ({@code leave-room}). */
		LEAVE_ROOM

	}

}
