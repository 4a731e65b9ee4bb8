package io.kakehashi.engine;

import io.kakehashi.event.Event;
import io.kakehashi.event.EventListener;
import io.kakehashi.store.RunStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's one stream of events. Events are collected while the engine thread handles a turn and
 * delivered together: to the run store first, which makes them durable in one transaction, then
 * to every other listener (the CLI's progress line, reports). Nothing is shown before it is stored.
 */
final class EventStream {
  private final RunStore store;
  private final List<EventListener> listeners;
  private final List<Event> pending = new ArrayList<>();

  EventStream(RunStore store, List<EventListener> listeners) {
    this.store = store;
    this.listeners = listeners;
  }

  void emit(Event e) {
    pending.add(e);
  }

  /** The store first (durable), then everyone else. */
  void flush() {
    if (pending.isEmpty()) return;
    List<Event> batch = List.copyOf(pending);
    pending.clear();
    store.onEvents(batch);
    for (EventListener l : listeners) {
      try {
        l.onEvents(batch);
      } catch (RuntimeException e) {
        // A broken display must not stop a run; the store already has the events.
        System.err.println("kakehashi: event listener failed: " + e);
      }
    }
  }
}
