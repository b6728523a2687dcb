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
 * The documented configuration's other variant: anyone may connect, and a user who sends
 * credentials is authenticated.
 */
@Configuration(proxyBeanMethods = false)
public class PermitAllSocketIOSecurityConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain socketIOSecurityFilterChain(ServerHttpSecurity http) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/socket.io/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.csrf(CsrfSpec::disable)
			.httpBasic(Customizer.withDefaults())
			.build();
	}

}
