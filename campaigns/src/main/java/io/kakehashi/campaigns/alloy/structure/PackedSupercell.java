package io.kakehashi.campaigns.alloy.structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The 4x4x4 fcc supercell (256 sites) packed as four 64-bit words, one per simple-cubic
 * sublattice: bit {@code cx + 4 cy + 16 cz} of word {@code b} is the species (1 = B) of the
 * site of basis {@code b} in conventional cell (cx, cy, cz).
 *
 * <p>Why this shape: a periodic translation of a sublattice by whole cells is then a rotation
 * inside nibbles (x), inside 16-bit lanes (y) and of the whole word (z), a handful of
 * instructions; a neighbour shell's bond count is a popcount of {@code word & translated word}
 * per (sublattice, neighbour vector). Generation and descriptors of a candidate then cost tens
 * of nanoseconds instead of a pass over per-site tables, which is what lets the screening run
 * at well under a microsecond per candidate.
 */
public final class PackedSupercell {
  public static final int CELLS = 4;
  public static final int SITES = 4 * CELLS * CELLS * CELLS;
  public static final int WORDS = 4;

  /** Per x rotation r = 0..3: the bits of each nibble that come from above (>>> r). */
  private static final long[] X_LOW = {-1L, 0x7777777777777777L, 0x3333333333333333L, 0x1111111111111111L};
  /** Per y rotation r = 0..3: the bits of each 16-bit lane that come from above (>>> 4r). */
  private static final long[] Y_LOW = {-1L, 0x0FFF0FFF0FFF0FFFL, 0x00FF00FF00FF00FFL, 0x000F000F000F000FL};

  private PackedSupercell() {}

  /**
   * The word whose bit at cell c holds {@code w}'s bit at cell {@code c + (dx, dy, dz)}, periodic:
   * for the neighbour vector that leads from a site to cell offset d, {@code translate(occ[b'], d)}
   * says, for every site at once, whether that neighbour is B.
   */
  public static long translate(long w, int dx, int dy, int dz) {
    return shiftZ(shiftY(shiftX(w, dx), dy), dz);
  }

  /** {@link #translate} along x only: a rotation inside each nibble. */
  public static long shiftX(long w, int dx) {
    int x = dx & 3;
    // For x = 0 the masks keep w and drop the wrapped copy (a shift by 4 masked to zero).
    return ((w >>> x) & X_LOW[x]) | ((w << (4 - x)) & ~X_LOW[x]);
  }

  /** {@link #translate} along y only: a rotation inside each 16-bit lane. */
  public static long shiftY(long w, int dy) {
    int y = dy & 3;
    return ((w >>> (4 * y)) & Y_LOW[y]) | ((w << (16 - 4 * y)) & ~Y_LOW[y]);
  }

  /** {@link #translate} along z only: a rotation of the word. */
  public static long shiftZ(long w, int dz) {
    return Long.rotateRight(w, 16 * (dz & 3));
  }

  /** Bit index of conventional cell (cx, cy, cz), each 0..3. */
  public static int bit(int cx, int cy, int cz) {
    return cx + 4 * cy + 16 * cz;
  }

  /** Number of B atoms. */
  public static int countB(long[] words) {
    return Long.bitCount(words[0]) + Long.bitCount(words[1]) + Long.bitCount(words[2]) + Long.bitCount(words[3]);
  }

  /** The occupation in {@link FccLattice}'s site order (one byte per site, 1 = B). */
  public static void unpack(long[] words, byte[] occupation) {
    requireSites(occupation.length);
    for (int i = 0; i < SITES; i++) {
      int b = i & 3;
      int cell = i >> 2; // (cx * 4 + cy) * 4 + cz
      int cz = cell & 3;
      int cy = (cell >> 2) & 3;
      int cx = cell >> 4;
      occupation[i] = (byte) ((words[b] >>> bit(cx, cy, cz)) & 1);
    }
  }

  /** Packs an occupation given in {@link FccLattice}'s site order. */
  public static void pack(byte[] occupation, long[] words) {
    requireSites(occupation.length);
    Arrays.fill(words, 0L);
    for (int i = 0; i < SITES; i++) {
      byte s = occupation[i];
      if (s != 0 && s != 1) throw new IllegalArgumentException("site " + i + " holds species " + s + ", not 0 or 1");
      int cell = i >> 2;
      words[i & 3] |= (long) s << bit(cell >> 4, (cell >> 2) & 3, cell & 3);
    }
  }

  private static void requireSites(int n) {
    if (n != SITES) {
      throw new IllegalArgumentException("occupation has " + n + " sites; packed supercells have " + SITES
          + " (4x4x4 fcc cells)");
    }
  }

  /**
   * One neighbour vector seen from one sublattice: sites of basis {@code from} find that neighbour
   * on basis {@code to}, in the cell offset by (dx, dy, dz).
   */
  public record Bond(int from, int to, int dx, int dy, int dz) {
    /** The neighbour's species for every site of sublattice {@link #from} at once. */
    long neighbours(long[] words) {
      return translate(words[to], dx, dy, dz);
    }
  }

  /**
   * The bonds of neighbour shell {@code shell} (1-based, squared length 2*shell in half lattice
   * constants) for every sublattice: all of them ({@code half = false}, so every site meets each
   * of its z neighbours once), or one of each +v/-v pair ({@code half = true}, so every unordered
   * pair of sites is met once).
   */
  public static List<Bond> bonds(int shell, boolean half) {
    List<Bond> out = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      for (int[] v : FccLattice.shellVectors(shell)) {
        int lead = v[0] != 0 ? v[0] : v[1] != 0 ? v[1] : v[2];
        if (half && lead < 0) continue;
        int[] s = {FccLattice.BASIS[b][0] + v[0], FccLattice.BASIS[b][1] + v[1], FccLattice.BASIS[b][2] + v[2]};
        int to = 2 * (s[0] & 1) + (s[1] & 1); // same basis numbering as FccLattice
        out.add(new Bond(b, to, Math.floorDiv(s[0], 2), Math.floorDiv(s[1], 2), Math.floorDiv(s[2], 2)));
      }
    }
    return List.copyOf(out);
  }
}
