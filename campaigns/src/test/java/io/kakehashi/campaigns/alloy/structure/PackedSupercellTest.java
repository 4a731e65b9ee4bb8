package io.kakehashi.campaigns.alloy.structure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackedSupercellTest {
  private final FccLattice lattice = new FccLattice(4, 4);

  @Test
  void packAndUnpackAreInverse() {
    byte[] occupation = randomOccupation(1);
    long[] words = new long[PackedSupercell.WORDS];
    PackedSupercell.pack(occupation, words);
    byte[] back = new byte[PackedSupercell.SITES];
    PackedSupercell.unpack(words, back);

    assertArrayEquals(occupation, back);
    int countB = 0;
    for (byte b : occupation) countB += b;
    assertEquals(countB, PackedSupercell.countB(words));
  }

  /** Every bond of every shell, translated, says for each site what the lattice's neighbour table says. */
  @Test
  void translatedWordsHoldEachSitesNeighbour() {
    byte[] occupation = randomOccupation(2);
    long[] words = new long[PackedSupercell.WORDS];
    PackedSupercell.pack(occupation, words);
    for (int shell = 1; shell <= 4; shell++) {
      int z = lattice.coordination(shell);
      int[] table = lattice.neighbourTable(shell);
      int[] seen = new int[PackedSupercell.SITES];
      for (PackedSupercell.Bond bond : PackedSupercell.bonds(shell, false)) {
        long neighbours = bond.neighbours(words);
        for (int cell = 0; cell < 64; cell++) {
          int site = ((cell >> 4) * 16 + ((cell >> 2) & 3) * 4 + (cell & 3)) * 4 + bond.from();
          int bit = PackedSupercell.bit(cell >> 4, (cell >> 2) & 3, cell & 3);
          int species = (int) ((neighbours >>> bit) & 1);
          // The bond's neighbour is one of the site's z neighbours in this shell, with that species.
          boolean found = false;
          for (int k = 0; k < z && !found; k++) {
            int j = table[site * z + k];
            found = occupation[j] == species && isAt(site, j, bond);
          }
          assertTrue(found, "shell " + shell + " " + bond + " site " + site);
          seen[site]++;
        }
      }
      for (int site = 0; site < PackedSupercell.SITES; site++) assertEquals(z, seen[site], "bonds of site " + site);
    }
  }

  @Test
  void otherSizesAreRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PackedSupercell.pack(new byte[108], new long[4]));
    assertTrue(e.getMessage().contains("256"), e.getMessage());
  }

  /** Whether j is where the bond leads from site i (same displacement modulo the box). */
  private boolean isAt(int i, int j, PackedSupercell.Bond bond) {
    int period = 8;
    for (int axis = 0; axis < 3; axis++) {
      int d = lattice.coordinate(j, axis) - lattice.coordinate(i, axis);
      int expected = 2 * (axis == 0 ? bond.dx() : axis == 1 ? bond.dy() : bond.dz())
          + FccLattice.BASIS[bond.to()][axis] - FccLattice.BASIS[bond.from()][axis];
      if (Math.floorMod(d - expected, period) != 0) return false;
    }
    return true;
  }

  private byte[] randomOccupation(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] occupation = new byte[PackedSupercell.SITES];
    for (int i = 0; i < occupation.length; i++) occupation[i] = (byte) rnd.nextInt(2);
    return occupation;
  }
}
