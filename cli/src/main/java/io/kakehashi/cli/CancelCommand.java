package io.kakehashi.cli;

import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Path pidFile = settings.home.resolve("pids").resolve(r.runId() + ".pid");
    if (!Files.exists(pidFile)) throw new CliException("run " + r.runId() + " is not running here (no " + pidFile + ")");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .orElseThrow(() -> new CliException("the engine of run " + r.runId() + " (pid " + pid + ") is gone"));
    h.destroy(); // SIGTERM: the engine's shutdown hook cancels and records
    System.out.println("asked the engine of run " + r.runId() + " (pid " + pid + ") to cancel");
    return 0;
  }
}
