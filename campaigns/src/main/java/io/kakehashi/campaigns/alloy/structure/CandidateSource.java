package io.kakehashi.campaigns.alloy.structure;

import java.util.Arrays;
import java.util.Map;

/**
 * Where a batch's candidates come from: the generator for ids it draws from (seed, id), and an
 * explicit configuration for the ids that carry one (Monte Carlo snapshots, which depend on a
 * model and cannot be regenerated from an id). Not thread-safe: it holds the generator.
 */
public final class CandidateSource {
  /** A configuration carried as such: its family and its {@link PackedSupercell} words. */
  public record Explicit(Family family, long[] words) {
    public Explicit {
      words = words.clone();
      if (words.length != PackedSupercell.WORDS) {
        throw new IllegalArgumentException("a configuration is " + PackedSupercell.WORDS + " words, got " + words.length);
      }
    }

    @Override
    public long[] words() {
      return words.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Explicit e && e.family == family && Arrays.equals(e.words, words);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(words) * 31 + family.hashCode();
    }
  }

  private final CandidateGenerator generator;
  private final Map<Long, Explicit> explicit;

  public CandidateSource(CandidateGenerator generator, Map<Long, Explicit> explicit) {
    this.generator = generator;
    this.explicit = Map.copyOf(explicit);
  }

  public FccLattice lattice() {
    return generator.lattice();
  }

  public long seed() {
    return generator.seed();
  }

  /** Writes candidate {@code id} into {@code words}; returns its family. */
  public Family fill(long id, long[] words) {
    Explicit e = explicit.get(id);
    if (e == null) return generator.fill(id, words);
    System.arraycopy(e.words, 0, words, 0, PackedSupercell.WORDS);
    return e.family();
  }

  /** Writes candidate {@code id}'s occupation in {@link FccLattice}'s site order; returns its family. */
  public Family fill(long id, byte[] occupation) {
    Explicit e = explicit.get(id);
    if (e == null) return generator.fill(id, occupation);
    PackedSupercell.unpack(e.words, occupation);
    return e.family();
  }
}
