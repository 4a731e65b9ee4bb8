package io.kakehashi.surrogate.metrics;

import com.univocity.parsers.csv.CsvWriter;
import io.kakehashi.surrogate.data.Csv;
import java.io.IOException;
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
    CsvWriter out = Csv.write(file);
    try {
      out.writeHeaders("target", "truth", "predicted", "sigma");
      for (Parity p : parities) {
        for (int i = 0; i < p.truth.length; i++) {
          out.writeRow(p.target, Double.toString(p.truth[i]), Double.toString(p.predicted[i]),
              Double.toString(p.sigma[i]));
        }
      }
    } finally {
      out.close();
    }
  }
}
