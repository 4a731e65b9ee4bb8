package io.kakehashi.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Report charts drawn with XChart and inlined as SVG, so the report needs no network to view. */
final class Charts {
  private static final int WIDTH = 620;
  private static final int HEIGHT = 420;

  private Charts() {}

  static String scatter(String title, String xLabel, String yLabel, double[] x, double[] y, double[] sigma,
                        boolean diagonal) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    style(c);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setMarkerSize(4);
    XYSeries s = sigma == null ? c.addSeries("points", x, y) : c.addSeries("points", x, y, sigma);
    s.setMarkerColor(new Color(31, 119, 180, 160));
    if (diagonal && x.length > 0) {
      double lo = Math.min(min(x), min(y));
      double hi = Math.max(max(x), max(y));
      XYSeries d = c.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
      d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      d.setMarker(SeriesMarkers.NONE);
      d.setLineColor(Color.GRAY);
    }
    return svg(c);
  }

  static String lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    style(c);
    c.getStyler().setLegendVisible(true);
    series.forEach((name, y) -> c.addSeries(name, x, y));
    return svg(c);
  }

  static String histogram(String title, String xLabel, double[] values, int bins) {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
        .yAxisTitle("count").build();
    style(c);
    c.getStyler().setAvailableSpaceFill(0.98);
    c.getStyler().setOverlapped(true);
    c.getStyler().setXAxisDecimalPattern("0.###");
    c.getStyler().setXAxisLabelRotation(45);
    // One label per bin overlaps at 30 bins in this width; every third bin's centre is enough to read it.
    c.getStyler().setXAxisMaxLabelCount(Math.min(bins, 11));
    List<Double> data = new ArrayList<>(values.length);
    for (double v : values) data.add(v);
    if (data.isEmpty()) data.add(0.0);
    double lo = min(values);
    double hi = max(values);
    if (!(hi > lo)) {
      lo -= 0.5;
      hi += 0.5;
    }
    Histogram h = new Histogram(data, Math.max(1, bins), lo, hi);
    c.addSeries("count", h.getxAxisData(), h.getyAxisData());
    return svg(c);
  }

  private static void style(Chart<?, ?> c) {
    Styler s = c.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendVisible(false);
    s.setChartTitleBoxVisible(false);
    if (s instanceof AxesChartStyler a) a.setPlotGridLinesColor(new Color(230, 230, 230));
  }

  private static String svg(Chart<?, ?> c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(c, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new IllegalStateException("drawing chart '" + c.getTitle() + "': " + e.getMessage(), e);
    }
    String s = out.toString(StandardCharsets.UTF_8);
    int start = s.indexOf("<svg");
    return start < 0 ? s : s.substring(start);
  }

  static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double d : v) m = Math.min(m, d);
    return v.length == 0 ? 0 : m;
  }

  static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double d : v) m = Math.max(m, d);
    return v.length == 0 ? 1 : m;
  }
}
