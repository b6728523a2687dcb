package io.github.socketiospringboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layers point one way: what the compiled classes of a package name (every type they
 * use is in their constant pool, imports and fully qualified names alike) never comes
 * from a layer above them.
 */
class LayerTests {

	private static final String ROOT = "io/github/socketiospringboot/";

	private static final Pattern TYPE = Pattern.compile("io/github/socketiospringboot/([a-z/]+)/[A-Z]");

	@Test
	void theAdapterPackagesUseNothingOfTheEngineNorOfTheLayersAboveThem() {
		assertThat(packagesUsedBy("adapter")).noneMatch((used) -> used.startsWith("engine"))
			.noneMatch((used) -> used.startsWith("server") || used.startsWith("broadcast")
					|| used.startsWith("annotation") || used.startsWith("autoconfigure") || used.startsWith("web"));
	}

	@Test
	void theProtocolPackageUsesOnlyTheEnginesPacketsBelowIt() {
		assertThat(packagesUsedBy("protocol"))
			.allMatch((used) -> used.equals("protocol") || used.equals("engine/protocol"));
	}

	@Test
	void theEnginePackagesUseNothingOfTheSocketIOLayers() {
		assertThat(packagesUsedBy("engine")).allMatch((used) -> used.startsWith("engine"));
	}

	/**
	 * Returns the packages of this library (relative to its root, {@code /}-separated)
	 * whose types the classes of a package and its subpackages use, other than their own.
	 */
	private static TreeSet<String> packagesUsedBy(String layer) {
		TreeSet<String> used = new TreeSet<>();
		for (Path file : classFiles(layer)) {
			String own = classesRoot().relativize(file.getParent()).toString().replace('\\', '/');
			Matcher matcher = TYPE.matcher(read(file));
			while (matcher.find()) {
				String name = matcher.group(1);
				if (!name.equals(own.substring(ROOT.length()))) {
					used.add(name);
				}
			}
		}
		return used;
	}

	private static List<Path> classFiles(String layer) {
		Path directory = classesRoot().resolve(ROOT + layer);
		try (Stream<Path> files = Files.walk(directory)) {
			List<Path> found = new ArrayList<>(files.filter((path) -> path.toString().endsWith(".class")).toList());
			assertThat(found).as("classes of %s", layer).isNotEmpty();
			return found;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			// class names are ASCII in the constant pool's modified UTF-8
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The main classes: where the library's {@code package-info} was loaded from. */
	private static Path classesRoot() {
		try {
			Path packageInfo = Path
				.of(LayerTests.class.getClassLoader().getResource(ROOT + "engine/package-info.class").toURI());
			return packageInfo.getParent().getParent().getParent().getParent().getParent();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
