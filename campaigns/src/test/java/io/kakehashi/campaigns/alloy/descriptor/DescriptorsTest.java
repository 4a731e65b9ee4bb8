package io.kakehashi.campaigns.alloy.descriptor;
import io.kakehashi.campaigns.alloy.structure.CandidateGenerator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DescriptorsTest {
  private static final double EPS = 1e-12;
  private final FccLattice lattice = new FccLattice(4, 4);
  private final Descriptors descriptors = new Descriptors(AlloySystem.CU_NI, lattice, true);

  @Test
  void featureNamesAreDocumentedOrder() {
    assertEquals(List.of("x_Ni", "pair_NiNi_1", "pair_NiNi_2", "pair_NiNi_3", "pair_NiNi_4",
        "sro_1", "sro_2", "sro_3", "sro_4",
        "env_Cu_11", "env_Cu_12", "env_Cu_22", "env_Ni_11", "env_Ni_12", "env_Ni_22",
        "dip_Cu_11", "dip_Cu_12", "dip_Cu_22", "dip_Ni_11", "dip_Ni_12", "dip_Ni_22"),
        descriptors.names().subList(0, 21));
    assertEquals(List.of("nb1_Cu_0", "nb1_Cu_12", "nb1_Ni_0", "nb1_Ni_12", "nb2_Cu_0", "nb2_Cu_6", "nb2_Ni_0",
        "nb2_Ni_6"), List.of(21, 33, 34, 46, 47, 53, 54, 60).stream().map(descriptors.names()::get).toList());
    assertEquals(61, descriptors.size());
    // Without the histograms: the first 21, computed the same way.
    Descriptors compact = new Descriptors(AlloySystem.CU_NI, lattice);
    assertEquals(descriptors.names().subList(0, 21), compact.names());
    byte[] occ = new CandidateGenerator(lattice, 5).generate(11).occupation();
    assertArrayEquals(Arrays.copyOf(descriptors.compute(occ), 21), compact.compute(occ), 0);
    assertEquals(compact.names(), compact.copy().names());
    assertEquals(descriptors.names(), descriptors.copy().names());
  }

  @Test
  void pureElements() {
    double[] cu = descriptors.compute(new byte[256]);
    assertArrayEquals(new double[21], Arrays.copyOf(cu, 21), EPS);
    assertEquals(1.0, cu[21], EPS, "every atom is Cu with no Ni first neighbour");
    assertEquals(1.0, cu[47], EPS, "...and no Ni second neighbour");
    assertEquals(2.0, Arrays.stream(cu).sum(), EPS, "nothing else");

    byte[] allNi = new byte[256];
    Arrays.fill(allNi, (byte) 1);
    double[] ni = descriptors.compute(allNi);
    assertEquals(1.0, ni[0], EPS);
    for (int s = 1; s <= 4; s++) assertEquals(1.0, ni[s], EPS, "every bond is Ni-Ni");
    for (int s = 5; s <= 8; s++) assertEquals(0.0, ni[s], EPS, "SRO is 0 for a pure element by convention");
    // Every Ni atom sees 12 of 12 and 6 of 6 Ni neighbours.
    assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, Arrays.copyOfRange(ni, 9, 15), EPS);
    assertArrayEquals(new double[6], Arrays.copyOfRange(ni, 15, 21), EPS, "a full shell pulls every way alike");
    assertEquals(1.0, ni[46], EPS, "every atom is Ni with 12 Ni first neighbours");
    assertEquals(1.0, ni[60], EPS, "...and 6 Ni second neighbours");
  }

  @Test
  void aSoluteAtomPushesItsNeighbours() {
    byte[] occ = new byte[256];
    occ[37] = 1;
    double[] f = descriptors.compute(occ);
    // Its 12 first neighbours each see one Ni along a unit vector, its 6 second neighbours one Ni
    // in shell 2; no Cu atom has Ni in both shells, and the Ni atom has no Ni neighbour at all.
    assertArrayEquals(new double[] {12.0 / 256, 0, 6.0 / 256, 0, 0, 0}, Arrays.copyOfRange(f, 15, 21), EPS);
  }

  @Test
  void l12Cu3NiHasKnownShortRangeOrder() {
    // Ni on one simple-cubic sublattice: each Ni has 12 Cu first neighbours and 6 Ni second neighbours.
    double[] f = descriptors.compute(occupy(1 << 0));
    assertEquals(0.25, f[0], EPS);
    assertEquals(0.0, f[1], EPS, "no Ni-Ni first-neighbour bonds");
    assertEquals(0.25, f[2], EPS, "second shell: Ni sees only Ni");
    assertEquals(-1.0 / 3, f[5], EPS, "alpha_1 = 1 - (4/12)/(1/4)");
    assertEquals(1.0, f[6], EPS, "alpha_2: second neighbours of Cu are all Cu");
  }

  @Test
  void l10CuNiHasKnownShortRangeOrder() {
    // Ni on sublattices 0 and 3: alternating (001) planes.
    double[] f = descriptors.compute(occupy((1 << 0) | (1 << 3)));
    assertEquals(0.5, f[0], EPS);
    assertEquals(-1.0 / 3, f[5], EPS, "alpha_1 = 1 - (8/12)/(1/2)");
    assertEquals(1.0, f[6], EPS, "alpha_2 = 1: second neighbours lie in the same kind of plane");
    // Each Ni has 4 Ni of 12 first and 6 of 6 second neighbours: env_Ni = 0.5 * (1/3)^2, 0.5 * 1/3, 0.5.
    assertEquals(0.5 / 9, f[12], EPS);
    assertEquals(0.5 / 3, f[13], EPS);
    assertEquals(0.5, f[14], EPS);
    // A Cu atom has 8 Ni first neighbours, a Ni atom 4; a Ni atom's second neighbours are all Ni, a Cu atom's none.
    assertEquals(0.5, f[21 + 8], EPS);
    assertEquals(0.5, f[34 + 4], EPS);
    assertEquals(0.5, f[47], EPS);
    assertEquals(0.5, f[54 + 6], EPS);
    // Every atom's neighbours are symmetric about it (the structure has inversion symmetry at
    // every site): no atom is pushed, though the layers are chemically one-sided.
    assertArrayEquals(new double[6], Arrays.copyOfRange(f, 15, 21), EPS);
  }

  @Test
  void randomAlloyHasSmallSro() {
    SplittableRandom rnd = new SplittableRandom(7);
    double[] mean = new double[descriptors.size()];
    int samples = 400;
    for (int k = 0; k < samples; k++) {
      byte[] occ = new byte[lattice.sites()];
      for (int i = 0; i < occ.length; i++) occ[i] = (byte) (rnd.nextDouble() < 0.4 ? 1 : 0);
      double[] f = descriptors.compute(occ);
      for (int j = 0; j < f.length; j++) mean[j] += f[j] / samples;
    }
    for (int s = 5; s <= 8; s++) assertEquals(0.0, mean[s], 0.01, "mean alpha_" + (s - 4) + " of random alloys");
    assertEquals(0.4 * 0.4, mean[1], 0.01, "P(Ni-Ni bond) = x^2 for a random alloy");
  }

  /** The packed path (popcounts, bit-sliced neighbour counts) against the definitions on the site tables. */
  @Test
  void matchesTheDefinitionsOnGeneratedCandidates() {
    CandidateGenerator g = new CandidateGenerator(lattice, 99);
    for (long id = 0; id < 500; id++) {
      byte[] occ = g.generate(id).occupation();
      assertArrayEquals(naive(occ), descriptors.compute(occ), 1e-12, "candidate " + id);
    }
  }

  @Test
  void otherSupercellsAreRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Descriptors(AlloySystem.CU_NI, new FccLattice(3, 4)));
    assertTrue(e.getMessage().contains("4x4x4"), e.getMessage());
  }

  private double[] naive(byte[] occ) {
    int n = occ.length;
    int nB = 0;
    for (byte b : occ) nB += b;
    double x = nB / (double) n;
    double[] f = new double[61];
    f[0] = x;
    int[][] count = new int[4][n];
    for (int s = 1; s <= 4; s++) {
      int z = lattice.coordination(s);
      long bb = 0;
      long ab = 0;
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < z; k++) count[s - 1][i] += occ[lattice.neighbourTable(s)[i * z + k]];
        if (occ[i] == 1) bb += count[s - 1][i];
        else ab += count[s - 1][i];
      }
      f[s] = bb / (double) (n * z);
      f[4 + s] = nB == 0 || nB == n ? 0 : 1 - (ab / (double) ((n - nB) * z)) / x;
    }
    for (int i = 0; i < n; i++) {
      double u = count[0][i] / 12.0;
      double v = count[1][i] / 6.0;
      int base = 9 + 3 * occ[i];
      f[base] += u * u / n;
      f[base + 1] += u * v / n;
      f[base + 2] += v * v / n;
      f[21 + 13 * occ[i] + count[0][i]] += 1.0 / n;
      f[47 + 7 * occ[i] + count[1][i]] += 1.0 / n;
      double[] d1 = dipole(occ, i, 1);
      double[] d2 = dipole(occ, i, 2);
      int dip = 15 + 3 * occ[i];
      f[dip] += dot(d1, d1) / n;
      f[dip + 1] += dot(d1, d2) / n;
      f[dip + 2] += dot(d2, d2) / n;
    }
    return f;
  }

  /** The sum of the unit vectors from site i to the B atoms of its shell, from the site tables and coordinates. */
  private double[] dipole(byte[] occ, int i, int shell) {
    int z = lattice.coordination(shell);
    int period = 2 * lattice.cells();
    double[] d = new double[3];
    for (int k = 0; k < z; k++) {
      int j = lattice.neighbourTable(shell)[i * z + k];
      if (occ[j] == 0) continue;
      for (int a = 0; a < 3; a++) {
        int step = Math.floorMod(lattice.coordinate(j, a) - lattice.coordinate(i, a) + period / 2, period) - period / 2;
        d[a] += step / Math.sqrt(2.0 * shell);
      }
    }
    return d;
  }

  private static double dot(double[] u, double[] v) {
    return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  }

  @Test
  void wrongSizeIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> descriptors.compute(new byte[32]));
  }

  private byte[] occupy(int sublatticeMask) {
    byte[] occ = new byte[lattice.sites()];
    for (int i = 0; i < occ.length; i++) occ[i] = (byte) ((sublatticeMask >> lattice.sublattice(i)) & 1);
    return occ;
  }
}
