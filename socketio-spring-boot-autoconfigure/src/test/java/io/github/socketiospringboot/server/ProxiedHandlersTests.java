package io.github.socketiospringboot.server;

import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.internal.annotation.SocketIOControllerRegistrar;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handler methods are found on the class behind an AOP proxy, a JDK interface proxy
 * included (as Spring's own handler mappings find them), and called through the proxy.
 */
class ProxiedHandlersTests {

	@Test
	void theHandlersOfAJdkProxiedBeanAreFoundOnItsTargetAndCalledThroughTheProxy() {
		SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared());
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.refresh();
			ProxyFactory proxies = new ProxyFactory(new EnglishGreeter());
			proxies.addInterface(Greeter.class);
			proxies.addAdvice(
					(org.aopalliance.intercept.MethodInterceptor) (invocation) -> "proxied " + invocation.proceed());
			Object proxy = proxies.getProxy();
			assertThat(proxy.getClass().getName()).contains("$Proxy");
			new SocketIOControllerRegistrar(context, io, null).registerHandler(io.sockets(), proxy);
			ScriptedConnection connection = ScriptedConnection.open(io);
			connection.client().onMessage("0");

			connection.client().onMessage("21[\"hello\",\"Ada\"]");

			assertThat(connection.sent).contains("431[\"proxied hello Ada\"]");
		}
		finally {
			io.close();
		}
	}

	/** What the proxy exposes. */
	public interface Greeter {

		String hello(String name);

	}

	/** The bean behind the proxy, whose method carries the annotation. */
	public static class EnglishGreeter implements Greeter {

		@Override
		@OnEvent("hello")
		public String hello(String name) {
			return "hello " + name;
		}

	}

}
