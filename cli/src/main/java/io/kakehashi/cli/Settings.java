package io.kakehashi.cli;

import io.kakehashi.executor.Executor;
import io.kakehashi.executor.ExecutorFactory;
import io.kakehashi.workflow.DidYouMean;
import io.kakehashi.workflow.Workflow;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where runs live and how steps are executed: {@code <home>/runs.db}, {@code <home>/work}, and
 * flat keys from {@code <home>/kakehashi.properties}, {@code --config FILE} and {@code -C key=value}
 * (later wins). {@code executor} picks the default executor for command and MPI steps;
 * {@code executor.<step>} routes one step; {@code <executor>.<key>} configures an executor
 * ({@code local.cores}, {@code slurm.url}...); {@code spark.*} configures Spark.
 */
final class Settings {
  final Path home;
  final Map<String, String> values;

  Settings(Path home, Map<String, String> values) {
    this.home = home.toAbsolutePath();
    this.values = Map.copyOf(values);
  }

  static Settings load(Path home, Path configFile, Map<String, String> overrides) {
    Map<String, String> v = new TreeMap<>();
    Path defaults = home.resolve("kakehashi.properties");
    if (Files.exists(defaults)) v.putAll(checked(read(defaults), "in " + defaults));
    if (configFile != null) {
      if (!Files.isReadable(configFile)) throw new CliException("config file " + configFile + " does not exist");
      v.putAll(checked(read(configFile), "in " + configFile));
    }
    v.putAll(checked(overrides, "given with -C"));
    return new Settings(home, v);
  }

  /** The settings anyone reads, for telling a misspelt key from a real one. */
  static Set<String> knownKeys() {
    Set<String> k = new TreeSet<>(List.of("executor", "work", "executor.<step>", "spark.*"));
    ExecutorFactory.all().forEach((name, f) -> f.keys().forEach(key -> k.add(name + "." + key)));
    return k;
  }

  /**
   * {@code values} if every key is one that something reads: an unknown key is an error with the
   * nearest known key, never silently ignored ({@code exectuor=slurm} would otherwise run locally).
   */
  private static Map<String, String> checked(Map<String, String> values, String where) {
    Set<String> known = knownKeys();
    for (String key : values.keySet()) {
      if (known.contains(key) || key.startsWith("spark.") && key.length() > 6) continue;
      if (key.startsWith("executor.") && key.length() > 9) continue; // a step's route: checked against the workflow
      int dot = key.indexOf('.');
      String hint = DidYouMean.suggest(key, known);
      if (dot > 0 && ExecutorFactory.all().containsKey(key.substring(0, dot))) {
        String name = key.substring(0, dot);
        throw new CliException("unknown setting '" + key + "' " + where + hint + "; executor '" + name
            + "' reads " + ExecutorFactory.all().get(name).keys().stream().sorted().map(x -> name + "." + x).toList());
      }
      throw new CliException("unknown setting '" + key + "' " + where + hint + "; known settings: " + known);
    }
    return values;
  }

  /** Each {@code executor.<step>} must name a step of the workflow: a misspelt step would quietly run elsewhere. */
  void checkRoutes(Workflow workflow) {
    List<String> steps = List.copyOf(workflow.steps().keySet());
    for (String step : routes().keySet()) {
      if (!steps.contains(step)) {
        throw new CliException("setting 'executor." + step + "': workflow '" + workflow.name() + "' has no step '"
            + step + "'" + DidYouMean.suggest(step, steps) + "; its steps are " + steps);
      }
    }
  }

  private static Map<String, String> read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> m = new TreeMap<>();
    for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k).trim());
    return m;
  }

  Path storeFile() {
    return home.resolve("runs.db");
  }

  /** Where a run's HTML report goes unless the user names a file. */
  Path reportFile(String runId) {
    return home.resolve("reports").resolve(runId + ".html");
  }

  Path workRoot() {
    return Path.of(values.getOrDefault("work", home.resolve("work").toString()));
  }

  String defaultExecutor() {
    return values.getOrDefault("executor", "local");
  }

  /** Step name to executor name, from {@code executor.<step>} keys. */
  Map<String, String> routes() {
    Map<String, String> r = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith("executor.")) r.put(k.substring("executor.".length()), v);
    });
    return r;
  }

  /** The keys under {@code prefix.}, without the prefix. */
  Map<String, String> section(String prefix) {
    Map<String, String> m = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix + ".")) m.put(k.substring(prefix.length() + 1), v);
    });
    return m;
  }

  /** Every executor the configuration uses, created from its section. */
  Map<String, Executor> executors() {
    Set<String> names = new LinkedHashSet<>();
    names.add(defaultExecutor());
    names.addAll(routes().values());
    Map<String, Executor> out = new LinkedHashMap<>();
    for (String n : names) {
      try {
        out.put(n, ExecutorFactory.named(n).create(section(n)));
      } catch (IllegalArgumentException e) {
        throw new CliException("executor '" + n + "': " + e.getMessage());
      }
    }
    return out;
  }
}
