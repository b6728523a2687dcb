package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

import io.github.socketiospringboot.adapter.AckCollector;
import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.LocalSocket;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * The part this server plays in a broadcast with acknowledgements another server asked
 * for: it reports how many of its clients got the broadcast, then each client's answer
 * (only its first argument crosses servers), and forgets the answers still awaited once
 * the broadcast's timeout has passed.
 */
final class RemoteAckRequest implements AckCollector {

	private final IntConsumer count;

	private final BiConsumer<String, @Nullable JsonNode> ack;

	/**
	 * The longest a remote broadcast's answers are awaited here, whatever timeout its
	 * message names: what a message from the bus asks for is bounded.
	 */
	static final Duration MAX_TIMEOUT = Duration.ofHours(1);

	private volatile List<LocalSocket> recipients = List.of();

	/** The recipients that have not answered yet. */
	private final AtomicInteger unanswered = new AtomicInteger();

	private volatile @Nullable Disposable expiry;

	/**
	 * Creates the request's local part.
	 * @param count publishes this server's number of recipients
	 * @param ack publishes one answer: the socket id and the first argument, or
	 * {@code null} when the client answered without arguments
	 */
	RemoteAckRequest(IntConsumer count, BiConsumer<String, @Nullable JsonNode> ack) {
		this.count = count;
		this.ack = ack;
	}

	@Override
	public void onLocalRecipients(List<LocalSocket> sockets) {
		this.recipients = List.copyOf(sockets);
		this.unanswered.set(sockets.size());
	}

	@Override
	public void onClientCount(int count) {
		this.count.accept(count);
	}

	@Override
	public void onAck(String socketId, JsonNode args) {
		this.ack.accept(socketId, (args.isArray() && !args.isEmpty()) ? args.get(0) : null);
		if (this.unanswered.decrementAndGet() == 0) {
			// every recipient answered: nothing left to forget, nor to hold until then
			Disposable timer = this.expiry;
			if (timer != null) {
				timer.dispose();
			}
		}
	}

	/**
	 * Forgets, after the timeout, the answers of the recipients that did not answer.
	 * @param timer the namespace's timer
	 * @param ackId the broadcast's acknowledgement id on this server
	 * @param timeout the broadcast's timeout
	 */
	void expireAfter(AdapterHost timer, long ackId, Duration timeout) {
		if (this.recipients.isEmpty() || this.unanswered.get() <= 0) {
			return;
		}
		Duration bounded = (timeout.compareTo(MAX_TIMEOUT) > 0) ? MAX_TIMEOUT : timeout;
		Disposable scheduled = timer.schedule(() -> this.recipients.forEach((socket) -> socket.cancelAck(ackId)),
				bounded);
		this.expiry = scheduled;
		if (this.unanswered.get() <= 0) {
			// the last answer came meanwhile
			scheduled.dispose();
		}
	}

}
