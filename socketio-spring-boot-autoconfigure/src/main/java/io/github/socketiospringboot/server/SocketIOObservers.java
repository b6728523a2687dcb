package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.List;

import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.observe.SocketIOObserver;
import io.github.socketiospringboot.server.SocketIOOptions.Transport;
import org.jspecify.annotations.Nullable;

/**
 * Combines observers into one: {@link SocketIOObserver#NONE} for none, the observer
 * itself for one, and for several one that tells each in turn.
 */
final class SocketIOObservers {

	private SocketIOObservers() {
	}

	/**
	 * Combines observers.
	 * @param observers the observers, told in this order
	 * @return the combined observer
	 */
	public static SocketIOObserver of(List<? extends SocketIOObserver> observers) {
		List<SocketIOObserver> list = observers.stream()
			.filter((observer) -> observer != SocketIOObserver.NONE)
			.map(SocketIOObserver.class::cast)
			.toList();
		if (list.isEmpty()) {
			return SocketIOObserver.NONE;
		}
		if (list.size() == 1) {
			return list.get(0);
		}
		return new Composite(list.toArray(new SocketIOObserver[0]));
	}

	/**
	 * Combines two observers.
	 * @param first told first
	 * @param second told second
	 * @return the combined observer
	 */
	public static SocketIOObserver of(SocketIOObserver first, SocketIOObserver second) {
		return of(List.of(first, second));
	}

	/**
	 * Tells several observers in turn, one loop per hook written out: a loop shared by
	 * the hooks would take each call's arguments in a capturing lambda (an allocation per
	 * event) or boxed (the counts and sizes), on paths the server takes per packet. No
	 * observer and one observer never come here: {@link #of} returns
	 * {@link SocketIOObserver#NONE} or the observer itself.
	 */
	private static final class Composite implements SocketIOObserver {

		private final SocketIOObserver[] observers;

		Composite(SocketIOObserver[] observers) {
			this.observers = observers;
		}

		@Override
		public void onNamespaceCreated(Namespace namespace) {
			for (SocketIOObserver observer : this.observers) {
				observer.onNamespaceCreated(namespace);
			}
		}

		@Override
		public void onNamespaceRemoved(Namespace namespace) {
			for (SocketIOObserver observer : this.observers) {
				observer.onNamespaceRemoved(namespace);
			}
		}

		@Override
		public void onConnectionOpened(Connection connection, Transport transport) {
			for (SocketIOObserver observer : this.observers) {
				observer.onConnectionOpened(connection, transport);
			}
		}

		@Override
		public void onConnectionUpgraded(Connection connection, Transport from, Transport to) {
			for (SocketIOObserver observer : this.observers) {
				observer.onConnectionUpgraded(connection, from, to);
			}
		}

		@Override
		public void onConnectionClosed(Connection connection, Transport transport, DisconnectReason reason) {
			for (SocketIOObserver observer : this.observers) {
				observer.onConnectionClosed(connection, transport, reason);
			}
		}

		@Override
		public void onWriteCongested(Connection connection) {
			for (SocketIOObserver observer : this.observers) {
				observer.onWriteCongested(connection);
			}
		}

		@Override
		public void onWriteBufferClose(Connection connection) {
			for (SocketIOObserver observer : this.observers) {
				observer.onWriteBufferClose(connection);
			}
		}

		@Override
		public void onSocketConnected(SocketIOSocket socket, Connection connection, boolean recovered) {
			for (SocketIOObserver observer : this.observers) {
				observer.onSocketConnected(socket, connection, recovered);
			}
		}

		@Override
		public void onSocketDisconnected(SocketIOSocket socket, DisconnectReason reason) {
			for (SocketIOObserver observer : this.observers) {
				observer.onSocketDisconnected(socket, reason);
			}
		}

		@Override
		public void onEventReceived(SocketIOSocket socket, String event, long bytes) {
			for (SocketIOObserver observer : this.observers) {
				observer.onEventReceived(socket, event, bytes);
			}
		}

		@Override
		public void onEventsSent(Namespace namespace, String event, int recipients, long bytes) {
			for (SocketIOObserver observer : this.observers) {
				observer.onEventsSent(namespace, event, recipients, bytes);
			}
		}

		@Override
		public void onBroadcast(Namespace namespace, String event, int recipients) {
			for (SocketIOObserver observer : this.observers) {
				observer.onBroadcast(namespace, event, recipients);
			}
		}

		@Override
		public void onAckCollection(Namespace namespace, Duration duration, boolean complete, int missing) {
			for (SocketIOObserver observer : this.observers) {
				observer.onAckCollection(namespace, duration, complete, missing);
			}
		}

		@Override
		public void onPublished(ClusterMessage message) {
			for (SocketIOObserver observer : this.observers) {
				observer.onPublished(message);
			}
		}

		@Override
		public void onPublicationFailed(ClusterMessage message, Throwable error) {
			for (SocketIOObserver observer : this.observers) {
				observer.onPublicationFailed(message, error);
			}
		}

		@Override
		public void onRequestEnded(ClusterMessage request, Duration latency, @Nullable Throwable error) {
			for (SocketIOObserver observer : this.observers) {
				observer.onRequestEnded(request, latency, error);
			}
		}

		@Override
		public void onServerCount(String namespace, int count) {
			for (SocketIOObserver observer : this.observers) {
				observer.onServerCount(namespace, count);
			}
		}

	}

}
