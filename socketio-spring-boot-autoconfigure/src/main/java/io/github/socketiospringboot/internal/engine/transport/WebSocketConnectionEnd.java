package io.github.socketiospringboot.internal.engine.transport;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.util.context.Context;

/**
 * The end of one WebSocket connection, as Reactor Netty signals it: the completion of the
 * connection's handler, which tells the transport how the connection ended. Its frames
 * never get here (the {@link WebSocketFrameReader} takes them all, and Reactor Netty
 * answers pings and close frames), so the inbound flux it subscribes to only carries the
 * end. One object per connection where a chain of operators would hold half a dozen.
 */
final class WebSocketConnectionEnd extends Mono<Void> implements CoreSubscriber<WebSocketFrame>, Subscription {

	private static final AtomicIntegerFieldUpdater<WebSocketConnectionEnd> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(WebSocketConnectionEnd.class, "ended");

	private final WebSocketTransport transport;

	private final Flux<WebSocketFrame> inbound;

	private @Nullable CoreSubscriber<? super Void> actual;

	private @Nullable Subscription upstream;

	private volatile int ended;

	WebSocketConnectionEnd(WebSocketTransport transport, WebsocketInbound inbound) {
		this.transport = transport;
		this.inbound = inbound.receiveFrames();
	}

	@Override
	public void subscribe(CoreSubscriber<? super Void> actual) {
		if (this.actual != null) {
			Operators.error(actual, new IllegalStateException("A connection is read once"));
			return;
		}
		this.actual = actual;
		this.inbound.subscribe(this);
	}

	@Override
	public Context currentContext() {
		CoreSubscriber<? super Void> subscriber = this.actual;
		return (subscriber != null) ? subscriber.currentContext() : Context.empty();
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.upstream = subscription;
		requireNonNull(this.actual).onSubscribe(this);
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(WebSocketFrame frame) {
		// nothing the transport reads comes this way; Reactor Netty releases what does
	}

	@Override
	public void onError(Throwable error) {
		end(error);
	}

	@Override
	public void onComplete() {
		end(null);
	}

	private void end(@Nullable Throwable error) {
		if (!ENDED.compareAndSet(this, 0, 1)) {
			return;
		}
		try {
			if (error != null) {
				this.transport.onConnectionFailed(error);
			}
			requireNonNull(this.actual).onComplete();
		}
		finally {
			this.transport.onConnectionEnd();
		}
	}

	@Override
	public void request(long n) {
		// completes without a value: nothing to ask for
	}

	@Override
	public void cancel() {
		Subscription subscription = this.upstream;
		if (subscription != null) {
			subscription.cancel();
		}
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.transport.onConnectionEnd();
		}
	}

	private static <T> T requireNonNull(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("Not subscribed");
		}
		return value;
	}

}
