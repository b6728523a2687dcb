package io.github.socketiospringboot.tests.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets Hibernate Validator load its message bundles on an event loop: it reads them from
 * their jar once, lazily, when it interpolates its first violation message (a one-time
 * read, like class loading). Everything else stays forbidden.
 */
public class HibernateValidatorBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("org.hibernate.validator.resourceloading.PlatformResourceBundleLocator",
				"loadBundle");
	}

}
