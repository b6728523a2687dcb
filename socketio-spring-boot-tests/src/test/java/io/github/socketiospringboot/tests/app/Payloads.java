package io.github.socketiospringboot.tests.app;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The payload types the test application's handlers take and return.
 */
public final class Payloads {

	private Payloads() {
	}

	/**
	 * A record payload.
	 *
	 * @param name a name
	 * @param count a number
	 * @param tags a list
	 */
	public record Greeting(String name, int count, List<String> tags) {

	}

	/**
	 * The typed auth payload of a connection.
	 *
	 * @param user the user
	 * @param level a number
	 */
	public record Credentials(String user, Integer level) {

	}

	/**
	 * A validated payload.
	 *
	 * @param item must not be blank
	 * @param quantity from 1 to 10
	 */
	public record Order(@NotBlank String item, @Min(1) @Max(10) int quantity) {

	}

	/**
	 * A payload whose constraint is in a validation group only.
	 *
	 * @param note at most 5 characters when {@link Strict}
	 */
	public record Note(@Size(max = 5, groups = Strict.class) String note) {

	}

	/**
	 * A validation group.
	 */
	public interface Strict {

	}

	/**
	 * A payload type the JSON mapper cannot build, whatever the client sends.
	 */
	public interface Shape {

	}

	/**
	 * A mutable JavaBean payload.
	 */
	public static class Profile {

		private String name;

		private int age;

		private boolean active;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public int getAge() {
			return this.age;
		}

		public void setAge(int age) {
			this.age = age;
		}

		public boolean isActive() {
			return this.active;
		}

		public void setActive(boolean active) {
			this.active = active;
		}

	}

}
