package io.kakehashi.event;

import java.util.List;

/** Receives events in batches, in the order they happened, on the engine's thread. Keep it quick. */
@FunctionalInterface
public interface EventListener {
  void onEvents(List<Event> events);
}
