package io.kakehashi.campaigns.alloy.screen;

import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.lammps.BatchSpec;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.CandidateGenerator;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import io.kakehashi.campaigns.alloy.structure.PackedSupercell;
import io.kakehashi.workflow.Params;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything that defines the screen step, carried as its point's parameters (like
 * {@link BatchSpec} for a LAMMPS batch) so that the engine's fingerprint covers it: which
 * candidates are screened (ids {@code first .. first + count - 1} of the generator with
 * {@code seed}), how many were relaxed for training (the speedup's denominator), how the picks
 * are made (composition bins, exact compositions, top-k, random sample) and how the picks are cut
 * into verification batches.
 *
 * @param relaxed candidates relaxed by LAMMPS before the screen (reported beside the screened count)
 * @param compositions atomic fractions of B whose best candidates are kept besides the bins' (empty for none)
 * @param batchSize candidates per verification batch
 */
public record ScreenSpec(AlloySystem system, int cells, int shells, boolean histograms, long seed, long first, long count, long relaxed,
                         int bins, List<Double> compositions, int topK, int randomSample, int batchSize) {
  public static final String FIRST = "screen_first";
  public static final String RELAXED = "relaxed";
  public static final String COUNT = "screen_count";
  public static final String BINS = "bins";
  public static final String COMPOSITIONS = "compositions";
  public static final String TOP_K = "top_k";
  public static final String RANDOM_SAMPLE = "random_sample";
  public static final String BATCH_SIZE = "batch_size";

  public ScreenSpec {
    compositions = List.copyOf(compositions);
    requireAtLeast(COUNT, count, 1);
    requireAtLeast(RELAXED, relaxed, 0);
    requireAtLeast(BINS, bins, 1);
    requireAtLeast(TOP_K, topK, 0);
    requireAtLeast(RANDOM_SAMPLE, randomSample, 0);
    requireAtLeast(BATCH_SIZE, batchSize, 1);
    for (double x : compositions) {
      if (!(x >= 0 && x <= 1)) {
        throw new IllegalArgumentException("parameter '" + COMPOSITIONS + "': " + x + " is not a fraction in [0, 1]");
      }
    }
  }

  public FccLattice lattice() {
    return new FccLattice(cells, shells);
  }

  public Descriptors descriptors() {
    return new Descriptors(system, lattice(), histograms);
  }

  public CandidateGenerator generator() {
    return new CandidateGenerator(lattice(), seed);
  }

  /** A screening of this spec's candidates with its descriptors, keeping its exact compositions' best too. */
  public Screening screening() {
    return new Screening(descriptors(), generator()).exactCompositions(compositionCounts());
  }

  /** The exact compositions as counts of B atoms in the supercell, each once. */
  public int[] compositionCounts() {
    return compositions.stream().mapToInt(x -> (int) Math.round(x * PackedSupercell.SITES)).distinct().toArray();
  }

  /** The verification batches of {@code ids} (sorted, distinct), {@link #batchSize} candidates each. */
  public List<BatchSpec> verificationBatches(long[] ids) {
    List<BatchSpec> batches = new ArrayList<>();
    for (int from = 0; from < ids.length; from += batchSize) {
      long[] chunk = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + batchSize));
      batches.add(new BatchSpec(system, cells, shells, histograms, seed, chunk));
    }
    return batches;
  }

  /**
   * Point parameters, in the order and spelling the screen step has always used, so that runs
   * made before this type existed keep their fingerprints.
   */
  public Map<String, Object> toParams() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(BatchSpec.SYSTEM, system.name());
    m.put(BatchSpec.CELLS, cells);
    m.put(BatchSpec.SHELLS, shells);
    if (histograms) m.put(BatchSpec.HISTOGRAMS, true);
    m.put(BatchSpec.SEED, seed);
    m.put(FIRST, first);
    m.put(RELAXED, relaxed);
    m.put(COUNT, count);
    m.put(BINS, bins);
    m.put(COMPOSITIONS, compositions.stream().map(String::valueOf).collect(Collectors.joining(",")));
    m.put(TOP_K, topK);
    m.put(RANDOM_SAMPLE, randomSample);
    m.put(BATCH_SIZE, batchSize);
    return m;
  }

  /** Reads a point's parameters written by {@link #toParams()}; errors name the bad parameter. */
  public static ScreenSpec fromParams(Params p) {
    List<Double> compositions = new ArrayList<>();
    String listed = p.has(COMPOSITIONS) ? p.getString(COMPOSITIONS) : "";
    if (!listed.isBlank()) {
      for (String part : listed.split(",")) {
        try {
          compositions.add(Double.parseDouble(part.strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("parameter '" + COMPOSITIONS + "': '" + part + "' is not a number");
        }
      }
    }
    return new ScreenSpec(AlloySystem.named(p.getString(BatchSpec.SYSTEM)), p.getInt(BatchSpec.CELLS),
        p.getInt(BatchSpec.SHELLS), BatchSpec.histograms(p), p.getLong(BatchSpec.SEED), p.getLong(FIRST), p.getLong(COUNT),
        p.getLong(RELAXED), p.getInt(BINS), compositions, p.getInt(TOP_K), p.getInt(RANDOM_SAMPLE),
        p.getInt(BATCH_SIZE));
  }

  private static void requireAtLeast(String name, long value, long least) {
    if (value < least) throw new IllegalArgumentException("parameter '" + name + "' must be >= " + least + ", got " + value);
  }
}
