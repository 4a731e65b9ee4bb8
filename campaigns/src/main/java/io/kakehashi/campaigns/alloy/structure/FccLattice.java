package io.kakehashi.campaigns.alloy.structure;

import java.util.ArrayList;
import java.util.List;

/**
 * A periodic fcc supercell of {@code cells}^3 conventional cells (4 sites each): site coordinates
 * (for LAMMPS inputs) and neighbour lists per coordination shell (which also check that a shell
 * fits the box; the tests compute descriptors from them as a reference for the packed ones).
 *
 * <p>Sites are indexed {@code ((cx * cells + cy) * cells + cz) * 4 + basis}; site coordinates are
 * integers in units of half the lattice constant, basis offsets (0,0,0), (0,1,1), (1,0,1), (1,1,0).
 * Shell {@code s} (1-based) holds the neighbours at squared distance {@code 2s} in those units:
 * 12, 6, 24, 12, 24, 8, ... sites. A shell is only offered when every neighbour in it is a
 * distinct site of the supercell (the box is large enough not to see an atom's own image).
 */
public final class FccLattice {
  /** The four basis offsets, in half lattice constants; a basis index is also a sublattice index. */
  static final int[][] BASIS = {{0, 0, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 0}};

  private final int cells;
  private final int sites;
  private final int[] coords;
  private final int[][] neighbours;
  private final int[] coordination;

  /**
   * @param cells conventional cells per edge
   * @param shells how many neighbour shells to tabulate
   * @throws IllegalArgumentException if the box is too small for that many distinct shells
   */
  public FccLattice(int cells, int shells) {
    if (cells < 1) throw new IllegalArgumentException("cells must be >= 1, got " + cells);
    if (shells < 1) throw new IllegalArgumentException("shells must be >= 1, got " + shells);
    this.cells = cells;
    this.sites = 4 * cells * cells * cells;
    this.coords = new int[3 * sites];
    for (int cx = 0; cx < cells; cx++) {
      for (int cy = 0; cy < cells; cy++) {
        for (int cz = 0; cz < cells; cz++) {
          for (int b = 0; b < 4; b++) {
            int i = ((cx * cells + cy) * cells + cz) * 4 + b;
            coords[3 * i] = 2 * cx + BASIS[b][0];
            coords[3 * i + 1] = 2 * cy + BASIS[b][1];
            coords[3 * i + 2] = 2 * cz + BASIS[b][2];
          }
        }
      }
    }
    this.neighbours = new int[shells][];
    this.coordination = new int[shells];
    for (int s = 0; s < shells; s++) {
      List<int[]> vectors = shellVectors(s + 1);
      int z = vectors.size();
      coordination[s] = z;
      int[] table = new int[sites * z];
      for (int i = 0; i < sites; i++) {
        for (int k = 0; k < z; k++) {
          int[] v = vectors.get(k);
          table[i * z + k] = siteAt(coords[3 * i] + v[0], coords[3 * i + 1] + v[1], coords[3 * i + 2] + v[2]);
        }
        requireDistinct(table, i, z, s + 1);
      }
      neighbours[s] = table;
    }
  }

  private void requireDistinct(int[] table, int site, int z, int shell) {
    boolean[] seen = new boolean[sites];
    seen[site] = true;
    for (int k = 0; k < z; k++) {
      int j = table[site * z + k];
      if (seen[j]) {
        throw new IllegalArgumentException("a " + cells + "x" + cells + "x" + cells
            + " fcc supercell is too small for neighbour shell " + shell
            + ": an atom sees a periodic image twice; use fewer shells or more cells");
      }
      seen[j] = true;
    }
  }

  /**
   * Integer vectors of squared length 2*shell on the fcc lattice (even coordinate sum), in a fixed
   * order ({@link PackedSupercell#bonds} lists each sublattice's bonds in this order); fresh arrays.
   */
  public static List<int[]> shellVectors(int shell) {
    int r2 = 2 * shell;
    int r = (int) Math.ceil(Math.sqrt(r2));
    List<int[]> out = new ArrayList<>();
    for (int x = -r; x <= r; x++) {
      for (int y = -r; y <= r; y++) {
        for (int z = -r; z <= r; z++) {
          if (x * x + y * y + z * z == r2 && ((x + y + z) & 1) == 0) out.add(new int[] {x, y, z});
        }
      }
    }
    return out;
  }

  private int siteAt(int x, int y, int z) {
    int period = 2 * cells;
    x = Math.floorMod(x, period);
    y = Math.floorMod(y, period);
    z = Math.floorMod(z, period);
    int basis = 2 * (x & 1) + (y & 1);
    return (((x >> 1) * cells + (y >> 1)) * cells + (z >> 1)) * 4 + basis;
  }

  public int cells() {
    return cells;
  }

  public int sites() {
    return sites;
  }

  public int shells() {
    return neighbours.length;
  }

  /** Number of neighbours in shell {@code shell} (1-based). */
  public int coordination(int shell) {
    return coordination[shell - 1];
  }

  /**
   * The neighbour table of shell {@code shell} (1-based): neighbours of site i are entries
   * {@code [i*z, (i+1)*z)} with z = {@link #coordination}. Shared, not copied: do not modify.
   */
  public int[] neighbourTable(int shell) {
    return neighbours[shell - 1];
  }

  /** Coordinate {@code axis} (0..2) of site {@code site} in units of half the lattice constant. */
  public int coordinate(int site, int axis) {
    return coords[3 * site + axis];
  }

  /** Which of the 4 simple-cubic sublattices (basis index 0..3) the site is on. */
  public int sublattice(int site) {
    return site & 3;
  }
}
