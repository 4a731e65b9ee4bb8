package io.kakehashi.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code kakehashi} command run in this JVM as a user would type it, with its exit code and
 * what it printed; {@code --home} is added unless the arguments give one.
 */
record CliRun(int code, String out, String err) {
  static CliRun of(Path home, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      List<String> all = new ArrayList<>(List.of(args));
      if (!all.contains("--home")) all.addAll(List.of("--home", home.toString()));
      int code = Main.execute(all.toArray(String[]::new));
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
