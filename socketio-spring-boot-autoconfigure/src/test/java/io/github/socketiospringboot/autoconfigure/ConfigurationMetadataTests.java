package io.github.socketiospringboot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationMetadataTests {

	private static JsonNode metadata() throws IOException {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated configuration metadata").isNotNull();
			return JsonMapper.shared().readTree(in);
		}
	}

	private static List<String> propertyNames(JsonNode metadata) {
		List<String> names = new ArrayList<>();
		metadata.get("properties").forEach((property) -> names.add(property.get("name").asString()));
		return names;
	}

	@Test
	void everyPropertyHasADescription() throws IOException {
		JsonNode metadata = metadata();
		assertThat(propertyNames(metadata)).isNotEmpty();
		metadata.get("properties")
			.forEach((property) -> assertThat(property.path("description").asString(""))
				.as("description of %s", property.get("name").asString())
				.isNotBlank());
	}

	@Test
	void theReadmeConfigurationTableListsEveryProperty() throws IOException {
		Path readme = Path.of("..", "README.md");
		assertThat(readme).exists();
		String text = Files.readString(readme);
		assertThat(propertyNames(metadata()))
			.allSatisfy((name) -> assertThat(text).as("README row for %s", name).contains("| `" + name + "` |"));
	}

}
