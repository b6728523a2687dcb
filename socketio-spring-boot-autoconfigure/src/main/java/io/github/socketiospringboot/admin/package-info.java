/**
 * The server side of the official Socket.IO Admin UI ({@code @socket.io/admin-ui}):
 * {@link io.github.socketiospringboot.admin.AdminUi#instrument} and its
 * {@link io.github.socketiospringboot.admin.AdminUiOptions}.
 */
@NullMarked
package io.github.socketiospringboot.admin;

import org.jspecify.annotations.NullMarked;
