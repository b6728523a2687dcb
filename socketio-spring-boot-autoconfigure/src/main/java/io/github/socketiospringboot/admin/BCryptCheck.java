package io.github.socketiospringboot.admin;

import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The password check, in a class of its own: loaded only when credentials are configured,
 * so that {@code spring-security-crypto} stays optional.
 */
final class BCryptCheck {

	private BCryptCheck() {
	}

	/**
	 * Tells whether a password matches a bcrypt hash; slow by design, to call off the
	 * event loops.
	 * @param password the password
	 * @param hash the hash
	 * @return whether it matches
	 */
	static boolean matches(String password, String hash) {
		try {
			return BCrypt.checkpw(password, hash);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
