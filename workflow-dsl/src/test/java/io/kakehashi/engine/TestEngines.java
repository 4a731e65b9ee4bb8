package io.kakehashi.engine;

import io.kakehashi.event.Event;
import io.kakehashi.executor.Executor;
import io.kakehashi.store.RunStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Engines on a temporary directory for tests, recording every event they emit. */
public final class TestEngines {
  private TestEngines() {}

  public record Fixture(Engine engine, RunStore store, List<Event> events) implements AutoCloseable {
    @Override
    public void close() {
      engine.close();
      store.close();
    }
  }

  public static Fixture create(Path dir, Executor... executors) {
    RunStore store = RunStore.open(dir.resolve("runs.db"));
    List<Event> events = Collections.synchronizedList(new ArrayList<>());
    Engine.Builder b = Engine.builder().store(store).workRoot(dir.resolve("work")).listener(events::addAll);
    for (Executor e : executors) b.executor(e);
    return new Fixture(b.build(), store, events);
  }
}
