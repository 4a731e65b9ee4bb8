package io.kakehashi.campaigns.alloy.lammps;

import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.CandidateGenerator;
import io.kakehashi.campaigns.alloy.structure.CandidateSource;
import io.kakehashi.campaigns.alloy.structure.Family;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import io.kakehashi.workflow.Params;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything that defines one LAMMPS batch, carried as a sweep point's parameters so that the
 * engine's fingerprint covers it: the alloy system, supercell, descriptor shells (and whether the
 * descriptors include the neighbour-count histograms), generator seed,
 * the candidate ids (a contiguous range for training batches, an explicit list for verification
 * and active-learning batches) and, for ids the generator does not make (Monte Carlo snapshots),
 * their configurations.
 */
public record BatchSpec(AlloySystem system, int cells, int shells, boolean histograms, long seed, long[] ids,
                        Map<Long, CandidateSource.Explicit> explicit) {
  public static final String SYSTEM = "system";
  public static final String CELLS = "cells";
  public static final String SHELLS = "shells";
  public static final String SEED = "seed";
  /** Present (true) only when the descriptors include the histograms, so that other runs keep their fingerprints. */
  public static final String HISTOGRAMS = "histograms";
  public static final String FIRST = "first";
  public static final String COUNT = "count";
  public static final String IDS = "ids";
  /** Explicit configurations: {@code id:FAMILY:w0.w1.w2.w3} (hex words), separated by {@code ;}. */
  public static final String CONFIGURATIONS = "configurations";

  public BatchSpec {
    ids = ids.clone();
    explicit = Map.copyOf(explicit);
    if (ids.length == 0) throw new IllegalArgumentException("a batch needs at least one candidate id");
  }

  /** A batch of generated candidates only. */
  public BatchSpec(AlloySystem system, int cells, int shells, boolean histograms, long seed, long[] ids) {
    this(system, cells, shells, histograms, seed, ids, Map.of());
  }

  /** A batch of generated candidates only, descriptors without histograms. */
  public BatchSpec(AlloySystem system, int cells, int shells, long seed, long[] ids) {
    this(system, cells, shells, false, seed, ids, Map.of());
  }

  /** Whether a step's parameters ask for the histogram descriptors ({@link #HISTOGRAMS}). */
  public static boolean histograms(Params p) {
    return p.has(HISTOGRAMS) && Boolean.parseBoolean(String.valueOf(p.get(HISTOGRAMS)));
  }

  /** The batch's candidates: generated from (seed, id), or the configuration an id carries. */
  public CandidateSource source() {
    return new CandidateSource(generator(), explicit);
  }

  @Override
  public long[] ids() {
    return ids.clone();
  }

  public FccLattice lattice() {
    return new FccLattice(cells, shells);
  }

  public CandidateGenerator generator() {
    return new CandidateGenerator(lattice(), seed);
  }

  public Descriptors descriptors() {
    return new Descriptors(system, lattice(), histograms);
  }

  /** Point parameters; a contiguous id range is written as first/count, anything else as an id list. */
  public Map<String, Object> toParams() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(SYSTEM, system.name());
    m.put(CELLS, cells);
    m.put(SHELLS, shells);
    if (histograms) m.put(HISTOGRAMS, true);
    m.put(SEED, seed);
    boolean contiguous = true;
    for (int i = 1; i < ids.length; i++) contiguous &= ids[i] == ids[0] + i;
    if (contiguous) {
      m.put(FIRST, ids[0]);
      m.put(COUNT, ids.length);
    } else {
      m.put(IDS, Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(",")));
    }
    if (!explicit.isEmpty()) {
      m.put(CONFIGURATIONS, explicit.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .map(e -> e.getKey() + ":" + e.getValue().family().name() + ":" + Arrays.stream(e.getValue().words())
              .mapToObj(Long::toHexString).collect(Collectors.joining(".")))
          .collect(Collectors.joining(";")));
    }
    return m;
  }

  /** Reads a point's parameters written by {@link #toParams()}; errors name the bad parameter. */
  public static BatchSpec fromParams(Params p) {
    AlloySystem system = AlloySystem.named(p.getString(SYSTEM));
    long[] ids;
    if (p.has(IDS)) {
      String[] parts = p.getString(IDS).split(",");
      ids = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        try {
          ids[i] = Long.parseLong(parts[i].strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("parameter '" + IDS + "': '" + parts[i] + "' is not a candidate id");
        }
      }
    } else {
      long first = p.getLong(FIRST);
      int count = p.getInt(COUNT);
      if (count < 1) throw new IllegalArgumentException("parameter '" + COUNT + "' must be >= 1, got " + count);
      ids = new long[count];
      for (int i = 0; i < count; i++) ids[i] = first + i;
    }
    Map<Long, CandidateSource.Explicit> explicit = new LinkedHashMap<>();
    if (p.has(CONFIGURATIONS)) {
      for (String c : p.getString(CONFIGURATIONS).split(";")) {
        String[] parts = c.split(":");
        try {
          String[] hex = parts[2].split("\\.");
          long[] words = new long[hex.length];
          for (int i = 0; i < hex.length; i++) words[i] = Long.parseUnsignedLong(hex[i], 16);
          explicit.put(Long.parseLong(parts[0]), new CandidateSource.Explicit(Family.valueOf(parts[1]), words));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("parameter '" + CONFIGURATIONS + "': '" + c
              + "' is not id:FAMILY:w0.w1.w2.w3 (" + e.getMessage() + ")");
        }
      }
    }
    return new BatchSpec(system, p.getInt(CELLS), p.getInt(SHELLS), histograms(p), p.getLong(SEED), ids, explicit);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchSpec b && b.system.equals(system) && b.cells == cells && b.shells == shells
        && b.histograms == histograms && b.seed == seed && Arrays.equals(b.ids, ids) && b.explicit.equals(explicit);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids) * 31 + Long.hashCode(seed);
  }

  @Override
  public String toString() {
    return "BatchSpec[" + system.name() + ", " + cells + " cells, " + shells + " shells" + (histograms ? " + histograms" : "")
        + ", seed " + seed + ", "
        + ids.length + " ids]";
  }
}
