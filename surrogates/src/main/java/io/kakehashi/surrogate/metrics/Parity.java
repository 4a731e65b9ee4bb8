package io.kakehashi.surrogate.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** True versus predicted values (with σ) of one target on held-out rows: the data of a parity plot. */
public record Parity(String target, double[] truth, double[] predicted, double[] sigma) {
  public Parity {
    truth = truth.clone();
    predicted = predicted.clone();
    sigma = sigma.clone();
    if (truth.length != predicted.length || truth.length != sigma.length) {
      throw new IllegalArgumentException(target + ": parity arrays differ in length");
    }
  }

  /** Writes {@code target,truth,predicted,sigma} rows for every target, for the report's plots. */
  public static void writeCsv(List<Parity> parities, Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("target,truth,predicted,sigma");
      out.newLine();
      for (Parity p : parities) {
        for (int i = 0; i < p.truth.length; i++) {
          out.write(p.target + "," + p.truth[i] + "," + p.predicted[i] + "," + p.sigma[i]);
          out.newLine();
        }
      }
    }
  }
}
