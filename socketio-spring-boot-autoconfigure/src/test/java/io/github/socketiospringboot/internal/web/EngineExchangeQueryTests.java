package io.github.socketiospringboot.internal.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query parameter read straight from the raw query, decoded as WebFlux decodes the
 * query's names and values.
 */
class EngineExchangeQueryTests {

	@Test
	void theFirstValueOfTheParameterIsFound() {
		String query = "EIO=4&transport=websocket&t=abc&transport=polling";

		assertThat(EngineExchange.queryParam(query, "EIO")).isEqualTo("4");
		assertThat(EngineExchange.queryParam(query, "transport")).isEqualTo("websocket");
		assertThat(EngineExchange.queryParam(query, "t")).isEqualTo("abc");
		assertThat(EngineExchange.queryParam(query, "sid")).isNull();
		assertThat(EngineExchange.queryParam(null, "sid")).isNull();
	}

	@Test
	void aNameIsMatchedWholeNotByItsStart() {
		String query = "transports=a&transportx=b&transpor=c&transport=d";

		assertThat(EngineExchange.queryParam(query, "transport")).isEqualTo("d");
		assertThat(EngineExchange.queryParam("ab=1", "abc")).isNull();
	}

	@Test
	void encodedNamesAndValuesAreDecoded() {
		assertThat(EngineExchange.queryParam("%74ransport=web%73ocket", "transport")).isEqualTo("websocket");
		assertThat(EngineExchange.queryParam("a+b=c+d&x=1", "a b")).isEqualTo("c d");
		assertThat(EngineExchange.queryParam("room=a%26b", "room")).isEqualTo("a&b");
		assertThat(EngineExchange.queryParam("%C3%A9=%C3%A9", "\u00e9")).isEqualTo("\u00e9");
	}

	@Test
	void aParameterWithoutValueIsEmptyWithItsEqualsSignAndAbsentWithout() {
		assertThat(EngineExchange.queryParam("sid=&EIO=4", "sid")).isEmpty();
		assertThat(EngineExchange.queryParam("sid&EIO=4", "sid")).isNull();
		assertThat(EngineExchange.queryParam("&&=x&EIO=4", "EIO")).isEqualTo("4");
	}

}
