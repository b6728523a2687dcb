package io.github.socketiospringboot.tests.startup;

import java.util.Map;

import io.github.socketiospringboot.annotation.NamespaceVariable;
import io.github.socketiospringboot.annotation.OnConnect;
import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOArgumentResolver;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.annotation.SocketIOExceptionHandler;
import io.github.socketiospringboot.annotation.SocketIOInvocation;
import io.github.socketiospringboot.autoconfigure.SocketIOAutoConfiguration;
import io.github.socketiospringboot.internal.annotation.SocketIOControllerRegistrar;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handler methods that cannot work stop the application at startup, with a message that
 * names the method and says what is wrong.
 */
class HandlerStartupFailureTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SocketIOAutoConfiguration.class));

	@Test
	void twoOnEventMethodsForTheSameEventInOneNamespaceFailStartupNamingBoth() {
		this.runner.withUserConfiguration(FirstSameController.class, SecondSameController.class)
			.run((context) -> assertThat(startupFailure(context)).hasMessageContaining("Ambiguous @OnEvent(\"same\")")
				.hasMessageContaining("namespace \"/duplicates\"")
				.hasMessageContaining("FirstSameController.first(")
				.hasMessageContaining("SecondSameController.second("));
	}

	@Test
	void theSameEventInTwoNamespacesIsFine() {
		this.runner.withUserConfiguration(FirstSameController.class, OtherNamespaceSameController.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aScopedProxyControllerIsRegisteredOnceNotAlsoAsItsTarget() {
		this.runner.withUserConfiguration(ScopedController.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aFluxReturnTypeFailsStartup() {
		this.runner.withUserConfiguration(FluxController.class)
			.run((context) -> assertThat(startupFailure(context)).hasMessageContaining("FluxController.stream(")
				.hasMessageContaining("returns a Flux")
				.hasMessageContaining("return a value or a Mono"));
	}

	@Test
	void aNamespaceVariableThatTheTemplateDoesNotDeclareFailsStartup() {
		this.runner.withUserConfiguration(UnknownVariableController.class)
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("UnknownVariableController.board(")
				.hasMessageContaining(
						"@NamespaceVariable \"board\" is not a variable of namespace \"/workspace-{id}\""));
	}

	@Test
	void aValidatedParameterWithoutAValidatorBeanFailsStartup() {
		this.runner.withUserConfiguration(ValidatingController.class)
			.run((context) -> assertThat(startupFailure(context)).hasMessageContaining("ValidatingController.order(")
				.hasMessageContaining("no Validator bean exists")
				.hasMessageContaining("spring-boot-starter-validation"));
	}

	@Test
	void aValidatedParameterStartsWithBootsValidator() {
		this.runner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(ValidatingController.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void anExceptionHandlerThatNamesNoExceptionTypeFailsStartup() {
		this.runner.withUserConfiguration(UntypedExceptionHandlerController.class)
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("UntypedExceptionHandlerController.onError(")
				.hasMessageContaining("an exception handler names the exceptions it handles"));
	}

	@Test
	void aDisconnectReasonParameterOnAnOnEventMethodFailsStartup() {
		this.runner.withUserConfiguration(DisconnectReasonOnEventController.class)
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("DisconnectReasonOnEventController.message(")
				.hasMessageContaining("a DisconnectReason parameter is only allowed in an @OnDisconnect method"));
	}

	@Test
	void aConstraintThatIsNoRegularExpressionFailsStartup() {
		this.runner.withUserConfiguration(MalformedConstraintController.class)
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("Malformed namespace template \"/bad-{id:(}\"")
				.hasMessageContaining("the constraint of {id} is not a regular expression"));
	}

	@Test
	void aNamespaceVariableMissingFromOneOfTheControllersNamespacesFailsStartup() {
		this.runner.withUserConfiguration(PartlyVariableController.class)
			.run((context) -> assertThat(startupFailure(context)).hasMessageContaining("PartlyVariableController.open(")
				.hasMessageContaining("@NamespaceVariable \"id\" is not a variable of namespace \"/plain\""));
	}

	@Test
	void aControllerThatNamesANamespaceTwiceFailsStartup() {
		this.runner.withUserConfiguration(TwiceController.class)
			.run((context) -> assertThat(startupFailure(context)).hasMessageContaining("TwiceController")
				.hasMessageContaining("names the namespace \"/chat\" twice (as \"chat\")"));
		this.runner.withUserConfiguration(SameExpressionTwiceController.class)
			.run((context) -> assertThat(startupFailure(context)).hasMessageContaining("SameExpressionTwiceController")
				.hasMessageContaining("names the namespace \"/dyn-{id:\\d+}\" twice (as \"/dyn-{n:\\d+}\")"));
	}

	@Test
	void aControllerWithoutNamespacesFailsStartup() {
		this.runner.withUserConfiguration(NoNamespaceController.class)
			.run((context) -> assertThat(startupFailure(context)).hasMessageContaining("NoNamespaceController")
				.hasMessageContaining("names no namespace"));
	}

	@Test
	void theSameEventOnATemplateAndOnAStaticNamespaceItMatchesFailsStartupWhateverTheOrder() {
		this.runner.withUserConfiguration(StaticChildController.class, DynamicParentController.class)
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("Ambiguous @OnEvent(\"same\") handlers in namespace \"/dyn-1\"")
				.hasMessageContaining("the related namespace \"/dyn-{id:\\d+}\"")
				.hasMessageContaining("StaticChildController.child(")
				.hasMessageContaining("DynamicParentController.parent("));
		this.runner.withUserConfiguration(DynamicParentController.class, StaticChildController.class)
			.run((context) -> assertThat(startupFailure(context)).hasMessageContaining("Ambiguous @OnEvent(\"same\")"));
	}

	@Test
	void twoTemplatesOfTheSameExpressionShareTheirParentAndItsEvents() {
		this.runner.withUserConfiguration(DynamicParentController.class, OtherNameSameExpressionController.class)
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("Ambiguous @OnEvent(\"same\") handlers in namespace \"/dyn-{n:\\d+}\"")
				.hasMessageContaining("DynamicParentController.parent(")
				.hasMessageContaining("OtherNameSameExpressionController.other("));
	}

	@Test
	void aParameterThatNoResolverSupportsFailsStartupNamingTheMethodAndTheParameter() {
		this.runner.withUserConfiguration(CallerController.class)
			.run((context) -> assertThat(startupFailure(context)).hasMessageContaining("CallerController.connected(")
				.hasMessageContaining("parameter 1 (Caller caller) is taken by no built-in resolver and no"
						+ " SocketIOArgumentResolver bean")
				.hasMessageContaining("only @OnEvent methods receive event arguments"));
	}

	@Test
	void anArgumentResolverBeanResolvesAParameterNothingElseDoes() {
		this.runner.withUserConfiguration(CallerController.class)
			.withBean(CallerResolver.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aRegistrarCreatedWithoutResolversUsesTheResolverBeansOfTheContext() {
		this.runner.withUserConfiguration(CallerController.class, OwnRegistrarConfiguration.class)
			.withBean(CallerResolver.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(SocketIOControllerRegistrar.class)
				.isSameAs(context.getBean("ownRegistrar")));
	}

	private static Throwable startupFailure(AssertableReactiveWebApplicationContext context) {
		assertThat(context).hasFailed();
		return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
	}

	@SocketIOController("/scoped")
	@Scope(scopeName = "prototype", proxyMode = ScopedProxyMode.TARGET_CLASS)
	static class ScopedController {

		@OnEvent("scoped")
		String scoped(String text) {
			return text;
		}

	}

	@SocketIOController("/duplicates")
	static class FirstSameController {

		@OnEvent("same")
		String first(String text) {
			return text;
		}

	}

	@SocketIOController("/duplicates")
	static class SecondSameController {

		@OnEvent("same")
		String second(String text) {
			return text;
		}

	}

	@SocketIOController("/elsewhere")
	static class OtherNamespaceSameController {

		@OnEvent("same")
		String second(String text) {
			return text;
		}

	}

	@SocketIOController("/stream")
	static class FluxController {

		@OnEvent("numbers")
		Flux<Integer> stream() {
			return Flux.just(1, 2, 3);
		}

	}

	@SocketIOController("/workspace-{id}")
	static class UnknownVariableController {

		@OnEvent("open")
		String board(@NamespaceVariable("board") String board) {
			return board;
		}

	}

	@SocketIOController("/orders")
	static class ValidatingController {

		@OnEvent("order")
		String order(@Valid Order order) {
			return order.item();
		}

	}

	record Order(@NotBlank String item) {

	}

	@SocketIOController("/untyped")
	static class UntypedExceptionHandlerController {

		@SocketIOExceptionHandler
		Map<String, String> onError(SocketIOSocket socket) {
			return Map.of("error", socket.id());
		}

	}

	@SocketIOController("/bad-{id:(}")
	static class MalformedConstraintController {

	}

	@SocketIOController({ "/item-{id}", "/plain" })
	static class PartlyVariableController {

		@OnEvent("open")
		String open(@NamespaceVariable String id) {
			return id;
		}

	}

	@SocketIOController({ "/chat", "chat" })
	static class TwiceController {

	}

	@SocketIOController({ "/dyn-{id:\\d+}", "/dyn-{n:\\d+}" })
	static class SameExpressionTwiceController {

	}

	@SocketIOController({})
	static class NoNamespaceController {

	}

	@SocketIOController("/dyn-1")
	static class StaticChildController {

		@OnEvent("same")
		String child(String text) {
			return text;
		}

	}

	@SocketIOController("/dyn-{id:\\d+}")
	static class DynamicParentController {

		@OnEvent("same")
		String parent(String text) {
			return text;
		}

	}

	@SocketIOController("/dyn-{n:\\d+}")
	static class OtherNameSameExpressionController {

		@OnEvent("same")
		String other(String text) {
			return text;
		}

	}

	record Caller(String name) {

	}

	@SocketIOController("/callers")
	static class CallerController {

		@OnConnect
		void connected(SocketIOSocket socket, Caller caller) {
		}

	}

	static class CallerResolver implements SocketIOArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == Caller.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, SocketIOInvocation invocation) {
			return new Caller(invocation.socket().id());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRegistrarConfiguration {

		@Bean
		SocketIOControllerRegistrar ownRegistrar(ApplicationContext context, SocketIOServer server) {
			return new SocketIOControllerRegistrar(context, server, null);
		}

	}

	@SocketIOController("/reasons")
	static class DisconnectReasonOnEventController {

		@OnEvent("message")
		void message(String text, DisconnectReason reason) {
		}

	}

}
