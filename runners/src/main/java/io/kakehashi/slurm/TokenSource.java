package io.kakehashi.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the Slurm JWT comes from: a fixed token (such as {@code SLURM_JWT}), a command that prints
 * one (such as {@code scontrol token lifespan=3600}, printing {@code SLURM_JWT=...}), or both: the
 * command then refreshes a token that slurmrestd rejected. The command is run as an argument
 * vector, never through a shell.
 */
public final class TokenSource {
  /** At most one refresh per this period: 22.05 reports a down controller like a bad token. */
  private static final long MIN_REFRESH_NANOS = 5_000_000_000L;

  private final List<String> command;
  private Secret current;
  private long lastRefresh;
  private boolean refreshed;

  private TokenSource(Secret initial, List<String> command) {
    this.current = initial;
    this.command = List.copyOf(command);
  }

  public static TokenSource fixed(Secret token) {
    return new TokenSource(token, List.of());
  }

  /** A token from {@code command}, run again whenever slurmrestd rejects the token. */
  public static TokenSource command(List<String> command) {
    if (command.isEmpty()) throw new IllegalArgumentException("empty token command");
    return new TokenSource(null, command);
  }

  /** Starts with {@code initial} (may be null) and refreshes with {@code command} (may be empty). */
  public static TokenSource of(Secret initial, List<String> command) {
    if (initial == null && command.isEmpty()) {
      throw new IllegalArgumentException("no Slurm token: set SLURM_JWT or configure token-command");
    }
    return new TokenSource(initial, command);
  }

  /** The token to send, fetching one first if there is none yet. */
  synchronized Secret current() {
    if (current == null) current = run();
    return current;
  }

  /**
   * Replaces {@code rejected} by a fresh token; returns null when no command can make one. Callers
   * racing on the same rejected token share one refresh.
   */
  synchronized Secret refresh(Secret rejected) {
    if (command.isEmpty()) return null;
    if (current != rejected && current != null) return current;
    if (refreshed && System.nanoTime() - lastRefresh < MIN_REFRESH_NANOS) return current;
    current = run();
    refreshed = true;
    lastRefresh = System.nanoTime();
    return current;
  }

  boolean canRefresh() {
    return !command.isEmpty();
  }

  private Secret run() {
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      // A stale SLURM_JWT in the environment makes `scontrol token` itself fail.
      pb.environment().remove("SLURM_JWT");
      p = pb.start();
    } catch (IOException e) {
      throw new SlurmException("token command " + command.get(0) + " could not start: " + e.getMessage());
    }
    try (InputStream out = p.getInputStream(); InputStream err = p.getErrorStream()) {
      String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      String errText = new String(err.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SlurmException("token command " + command.get(0) + " did not end within 60 s");
      }
      // The output is the secret: only the exit status and stderr may go into a message.
      if (p.exitValue() != 0) {
        throw new SlurmException("token command " + command.get(0) + " failed with exit status "
            + p.exitValue() + (errText.isEmpty() ? "" : ": " + errText));
      }
      String token = text.strip();
      int eq = token.lastIndexOf("SLURM_JWT=");
      if (eq >= 0) token = token.substring(eq + "SLURM_JWT=".length()).strip();
      if (token.isEmpty() || token.contains("\n") || token.contains(" ")) {
        throw new SlurmException("token command " + command.get(0)
            + " printed no token (expected SLURM_JWT=<token> or the token alone)");
      }
      return Secret.of(token);
    } catch (IOException e) {
      throw new SlurmException("token command " + command.get(0) + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlurmException("interrupted while running token command " + command.get(0));
    }
  }

  @Override
  public String toString() {
    return "TokenSource[command=" + (command.isEmpty() ? "none" : command.get(0)) + ", token=***]";
  }
}
