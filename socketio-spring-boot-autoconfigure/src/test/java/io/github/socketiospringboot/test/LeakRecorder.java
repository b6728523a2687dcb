package io.github.socketiospringboot.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs, before any test class loads Netty, a leak detector at paranoid level that
 * records every leak report, so that {@link NoLeaksExtension} can fail the tests that
 * leaked.
 */
public final class LeakRecorder implements LauncherSessionListener {

	static final List<String> LEAKS = new CopyOnWriteArrayList<>();

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
	}

	/**
	 * Returns the leak reports recorded so far.
	 * @return the reports
	 */
	public static List<String> leaks() {
		return List.copyOf(LEAKS);
	}

	private static final class RecordingFactory extends ResourceLeakDetectorFactory {

		@Override
		@SuppressWarnings("deprecation")
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
				long maxActive) {
			return new RecordingDetector<>(resource, samplingInterval);
		}

		@Override
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
			return new RecordingDetector<>(resource, samplingInterval);
		}

	}

	private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {

		RecordingDetector(Class<T> resource, int samplingInterval) {
			super(resource, samplingInterval);
		}

		@Override
		protected void reportTracedLeak(String resourceType, String records) {
			LEAKS.add(resourceType + " leaked:" + records);
			super.reportTracedLeak(resourceType, records);
		}

		@Override
		protected void reportUntracedLeak(String resourceType) {
			LEAKS.add(resourceType + " leaked (untraced)");
			super.reportUntracedLeak(resourceType);
		}

	}

}
