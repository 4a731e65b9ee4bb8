package io.kakehashi.bench.screen;

import io.kakehashi.campaigns.alloy.AlloyCampaign;
import io.kakehashi.campaigns.alloy.AlloyScreening;
import io.kakehashi.campaigns.alloy.FamilyCalibration;
import io.kakehashi.campaigns.alloy.ShippedModel;
import io.kakehashi.campaigns.alloy.screen.ScreenSpec;
import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.screen.SparkScreening;
import io.kakehashi.spark.SparkSessions;
import io.kakehashi.workflow.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The alloy campaign's screen on three engines, side by side in alternating rounds: the screen
 * step's in-process threads, the same range as a Spark job on the embedded {@code local[*]}
 * session, and as a Spark job on a standalone cluster ({@code scripts/spark-local.sh start}).
 * Each engine screens the campaign's default range with the campaign's model and gate; the
 * picks are compared, so a faster engine that answers differently fails the bench.
 *
 * <pre>
 * scripts/spark-local.sh start
 * java ... io.kakehashi.bench.screen.ScreenEnginesBench --model HOME/work/train-3/.../model/mixing-energy/v1/model.json
 *     [--candidates 10000000] [--rounds 3] [--master spark://127.0.0.1:7077]
 * </pre>
 *
 * <p>Times are wall seconds of the screen call alone (the Spark session is created before it).
 * On the cluster each round screens twice: first in a new application, whose executors start,
 * load the model and compile the kernels inside the timed call as a campaign's screen does, then
 * again in the same application.
 */
public final class ScreenEnginesBench {
  private ScreenEnginesBench() {}

  private interface Engine {
    Screening.Result screen() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = options(args);
    Path modelFile = Path.of(require(a, "model"));
    long candidates = Long.parseLong(a.getOrDefault("candidates", "10000000"));
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
    String master = a.get("master");

    AlloyCampaign campaign = new AlloyCampaign();
    Map<String, String> params = Map.of("screen", Long.toString(candidates));
    Params point = campaign.define(params).steps().get(AlloyScreening.SCREEN).sweep().points().get(0);
    ScreenSpec spec = ScreenSpec.fromParams(point);
    AlloyScreening.Surrogate surrogate = campaign.surrogate(params);
    List<String> names = spec.descriptors().names();
    Screening.BlockModel model = surrogate.load(modelFile, names, FamilyCalibration.NONE);
    ShippedModel shipped = ShippedModel.of(surrogate, modelFile, names, FamilyCalibration.NONE);
    int threads = Runtime.getRuntime().availableProcessors();
    int block = 256;
    long seed = spec.seed() + 1;

    Map<String, Engine> engines = new LinkedHashMap<>();
    engines.put("in-process, " + threads + " threads", () -> {
      session(Map.of());
      return Screening.screenParallel(threads, spec::screening, model::forAnotherThread, spec.first(), spec.count(), block, spec.bins(), spec.topK(), spec.randomSample(),
          seed);
    });
    engines.put("Spark local[*]", () -> SparkScreening.screen(session(Map.of()), spec, shipped, model, block, seed,
        n -> {}));
    if (master != null) {
      Map<String, String> cluster = Map.of(SparkSessions.MASTER, master, "spark.ui.enabled", "false");
      // A new application: executors start, load the model and compile, as in a campaign's screen.
      engines.put("Spark cluster, new application", () -> {
        SparkSessions.stop();
        return SparkScreening.screen(session(cluster), spec, shipped, model, block, seed, n -> {});
      });
      // The same application again: what screens after the first cost (a larger range amortises it).
      engines.put("Spark cluster, same application", () -> SparkScreening.screen(session(cluster), spec, shipped,
          model, block, seed, n -> {}));
    }

    System.out.printf(Locale.ROOT, "%,d candidates, model %s, %d rounds, engines alternating%n", candidates,
        modelFile, rounds);
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Screening.Result reference = null;
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, Engine> e : engines.entrySet()) {
        Screening.Result result = e.getValue().screen();
        if (reference == null) {
          reference = result;
        } else if (!reference.top().equals(result.top()) || !reference.uncertain().equals(result.uncertain())
            || !reference.sample().equals(result.sample())) {
          throw new IllegalStateException(e.getKey() + " picked differently from the first engine");
        }
        seconds.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(result.seconds());
        System.out.printf(Locale.ROOT, "round %d  %-36s %8.2f s%n", r + 1, e.getKey(), result.seconds());
      }
    }
    SparkSessions.stop();

    double base = median(seconds.values().iterator().next());
    System.out.printf(Locale.ROOT, "%n| engine | min s | median s | max s | candidates/s (median) | vs in-process |%n");
    System.out.printf("|---|---:|---:|---:|---:|---:|%n");
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      double[] s = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double med = median(e.getValue());
      System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %,.0f | %.2fx |%n", e.getKey(), s[0], med,
          s[s.length - 1], candidates / med, base / med);
    }
    System.out.println("\nAll engines gave the same picks, uncertain picks and control sample.");
  }

  /** The shared session with these settings, restarted when they change. */
  private static org.apache.spark.sql.SparkSession session(Map<String, String> settings) {
    if (!SparkSessions.settings(settings).equals(SparkSessions.settings(current))) {
      SparkSessions.stop();
      SparkSessions.configure(settings);
      current = settings;
    }
    org.apache.spark.sql.SparkSession spark = SparkSessions.shared();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  private static Map<String, String> current = Map.of();

  private static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option value, got " + Arrays.toString(args));
      m.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) throw new IllegalArgumentException("every option needs a value: " + Arrays.toString(args));
    return m;
  }

  private static String require(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) throw new IllegalArgumentException("--" + key + " is required (a model.json of an alloy-screening run)");
    return v;
  }
}
