package io.kakehashi.campaigns.alloy.sampling;
import io.kakehashi.campaigns.alloy.structure.PackedSupercell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import io.kakehashi.campaigns.alloy.structure.FccLattice;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SwapMonteCarloTest {
  private static final double KB = SwapMonteCarlo.BOLTZMANN_EV_PER_K;
  private final FccLattice lattice = new FccLattice(4, 4);
  private final Descriptors descriptors = new Descriptors(AlloySystem.CU_NI, lattice);

  /**
   * Two-state toy: one B atom, whose energy is 0 on sublattice 0 (64 sites) and Δ on the other
   * three (192 sites). Per atom that is 0 or Δ / 256, so a move changes the cell's energy by 0 or ±Δ.
   */
  private static final class OneAtomToy implements SwapMonteCarlo.Energy {
    final double delta;
    /** The B atom's site (64 * word + bit) in each chain's last proposal. */
    final int[] lastSite;

    OneAtomToy(double delta, int chains) {
      this.delta = delta;
      this.lastSite = new int[chains];
    }

    @Override
    public void energies(long[][] cells, int n, double[] out) {
      for (int c = 0; c < n; c++) {
        lastSite[c] = siteOfTheB(cells[c]);
        out[c] = lastSite[c] < 64 ? 0.0 : delta / 256;
      }
    }
  }

  private static int siteOfTheB(long[] words) {
    for (int b = 0; b < 4; b++) if (words[b] != 0) return 64 * b + Long.numberOfTrailingZeros(words[b]);
    throw new AssertionError("no B atom");
  }

  /** Δ = kT ln 3: the Boltzmann factor is 1/3 and the atom spends half its time on sublattice 0. */
  private static final double TOY_T = 1000;
  private static final double TOY_DELTA = KB * TOY_T * Math.log(3);
  private static final double BOLTZMANN = Math.exp(-TOY_DELTA / (KB * TOY_T));

  @Test
  void uphillMovesAreAcceptedWithTheBoltzmannFactor() throws Exception {
    // Stepping a block by hand shows every proposal (the toy sees it) and its outcome.
    int chains = 256;
    OneAtomToy toy = new OneAtomToy(TOY_DELTA, chains);
    var block = new SwapMonteCarlo.Block(new SwapMonteCarlo.Settings(TOY_T, 1, chains, 1, 11, 1), 0, chains);
    block.start(toy);
    long uphill = 0, uphillAccepted = 0, downhill = 0, downhillAccepted = 0;
    int[] before = new int[chains];
    for (int step = 0; step < 2000; step++) {
      for (int c = 0; c < chains; c++) before[c] = siteOfTheB(block.cell(c));
      block.step(toy);
      for (int c = 0; c < chains; c++) {
        int proposed = toy.lastSite[c];
        boolean accepted = siteOfTheB(block.cell(c)) == proposed;
        if (before[c] < 64 && proposed >= 64) {
          uphill++;
          if (accepted) uphillAccepted++;
        } else if (before[c] >= 64 && proposed < 64) {
          downhill++;
          if (accepted) downhillAccepted++;
        }
      }
    }
    // Given the proposal, acceptance is a fresh uniform draw: independent Bernoulli trials.
    double rate = (double) uphillAccepted / uphill;
    double standardError = Math.sqrt(BOLTZMANN * (1 - BOLTZMANN) / uphill);
    assertEquals(BOLTZMANN, rate, 4 * standardError, "uphill acceptance over " + uphill + " moves");
    assertTrue(downhill > 10_000);
    assertEquals(downhill, downhillAccepted, "downhill moves are always accepted");
  }

  @Test
  void stationaryDistributionIsBoltzmann() throws Exception {
    var settings = new SwapMonteCarlo.Settings(TOY_T, 1, 512, 40, 5, 20);
    SwapMonteCarlo.Result result = SwapMonteCarlo.run(new OneAtomToy(TOY_DELTA, 512), settings, 512);

    // Batch means: chains are independent, so the spread of their time averages gives an honest error.
    double[] perChain = new double[settings.chains()];
    for (SwapMonteCarlo.Snapshot s : result.snapshots()) {
      if (siteOfTheB(s.words()) < 64) perChain[s.chain()] += 1.0 / settings.snapshotsPerChain();
    }
    double mean = Arrays.stream(perChain).average().orElseThrow();
    double variance = Arrays.stream(perChain).map(f -> (f - mean) * (f - mean)).sum() / (perChain.length - 1);
    double standardError = Math.sqrt(variance / perChain.length);
    double expected = 64 / (64 + 192 * BOLTZMANN);
    assertEquals(0.5, expected, 1e-12);
    assertEquals(expected, mean, 4 * standardError, "fraction of time on sublattice 0");
    assertTrue(standardError < 0.01, "the test resolves the distribution: standard error " + standardError);
    // From sublattice 0, 63 of the 255 A sites are level and 192 uphill (a third accepted); from
    // elsewhere every move is level or downhill. Millions of moves: the rate is sharp.
    double acceptance = expected * (63 + 192 * BOLTZMANN) / 255 + (1 - expected);
    assertEquals(acceptance, result.acceptanceRate(), 0.005);
  }

  /** A model of energy per atom J * pair_NiNi_1: J < 0 favours Ni-Ni neighbours (clustering). */
  private Screening.BlockModel pairModel(double j) {
    int column = descriptors.names().indexOf("pair_NiNi_1");
    return (features, stride, rows, out) -> {
      for (int r = 0; r < rows; r++) out[r] = j * features[column * stride + r];
    };
  }

  /** J = 6 ε with ε = -50 meV per Ni-Ni bond (1536 first-shell bonds over 256 atoms); T_c is near 1400 K. */
  private static final double J = -0.3;

  @Test
  void attractionClustersAtLowTemperatureAndNotAtHighTemperature() throws Exception {
    SwapMonteCarlo.Energy energy = SwapMonteCarlo.surrogate(descriptors, pairModel(J));
    int sro1 = descriptors.names().indexOf("sro_1");
    var cold = SwapMonteCarlo.run(energy, new SwapMonteCarlo.Settings(300, 64, 16, 100, 3, 10), 16);
    var hot = SwapMonteCarlo.run(energy, new SwapMonteCarlo.Settings(50_000, 64, 16, 100, 3, 10), 16);
    double coldSro = meanFeature(cold, sro1);
    double hotSro = meanFeature(hot, sro1);
    assertTrue(coldSro > 0.4, "Ni clusters at 300 K: alpha_1 = " + coldSro);
    assertEquals(0.0, hotSro, 0.02, "nearly random at 50,000 K: alpha_1");
    assertTrue(cold.meanEnergyPerAtom() < hot.meanEnergyPerAtom());
    assertTrue(cold.acceptanceRate() < hot.acceptanceRate());
  }

  private double meanFeature(SwapMonteCarlo.Result result, int column) {
    return result.snapshots().stream().mapToDouble(s -> descriptors.compute(s.occupation())[column]).average()
        .orElseThrow();
  }

  @Test
  void sameSeedSameSnapshotsWhateverTheBlocksThreadsOrOtherChains() throws Exception {
    SwapMonteCarlo.Energy energy = SwapMonteCarlo.surrogate(descriptors, pairModel(J));
    var settings = new SwapMonteCarlo.Settings(800, 100, 6, 6, 42, 3);
    List<SwapMonteCarlo.Snapshot> reference = SwapMonteCarlo.run(energy, settings, 6).snapshots();
    assertEquals(6 * 3, reference.size());

    assertEquals(reference, SwapMonteCarlo.run(energy, settings, 6).snapshots(), "same call");
    assertEquals(reference, SwapMonteCarlo.run(energy, settings, 4).snapshots(), "blocks of 4 and 2 chains");
    assertEquals(reference, SwapMonteCarlo.run(() -> SwapMonteCarlo.surrogate(descriptors, pairModel(J)), settings, 1, 2)
        .snapshots(), "one chain per block, two threads");
    var fewerChains = new SwapMonteCarlo.Settings(800, 100, 2, 6, 42, 3);
    assertEquals(reference.subList(0, 2 * 3), SwapMonteCarlo.run(energy, fewerChains, 6).snapshots(),
        "chain i does not depend on how many others run");

    var otherSeed = new SwapMonteCarlo.Settings(800, 100, 6, 6, 43, 3);
    List<SwapMonteCarlo.Snapshot> other = SwapMonteCarlo.run(energy, otherSeed, 6).snapshots();
    for (int i = 0; i < reference.size(); i++) {
      assertNotEquals(reference.get(i), other.get(i), "another seed, another trajectory");
    }
    // Chains differ from each other too (their streams are not shifted copies of one another).
    assertNotEquals(reference.get(0).words()[0], reference.get(3).words()[0]);
  }

  @Test
  void snapshotsKeepTheCompositionAndComeAfterBurnIn() throws Exception {
    SwapMonteCarlo.Energy energy = SwapMonteCarlo.surrogate(descriptors, pairModel(J));
    for (int countB : new int[] {1, 77, 128, 255}) {
      var settings = new SwapMonteCarlo.Settings(600, countB, 5, 10, 9, 5);
      var result = SwapMonteCarlo.run(energy, settings, 3);
      assertEquals(5 * 5, result.snapshots().size());
      for (SwapMonteCarlo.Snapshot s : result.snapshots()) {
        assertEquals(countB, PackedSupercell.countB(s.words()), "B count of " + s);
        assertEquals(s.energyPerAtom(), J * descriptors.compute(s.occupation())[1], 1e-6, "its energy");
      }
      // Five equally spaced snapshots over sweeps 6..10, chain by chain.
      assertEquals(List.of(6, 7, 8, 9, 10), result.snapshots().subList(0, 5).stream()
          .map(SwapMonteCarlo.Snapshot::sweep).toList());
      assertEquals(List.of(0, 0, 0, 0, 0, 1), result.snapshots().subList(0, 6).stream()
          .map(SwapMonteCarlo.Snapshot::chain).toList());
      assertEquals(5L * 10 * 256, result.proposals());
      assertTrue(result.accepted() > 0);
    }
  }

  @Test
  void pureElementsStayWhereTheyStart() throws Exception {
    SwapMonteCarlo.Energy energy = SwapMonteCarlo.surrogate(descriptors, pairModel(J));
    var nickel = SwapMonteCarlo.run(energy, new SwapMonteCarlo.Settings(600, 256, 2, 4, 1, 2), 2);
    for (SwapMonteCarlo.Snapshot s : nickel.snapshots()) assertArrayEquals(new long[] {-1, -1, -1, -1}, s.words());
    assertEquals(J, nickel.meanEnergyPerAtom(), 1e-6, "every bond is Ni-Ni");
    assertEquals(0.0, nickel.acceptanceRate());
    var copper = SwapMonteCarlo.run(energy, new SwapMonteCarlo.Settings(600, 0, 2, 4, 1, 2), 2);
    for (SwapMonteCarlo.Snapshot s : copper.snapshots()) assertArrayEquals(new long[4], s.words());
    assertEquals(List.of(3, 4, 3, 4), copper.snapshots().stream().map(SwapMonteCarlo.Snapshot::sweep).toList());
  }

  @Test
  void settingsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new SwapMonteCarlo.Settings(0, 10, 1, 10, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new SwapMonteCarlo.Settings(300, 257, 1, 10, 1, 1));
    // Ten sweeps leave five after burn-in: at most five snapshots.
    assertThrows(IllegalArgumentException.class, () -> new SwapMonteCarlo.Settings(300, 10, 1, 10, 1, 6));
  }

  @Test
  void selectFindsTheRankedSite() {
    long word = 0b1011_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0001_0000_0000_0000_0101L;
    int[] expected = {0, 2, 16, 60, 61, 63};
    for (int rank = 0; rank < expected.length; rank++) assertEquals(expected[rank], SwapMonteCarlo.selectBit(word, rank));
    long[] cell = {0, 1L << 5, 0, -1L};
    assertEquals(64 + 5, SwapMonteCarlo.nthSite(cell, 0, 0));
    assertEquals(192 + 7, SwapMonteCarlo.nthSite(cell, 8, 0));
    assertEquals(64 + 6, SwapMonteCarlo.nthSite(cell, 64 + 5, -1L), "A sites skip the B at 64 + 5");
  }

  /**
   * Throughput with the real descriptors (four shells) and a trivial model, by hand:
   * {@code java -cp TEST_AND_MAIN_CLASSPATH io.kakehashi.campaigns.alloy.SwapMonteCarloTest [CHAINS] [SWEEPS] [THREADS]}.
   */
  public static void main(String[] args) throws Exception {
    int chains = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int sweeps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Descriptors d = new Descriptors(AlloySystem.CU_NI, new FccLattice(4, 4));
    Screening.BlockModel trivial = (features, stride, rows, out) -> {
      for (int r = 0; r < rows; r++) out[r] = -0.3 * features[stride + r];
    };
    var settings = new SwapMonteCarlo.Settings(800, 128, chains, sweeps, 1, 1);
    for (int round = 0; round < 3; round++) {
      var result = SwapMonteCarlo.run(() -> SwapMonteCarlo.surrogate(d, trivial), settings, 256, threads);
      System.out.printf(Locale.ROOT, "%d chains x %d sweeps, %d thread(s): %.3f s, %.3g proposals/s, acceptance %.3f%n",
          chains, sweeps, threads, result.seconds(), result.proposals() / result.seconds(), result.acceptanceRate());
    }
  }
}
