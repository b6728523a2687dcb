/**
 * Spring Boot auto-configuration and configuration properties of the Socket.IO server.
 */
@NullMarked
package io.github.socketiospringboot.autoconfigure;

import org.jspecify.annotations.NullMarked;
