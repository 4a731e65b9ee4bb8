package io.kakehashi.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code kakehashi} command in a JVM of its own, so that a test can kill it with SIGKILL: home
 * {@code dir/home}, two local cores, output to {@code dir/engine.log}.
 */
final class ChildEngine {
  private ChildEngine() {}

  /** Starts {@code kakehashi args...}; {@code append} keeps the log of earlier starts. */
  static Process start(Path dir, boolean append, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", classPath(), Main.class.getName()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--home", dir.resolve("home").toString(), "-C", "local.cores=2"));
    ProcessBuilder.Redirect log = append ? ProcessBuilder.Redirect.appendTo(dir.resolve("engine.log").toFile())
        : ProcessBuilder.Redirect.to(dir.resolve("engine.log").toFile());
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
  }

  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null ? cp : System.getProperty("java.class.path");
  }
}
