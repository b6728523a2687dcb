package io.github.socketiospringboot.internal.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every input of protocol.md §3.6 that the decoder itself can tell is invalid ends in a
 * {@link SocketIOProtocolException}, upon which the server closes the connection. (The
 * decoder sees a message without its Engine.IO type: {@code 4abc} on the wire is
 * {@code abc} here.)
 */
class PacketDecoderRejectionTests {

	private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

	private final PacketDecoder decoder = new PacketDecoder(JsonMapper.shared(), 10);

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "abc", "7", "9[\"x\"]", "" })
	void unknownPacketTypesAreRejected(String text) {
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode(text));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "2{}", "2[]", "2", "2\"x\"", "2[null]", "2[true]", "2[{\"a\":1}]", "2[[\"x\"]]" })
	void eventsThatAreNotAnArrayHeadedByANameAreRejected(String text) {
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode(text));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(
			strings = { "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener" })
	void reservedEventNamesAreRejected(String name) {
		assertThatExceptionOfType(SocketIOProtocolException.class)
			.isThrownBy(() -> this.decoder.decode("2[\"" + name + "\"]"));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "0[\"x\"]", "0\"token\"", "0/custom,[1]", "0{" })
	void connectWhosePayloadIsNotAnObjectIsRejected(String text) {
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode(text));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "1{}", "1[]", "1/custom,{}", "1\"bye\"" })
	void disconnectWithAPayloadIsRejected(String text) {
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode(text));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "31{}", "31\"x\"", "61-1" + PH0 })
	void ackWhosePayloadIsNotAnArrayIsRejected(String text) {
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode(text));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "2abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]", "2/nsp,abc[\"x\"]", "212a[\"x\"]",
			"2[\"x\",1", "2[\"x\"]junk", "21234567890123456[\"x\"]" })
	void junkWhereTheAckIdOrTheJsonShouldBeIsRejected(String text) {
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode(text));
	}

	@Test
	void moreAttachmentsThanTheLimitAreRejected() {
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode("511-[\"x\"]"))
			.withMessageContaining("too many attachments");
		assertThat(this.decoder.isAwaitingAttachments()).isFalse();
	}

	@Test
	void theAttachmentLimitIsTheDecodersSetting() {
		PacketDecoder strict = new PacketDecoder(JsonMapper.shared(), 1);
		assertThatExceptionOfType(SocketIOProtocolException.class)
			.isThrownBy(() -> strict.decode("52-[\"x\"," + PH0 + "," + PH0 + "]"));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "51[\"x\"," + PH0 + "]", "5-[\"x\"]", "5a-[\"x\"]", "51a-[\"x\"]", "5-1-[\"x\"]",
			"61/nsp,1[" + PH0 + "]", "5", "599999999999-[\"x\"]" })
	void attachmentHeadersWithoutAValidCountAndDashAreRejected(String text) {
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode(text));
	}

	@Test
	void binaryMessageWithNoPendingBinaryHeaderIsRejected() {
		assertThatExceptionOfType(SocketIOProtocolException.class)
			.isThrownBy(() -> this.decoder.decodeBinary(new byte[] { 1, 2, 3 }));
	}

	@Test
	void binaryMessageAfterTheLastAttachmentIsRejected() {
		this.decoder.decode("51-[\"x\"," + PH0 + "]");
		assertThat(this.decoder.decodeBinary(new byte[] { 1 })).isNotNull();
		assertThatExceptionOfType(SocketIOProtocolException.class)
			.isThrownBy(() -> this.decoder.decodeBinary(new byte[] { 2 }));
	}

	@Test
	void textWhileAttachmentsAreAwaitedIsRejected() {
		this.decoder.decode("52-[\"x\"," + PH0 + ",{\"_placeholder\":true,\"num\":1}]");
		this.decoder.decodeBinary(new byte[] { 1 });
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode("2[\"y\"]"))
			.withMessageContaining("plaintext");
	}

	@ParameterizedTest(name = "[{index}] num {0}")
	@ValueSource(strings = { "1", "-1", "\"0\"", "0.5", "null", "99" })
	void placeholderNumberOutOfRangeIsRejectedOnceTheAttachmentsAreIn(String num) {
		assertThat(this.decoder.decode("51-[\"x\",{\"_placeholder\":true,\"num\":" + num + "}]")).isNull();
		assertThatExceptionOfType(SocketIOProtocolException.class)
			.isThrownBy(() -> this.decoder.decodeBinary(new byte[] { 1 }));
		assertThat(this.decoder.isAwaitingAttachments()).as("reset after the failure").isFalse();
	}

	@Test
	void placeholderWithoutANumberIsRejected() {
		this.decoder.decode("51-[\"x\",{\"_placeholder\":true}]");
		assertThatExceptionOfType(SocketIOProtocolException.class)
			.isThrownBy(() -> this.decoder.decodeBinary(new byte[] { 1 }));
	}

	@Test
	void connectErrorIsOnlyValidWithAMessageButTheDecoderAcceptsItsShape() {
		// the decoder accepts a well-formed CONNECT_ERROR; the server refuses it from a
		// client (see InvalidInputTests)
		assertThat(this.decoder.decode("4{\"message\":\"x\"}")).isNotNull();
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode("4"));
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode("4[1]"));
	}

	@Test
	void ackIdsAreLimitedToFifteenDigitsWhichEveryJavaScriptNumberHoldsExactly() {
		// Node parses any run of digits with Number(): past 2^53 the id it answers with
		// is not
		// the client's. Clients count from 0 per connection, so 15 digits is never
		// reached.
		assertThat(this.decoder.decode("2999999999999999[\"x\"]").ackId()).isEqualTo(999_999_999_999_999L);
		assertThatExceptionOfType(SocketIOProtocolException.class)
			.isThrownBy(() -> this.decoder.decode("21000000000000000[\"x\"]"))
			.withMessage("invalid ack id");
	}

	@Test
	void payloadsNestedDeeperThanTheMappersLimitAreRejected() {
		// Jackson 3's default StreamReadConstraints: 500 levels (Node's JSON.parse has no
		// such limit)
		String deepest = "2[\"x\"," + "[".repeat(498) + "]".repeat(498) + "]";
		String tooDeep = "2[\"x\"," + "[".repeat(500) + "]".repeat(500) + "]";
		assertThat(this.decoder.decode(deepest)).isNotNull();
		assertThatExceptionOfType(SocketIOProtocolException.class).isThrownBy(() -> this.decoder.decode(tooDeep))
			.withMessage("invalid payload");
	}

}
