package io.kakehashi.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One named step of a workflow: an {@link Action} run at every point of a {@link Sweep}, reading
 * {@link Input inputs} from other steps and publishing declared output files and small values.
 * Immutable; made with {@link #command}, {@link #mpi} or {@link #function}.
 */
public final class Step {
  private final String name;
  private final Action action;
  private final Sweep sweep;
  private final Map<String, Input> inputs;
  private final List<String> outputs;
  private final Map<String, String> environment;
  private final Resources resources;
  private final RetryPolicy retry;
  private final Duration timeout;
  private final List<String> after; // distinct, in declaration order
  private final String description;

  private Step(Builder b) {
    this.name = b.name;
    this.action = b.action;
    this.sweep = b.sweep;
    this.inputs = b.inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
    this.outputs = b.outputs == null ? List.of() : List.copyOf(b.outputs);
    this.environment = b.environment == null ? Map.of() : Map.copyOf(b.environment);
    this.resources = b.resources;
    this.retry = b.retry;
    this.timeout = b.timeout;
    this.after = b.after == null ? List.of() : distinct(b.after);
    this.description = b.description;
    this.upstream = upstreamOf();
  }

  private final List<String> upstream;

  /** Inputs' steps, then steps ordered after, then a dynamic sweep's source: each once, in declaration order. */
  private List<String> upstreamOf() {
    if (inputs.isEmpty() && !sweep.isDynamic()) return after; // the common case shares one list
    Set<String> s = new LinkedHashSet<>();
    for (Input in : inputs.values()) s.add(in.step());
    s.addAll(after);
    if (sweep.isDynamic()) s.add(sweep.sourceStep());
    return List.copyOf(s);
  }

  /** An immutable copy without repeats, in order; steps name one or two others, so no set for those. */
  private static List<String> distinct(List<String> names) {
    if (names.size() > 8) return List.copyOf(new LinkedHashSet<>(names));
    String[] out = new String[names.size()];
    int n = 0;
    for (String name : names) {
      boolean seen = false;
      for (int i = 0; i < n && !seen; i++) seen = out[i].equals(name);
      if (!seen) out[n++] = name;
    }
    return List.of(Arrays.copyOf(out, n));
  }

  /** An external program; {@code args[0]} is the program, looked up on PATH. */
  public static Builder command(String name, String... args) {
    return new Builder(name, new Action.Command(Arrays.asList(args)));
  }

  /** An MPI program with {@code ranks} ranks of one thread each. */
  public static Builder mpi(String name, int ranks, String... args) {
    return new Builder(name, new Action.Mpi(Arrays.asList(args), ranks, 1))
        .resources(Resources.cores(ranks));
  }

  /** Java code run in the engine's JVM. */
  public static Builder function(String name, StepFunction function) {
    return new Builder(name, new Action.Function(function, codeVersion(function)));
  }

  public String name() {
    return name;
  }

  public Action action() {
    return action;
  }

  public Sweep sweep() {
    return sweep;
  }

  /** Inputs by name, in declaration order. */
  public Map<String, Input> inputs() {
    return inputs;
  }

  public List<String> outputs() {
    return outputs;
  }

  public Map<String, String> environment() {
    return environment;
  }

  public Resources resources() {
    return resources;
  }

  public RetryPolicy retry() {
    return retry;
  }

  /** Wall-clock limit per attempt enforced by the engine's executor; zero for none. */
  public Duration timeout() {
    return timeout;
  }

  /** Steps that must finish first although no data flows from them, in declaration order. */
  public Set<String> after() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(after));
  }

  public String description() {
    return description;
  }

  /** Every step this one waits for, each once: those it reads from, those it is ordered after, a dynamic sweep's source. */
  public List<String> upstream() {
    return upstream;
  }

  /** The steps this one waits for as a whole (ordered after, or the source of its sweep), not through an input. */
  public List<String> wholeStepDependencies() {
    if (upstream.isEmpty()) return upstream;
    List<String> out = new ArrayList<>(upstream.size());
    for (String u : upstream) {
      boolean input = false;
      for (Input in : inputs.values()) input |= in.step().equals(u);
      if (!input) out.add(u);
    }
    return out;
  }

  public Builder toBuilder() {
    Builder b = new Builder(name, action);
    b.sweep = sweep;
    if (!inputs.isEmpty()) b.inputs = new LinkedHashMap<>(inputs);
    if (!outputs.isEmpty()) b.outputs = new ArrayList<>(outputs);
    if (!environment.isEmpty()) b.environment = new LinkedHashMap<>(environment);
    b.resources = resources;
    b.retry = retry;
    b.timeout = timeout;
    if (!after.isEmpty()) b.after = new ArrayList<>(after);
    b.description = description;
    return b;
  }

  @Override
  public String toString() {
    return "Step[" + name + "]";
  }

  /** A digest of the bytecode of the class that defines {@code fn} (for lambdas, the enclosing class). */
  static String codeVersion(StepFunction fn) {
    Class<?> c = fn.getClass();
    String className = c.getName();
    int lambda = className.indexOf("$$Lambda");
    String definingName = lambda >= 0 ? className.substring(0, lambda) : className;
    String resource = definingName.replace('.', '/') + ".class";
    ClassLoader loader = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) return definingName;
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(in.readAllBytes());
      return definingName + "@" + HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (IOException | NoSuchAlgorithmException e) {
      return definingName;
    }
  }

  /**
   * Builds a {@link Step}. Each setter replaces the previous value. The collections are made on
   * first use: most steps of a large workflow set one or none of them.
   */
  public static final class Builder {
    private final String name;
    private Action action;
    private Sweep sweep = Sweep.single();
    private Map<String, Input> inputs;
    private List<String> outputs;
    private Map<String, String> environment;
    private Resources resources = Resources.DEFAULT;
    private RetryPolicy retry = RetryPolicy.NONE;
    private Duration timeout = Duration.ZERO;
    private List<String> after;
    private String description = "";

    private Builder(String name, Action action) {
      this.name = Objects.requireNonNull(name, "step name");
      this.action = action;
    }

    public String name() {
      return name;
    }

    public Builder sweep(Sweep s) {
      this.sweep = Objects.requireNonNull(s);
      return this;
    }

    public Builder input(String inputName, Input input) {
      if (inputs == null) inputs = new LinkedHashMap<>();
      inputs.put(inputName, input);
      return this;
    }

    /** Declares output files (relative to the point's work dir) that every point must write. */
    public Builder outputs(String... files) {
      if (outputs == null) outputs = new ArrayList<>(files.length);
      outputs.addAll(Arrays.asList(files));
      return this;
    }

    public Builder env(String key, String value) {
      if (environment == null) environment = new LinkedHashMap<>();
      environment.put(key, value);
      return this;
    }

    public Builder resources(Resources r) {
      this.resources = Objects.requireNonNull(r);
      return this;
    }

    public Builder retry(RetryPolicy r) {
      this.retry = Objects.requireNonNull(r);
      return this;
    }

    public Builder timeout(Duration t) {
      this.timeout = Objects.requireNonNull(t);
      return this;
    }

    public Builder after(String... steps) {
      if (after == null) after = new ArrayList<>(Math.max(2, steps.length));
      for (String s : steps) after.add(Objects.requireNonNull(s, "step name"));
      return this;
    }

    public Builder description(String d) {
      this.description = Objects.requireNonNull(d);
      return this;
    }

    /** Threads per MPI rank (sets OMP_NUM_THREADS and the cores the point takes). */
    public Builder threadsPerRank(int threads) {
      if (!(action instanceof Action.Mpi m)) {
        throw new IllegalStateException("step '" + name + "': threadsPerRank applies to MPI steps only");
      }
      action = new Action.Mpi(m.args(), m.ranks(), threads);
      resources = resources.withCores(m.ranks() * threads);
      return this;
    }

    /** Names the function's version explicitly instead of the bytecode digest. */
    public Builder version(String version) {
      if (!(action instanceof Action.Function f)) {
        throw new IllegalStateException("step '" + name + "': version applies to function steps only");
      }
      action = new Action.Function(f.function(), version);
      return this;
    }

    public Step build() {
      return new Step(this);
    }
  }
}
