package io.kakehashi.campaigns.alloy.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FccLatticeTest {
  @Test
  void shellsHaveFccCoordinationNumbers() {
    FccLattice lattice = new FccLattice(3, 4);
    assertEquals(108, lattice.sites());
    assertEquals(12, lattice.coordination(1));
    assertEquals(6, lattice.coordination(2));
    assertEquals(24, lattice.coordination(3));
    assertEquals(12, lattice.coordination(4));
  }

  @Test
  void neighbourRelationIsSymmetric() {
    FccLattice lattice = new FccLattice(3, 4);
    for (int s = 1; s <= 4; s++) {
      int z = lattice.coordination(s);
      int[] table = lattice.neighbourTable(s);
      for (int i = 0; i < lattice.sites(); i++) {
        for (int k = 0; k < z; k++) {
          int j = table[i * z + k];
          boolean back = false;
          for (int m = 0; m < z; m++) back |= table[j * z + m] == i;
          assertTrue(back, "shell " + s + ": " + j + " is a neighbour of " + i + " but not the reverse");
        }
      }
    }
  }

  @Test
  void tooSmallSupercellIsRejectedNamingTheShell() {
    // In a 2x2x2 box the second-shell vectors (+a,0,0) and (-a,0,0) reach the same image.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FccLattice(2, 2));
    assertTrue(e.getMessage().contains("shell 2"), e.getMessage());
    assertEquals(48, new FccLattice(4, 7).coordination(7), "a 4x4x4 supercell holds seven distinct shells");
  }
}
