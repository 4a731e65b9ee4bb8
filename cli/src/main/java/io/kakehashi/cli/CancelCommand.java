package io.kakehashi.cli;

import io.kakehashi.engine.EngineLock;
import io.kakehashi.engine.EngineOwner;
import io.kakehashi.event.RunState;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Asks the engine running RUN to stop: it cancels its running points and jobs, records that, and exits.")
final class CancelCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN")
  String run;

  @Mixin HomeOptions home;

  @Override
  public Integer call() throws IOException {
    Settings settings = home.settings();
    RunSummary r;
    try (RunStore store = RunStore.open(settings.storeFile())) {
      r = HomeOptions.findRun(store, run);
    }
    // The lock file's record is believed only while its process (pid and start time) lives:
    // after a kill -9 the pid may have gone to a stranger, who must not be signalled.
    EngineOwner owner = EngineLock.holder(settings.home).filter(o -> o.runId().equals(r.runId()))
        .orElseThrow(() -> new CliException("run " + r.runId() + " is not running: no engine drives it in "
            + settings.home + (r.state() == RunState.RUNNING ? " (its engine is gone; 'kakehashi resume "
            + r.runId() + "' continues it)" : "")));
    long pid = owner.pid();
    ProcessHandle h = owner.process()
        .orElseThrow(() -> new CliException("the engine of run " + r.runId() + " (pid " + pid + ") is gone"));
    h.destroy(); // SIGTERM: the engine's shutdown hook cancels and records
    System.out.println("asked the engine of run " + r.runId() + " (pid " + pid + ") to cancel");
    return 0;
  }
}
