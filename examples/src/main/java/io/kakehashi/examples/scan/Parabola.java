package io.kakehashi.examples.scan;

/** Least-squares fit of y = c0 + c1 x + c2 x^2. */
final class Parabola {
  private Parabola() {}

  static double[] fit(double[] x, double[] y) {
    if (x.length < 3) throw new IllegalArgumentException("a parabola needs at least 3 points, got " + x.length);
    double[][] m = new double[3][4];
    for (int i = 0; i < x.length; i++) {
      double[] row = {1, x[i], x[i] * x[i]};
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) m[r][c] += row[r] * row[c];
        m[r][3] += row[r] * y[i];
      }
    }
    for (int p = 0; p < 3; p++) {
      int best = p;
      for (int r = p + 1; r < 3; r++) if (Math.abs(m[r][p]) > Math.abs(m[best][p])) best = r;
      double[] t = m[p];
      m[p] = m[best];
      m[best] = t;
      for (int r = 0; r < 3; r++) {
        if (r == p) continue;
        double f = m[r][p] / m[p][p];
        for (int c = p; c < 4; c++) m[r][c] -= f * m[p][c];
      }
    }
    return new double[] {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
  }
}
