package io.kakehashi.slurm;

import io.kakehashi.executor.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The files through which a Slurm point outlives the engine that submitted it. Before a submit,
 * each point's work dir gets an intent file naming the array's comment tag and the point's index
 * in it; after the submit the file also names the job id. The batch script writes the point's exit
 * status into {@link Task#EXIT_MARKER}. A restarted engine finds its jobs by the tag (or the id),
 * and a job that slurmctld forgot is decided by its marker alone.
 */
final class IntentFiles {
  /** In each point's work dir: {@code tag=...}, {@code index=...} and, once known, {@code job=...}. */
  static final String INTENT_FILE = ".kakehashi-slurm";
  /** Beside the points' work dirs: Slurm's own output of each element (the points' go to their dirs). */
  static final String LOG_DIR = ".slurm-logs";

  /** What an intent file says; {@code jobId} is -1 until the submit returned. */
  record Intent(String tag, int index, long jobId) {
    /** The element id ({@code 1234_5}) if the job id is known, else null. */
    String elementId() {
      return jobId > 0 ? jobId + "_" + index : null;
    }
  }

  private IntentFiles() {}

  /** Written before the submit: a crash after it leaves a tag that can be looked up. */
  static void writeIntent(Task t, String tag, int index) throws IOException {
    Files.createDirectories(t.workDir());
    Files.deleteIfExists(t.exitMarker());
    writeAtomically(t.workDir().resolve(INTENT_FILE), "tag=" + tag + "\nindex=" + index + "\n");
  }

  /** Written after the submit; failing to write it costs a lookup by tag, nothing more. */
  static void writeSubmitted(Task t, String tag, int index, long jobId) {
    try {
      writeAtomically(t.workDir().resolve(INTENT_FILE), "tag=" + tag + "\nindex=" + index + "\njob=" + jobId + "\n");
    } catch (IOException e) {
      // The tag alone still finds the job again; the job id only saves a lookup.
    }
  }

  /** The point's intent, or null when this executor never submitted it (as far as the files show). */
  static Intent read(Task t) {
    Map<String, String> m = new HashMap<>();
    try {
      for (String line : Files.readAllLines(t.workDir().resolve(INTENT_FILE))) {
        int eq = line.indexOf('=');
        if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    } catch (IOException e) {
      return null;
    }
    if (!m.containsKey("index") || !m.containsKey("tag")) return null;
    try {
      return new Intent(m.get("tag"), Integer.parseInt(m.get("index")),
          m.containsKey("job") ? Long.parseLong(m.get("job")) : -1);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The exit status the batch script wrote for the point, or null if it wrote none (yet). Only a
   * whole line counts: the script writes the marker in place, so a reader may find it empty or, on
   * a shared file system, cut short before its newline.
   */
  static Integer readMarker(Task t) {
    try {
      String text = Files.readString(t.exitMarker(), StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      return end < 0 ? null : Integer.valueOf(text.substring(0, end).strip());
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
