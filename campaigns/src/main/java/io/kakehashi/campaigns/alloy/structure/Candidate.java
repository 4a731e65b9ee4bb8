package io.kakehashi.campaigns.alloy.structure;

import java.util.Arrays;
import java.util.Objects;

/**
 * One alloy supercell: which species (0 = A, 1 = B) sits on each lattice site. Made by
 * {@link CandidateGenerator} and fully determined by its (seed, id), so it need not be stored.
 */
public record Candidate(long id, Family family, byte[] occupation) {
  public Candidate {
    Objects.requireNonNull(family, "family");
    occupation = occupation.clone();
  }

  /** A copy of the occupation (one byte per site). */
  @Override
  public byte[] occupation() {
    return occupation.clone();
  }

  public int sites() {
    return occupation.length;
  }

  /** Number of B atoms. */
  public int countB() {
    return countB(occupation);
  }

  /** Atomic fraction of element B. */
  public double fractionB() {
    return countB() / (double) occupation.length;
  }

  public static int countB(byte[] occupation) {
    int n = 0;
    for (byte b : occupation) n += b;
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Candidate c && c.id == id && c.family == family
        && Arrays.equals(c.occupation, occupation);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + Arrays.hashCode(occupation);
  }

  @Override
  public String toString() {
    return "Candidate[" + id + ", " + family + ", " + countB() + "/" + occupation.length + " B]";
  }
}
