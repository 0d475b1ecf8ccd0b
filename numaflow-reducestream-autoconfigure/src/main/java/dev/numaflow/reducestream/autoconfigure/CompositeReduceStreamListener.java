package dev.numaflow.reducestream.autoconfigure;

import java.util.List;

import dev.numaflow.reducestream.server.ReduceStreamListener;

/**
 * Tells several listeners, in order, when the application has more than one (the meters
 * and a user's own).
 */
final class CompositeReduceStreamListener implements ReduceStreamListener {

	private final ReduceStreamListener[] listeners;

	CompositeReduceStreamListener(List<ReduceStreamListener> listeners) {
		this.listeners = listeners.toArray(new ReduceStreamListener[0]);
	}

	@Override
	public void streamOpened() {
		for (ReduceStreamListener listener : this.listeners) {
			listener.streamOpened();
		}
	}

	@Override
	public void streamClosed(Outcome outcome) {
		for (ReduceStreamListener listener : this.listeners) {
			listener.streamClosed(outcome);
		}
	}

	@Override
	public void keySetOpened() {
		for (ReduceStreamListener listener : this.listeners) {
			listener.keySetOpened();
		}
	}

	@Override
	public void keySetClosed() {
		for (ReduceStreamListener listener : this.listeners) {
			listener.keySetClosed();
		}
	}

	@Override
	public void datumReceived(long watermarkMillis) {
		for (ReduceStreamListener listener : this.listeners) {
			listener.datumReceived(watermarkMillis);
		}
	}

	@Override
	public void handlerCompleted(long nanos) {
		for (ReduceStreamListener listener : this.listeners) {
			listener.handlerCompleted(nanos);
		}
	}

	@Override
	public void resultSent() {
		for (ReduceStreamListener listener : this.listeners) {
			listener.resultSent();
		}
	}

	@Override
	public void error(ErrorKind kind) {
		for (ReduceStreamListener listener : this.listeners) {
			listener.error(kind);
		}
	}

}
