package io.github.socketiospringboot;

import java.util.HashSet;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture of the library, checked on its compiled main classes: the layers point
 * one way, no two packages need each other, and the public API (every package outside
 * {@code internal}) shows no internal type in what it offers.
 */
class ArchitectureTests {

	private static final String ROOT = "io.github.socketiospringboot";

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.importPackages(ROOT);

	@Test
	void theMainClassesAreImported() {
		assertThat(MAIN.containPackage(ROOT + ".internal.engine")).isTrue();
		assertThat(MAIN.containPackage(ROOT + ".server")).isTrue();
	}

	/**
	 * From the bottom up: the engine's frames, the engine, its transports and HTTP
	 * endpoint, the Socket.IO packets; the adapter SPI (which knows no engine), the
	 * cluster base, its codec, the classic and sharded protocols, their Redis transport
	 * (which knows no auto-configuration); the broadcast API; the server with its
	 * observers' hooks beside it; the instrumentation on those hooks (meters, the
	 * Actuator endpoint and health, the Admin UI); the annotations and their support; the
	 * auto-configuration on top.
	 */
	@Test
	void theLayersPointOneWay() {
		ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("EngineFrames")
			.definedBy(ROOT + ".internal.engine.protocol")
			.layer("Engine")
			.definedBy(ROOT + ".internal.engine")
			.layer("Transports")
			.definedBy(ROOT + ".internal.engine.transport")
			.layer("Web")
			.definedBy(ROOT + ".internal.web")
			.layer("Packets")
			.definedBy(ROOT + ".internal.protocol")
			.layer("Adapter")
			.definedBy(ROOT + ".adapter")
			.layer("Cluster")
			.definedBy(ROOT + ".adapter.cluster")
			.layer("ClusterCodec")
			.definedBy(ROOT + ".internal.cluster")
			.layer("ClusterProtocols")
			.definedBy(ROOT + ".adapter.cluster.classic", ROOT + ".adapter.cluster.sharded")
			.layer("Redis")
			.definedBy(ROOT + ".adapter.redis")
			.layer("Broadcast")
			.definedBy(ROOT + ".broadcast")
			.layer("Server")
			.definedBy(ROOT + ".server", ROOT + ".observe")
			.layer("Instrumentation")
			.definedBy(ROOT + ".metrics", ROOT + ".actuate", ROOT + ".admin")
			.layer("Annotations")
			.definedBy(ROOT + ".annotation")
			.layer("AnnotationSupport")
			.definedBy(ROOT + ".internal.annotation")
			.layer("AutoConfiguration")
			.definedBy(ROOT + ".autoconfigure")
			.whereLayer("EngineFrames")
			.mayNotAccessAnyLayer()
			.whereLayer("Engine")
			.mayOnlyAccessLayers("EngineFrames")
			.whereLayer("Transports")
			.mayOnlyAccessLayers("Engine", "EngineFrames")
			.whereLayer("Web")
			.mayOnlyAccessLayers("Transports", "Engine", "EngineFrames")
			.whereLayer("Packets")
			.mayOnlyAccessLayers("EngineFrames")
			.whereLayer("Adapter")
			.mayNotAccessAnyLayer()
			.whereLayer("Cluster")
			.mayOnlyAccessLayers("Adapter")
			.whereLayer("ClusterCodec")
			.mayOnlyAccessLayers("Cluster", "Adapter")
			.whereLayer("ClusterProtocols")
			.mayOnlyAccessLayers("ClusterCodec", "Cluster", "Adapter")
			.whereLayer("Redis")
			.mayOnlyAccessLayers("ClusterProtocols", "ClusterCodec", "Cluster", "Adapter")
			.whereLayer("Broadcast")
			.mayOnlyAccessLayers("Adapter")
			.whereLayer("Server")
			.mayOnlyAccessLayers("Broadcast", "Cluster", "Adapter", "Packets", "Engine", "EngineFrames")
			.whereLayer("Instrumentation")
			.mayOnlyAccessLayers("Server", "Broadcast", "Cluster", "Adapter", "Engine")
			.whereLayer("Annotations")
			.mayOnlyAccessLayers("Server", "Broadcast", "Adapter")
			.whereLayer("AnnotationSupport")
			.mayOnlyAccessLayers("Annotations", "Server", "Broadcast", "Adapter")
			.whereLayer("AutoConfiguration")
			.mayNotBeAccessedByAnyLayer();
		layers.check(MAIN);
	}

	/**
	 * No two packages need each other, except the server and its observers' hooks: one
	 * layer in two packages, the hooks naming the server's types and the server calling
	 * the hooks.
	 */
	@Test
	void noTwoPackagesNeedEachOther() {
		slices().matching(ROOT + ".(**)")
			.should()
			.beFreeOfCycles()
			.ignoreDependency(JavaClass.Predicates.resideInAPackage(ROOT + ".server"),
					JavaClass.Predicates.resideInAPackage(ROOT + ".observe"))
			.check(MAIN);
	}

	@Test
	void theApiPackagesShowNoInternalTypeInTheirSignatures() {
		classes().that(inTheApi()).should(exposeNoInternalType()).check(MAIN);
	}

	@Test
	void everyPackageIsInALayer() {
		Set<String> packages = new HashSet<>();
		MAIN.forEach((javaClass) -> packages.add(javaClass.getPackageName()));
		assertThat(packages).allMatch((name) -> name.startsWith(ROOT + "."))
			.containsExactlyInAnyOrder(ROOT + ".internal.engine.protocol", ROOT + ".internal.engine",
					ROOT + ".internal.engine.transport", ROOT + ".internal.web", ROOT + ".internal.protocol",
					ROOT + ".adapter", ROOT + ".adapter.cluster", ROOT + ".internal.cluster",
					ROOT + ".adapter.cluster.classic", ROOT + ".adapter.cluster.sharded", ROOT + ".adapter.redis",
					ROOT + ".broadcast", ROOT + ".server", ROOT + ".observe", ROOT + ".metrics", ROOT + ".actuate",
					ROOT + ".admin", ROOT + ".annotation", ROOT + ".internal.annotation", ROOT + ".autoconfigure");
	}

	/** The types users can see: public, in a public enclosing type, outside internal. */
	private static DescribedPredicate<JavaClass> inTheApi() {
		return DescribedPredicate.describe("are visible API types",
				(javaClass) -> !isInternal(javaClass) && isVisible(javaClass));
	}

	private static boolean isInternal(JavaClass javaClass) {
		return javaClass.getPackageName().startsWith(ROOT + ".internal");
	}

	private static boolean isVisible(JavaClass javaClass) {
		if (!javaClass.getModifiers().contains(JavaModifier.PUBLIC) || javaClass.isAnonymousClass()
				|| javaClass.isLocalClass()) {
			return false;
		}
		return javaClass.getEnclosingClass().map(ArchitectureTests::isVisible).orElse(true);
	}

	private static boolean isOffered(Set<JavaModifier> modifiers) {
		return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
				&& !modifiers.contains(JavaModifier.SYNTHETIC) && !modifiers.contains(JavaModifier.BRIDGE);
	}

	private static ArchCondition<JavaClass> exposeNoInternalType() {
		return new ArchCondition<>("expose no internal type in public or protected signatures") {

			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				Set<JavaClass> supertypes = new HashSet<>(javaClass.getRawInterfaces());
				javaClass.getRawSuperclass().ifPresent(supertypes::add);
				for (JavaClass supertype : supertypes) {
					report(javaClass, "supertype", supertype, events);
				}
				for (JavaCodeUnit unit : javaClass.getCodeUnits()) {
					if (!isOffered(unit.getModifiers())) {
						continue;
					}
					for (JavaType parameter : unit.getParameterTypes()) {
						for (JavaClass type : parameter.getAllInvolvedRawTypes()) {
							report(javaClass, unit.getFullName() + " parameter", type, events);
						}
					}
					for (JavaClass type : unit.getReturnType().getAllInvolvedRawTypes()) {
						report(javaClass, unit.getFullName() + " return type", type, events);
					}
				}
				for (JavaField field : javaClass.getFields()) {
					if (isOffered(field.getModifiers())) {
						for (JavaClass type : field.getType().getAllInvolvedRawTypes()) {
							report(javaClass, field.getFullName(), type, events);
						}
					}
				}
			}

			private void report(JavaClass owner, String where, JavaClass type, ConditionEvents events) {
				JavaClass base = type.getBaseComponentType();
				if (base.getPackageName().startsWith(ROOT + ".internal")) {
					events.add(SimpleConditionEvent.violated(owner, where + " is the internal type " + base.getName()));
				}
			}

		};
	}

}
