package io.github.socketiospringboot.tests.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.CsrfSpec;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The configuration the README documents (section "Spring Security"), word for word: a
 * chain of its own for the Socket.IO path that requires an authenticated user, without
 * CSRF protection (polling POSTs carry no token), and the application's chain for every
 * other path.
 */
@Configuration(proxyBeanMethods = false)
public class SocketIOSecurityConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain socketIOSecurityFilterChain(ServerHttpSecurity http) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/socket.io/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
			.csrf(CsrfSpec::disable)
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	SecurityWebFilterChain applicationSecurityFilterChain(ServerHttpSecurity http) {
		return http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
			.httpBasic(Customizer.withDefaults())
			.build();
	}

}
