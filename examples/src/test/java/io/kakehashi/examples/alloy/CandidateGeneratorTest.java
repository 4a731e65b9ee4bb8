package io.kakehashi.examples.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateGeneratorTest {
  private final FccLattice lattice = new FccLattice(4, 4);

  @Test
  void candidateIsDeterminedBySeedAndIdAlone() {
    CandidateGenerator a = new CandidateGenerator(lattice, 42);
    CandidateGenerator b = new CandidateGenerator(lattice, 42);
    for (long id = 999; id >= 0; id -= 37) b.generate(id); // another history must not matter
    for (long id : new long[] {0, 1, 17, 123_456, 999_999, Long.MAX_VALUE}) {
      assertEquals(a.generate(id), b.generate(id), "candidate " + id);
    }
    assertNotEquals(a.generate(5), a.generate(6));
    assertNotEquals(a.generate(5), new CandidateGenerator(lattice, 43).generate(5));
  }

  @Test
  void orderingsProduceTheShortRangeOrderTheyPromise() {
    CandidateGenerator g = new CandidateGenerator(lattice, 1);
    Descriptors d = new Descriptors(AlloySystem.CU_NI, lattice);
    Map<Ordering, double[]> sumAlpha1 = new EnumMap<>(Ordering.class);
    int[] countB = new int[lattice.sites() + 1];
    for (long id = 0; id < 3000; id++) {
      Candidate c = g.generate(id);
      countB[c.countB()]++;
      if (c.countB() < 48 || c.countB() > 208) continue; // SRO is noisy near the pure ends
      double[] acc = sumAlpha1.computeIfAbsent(c.ordering(), o -> new double[2]);
      acc[0] += d.compute(c.occupation())[5];
      acc[1]++;
    }
    double random = sumAlpha1.get(Ordering.RANDOM)[0] / sumAlpha1.get(Ordering.RANDOM)[1];
    double clustered = sumAlpha1.get(Ordering.CLUSTERED)[0] / sumAlpha1.get(Ordering.CLUSTERED)[1];
    double ordered = sumAlpha1.get(Ordering.ORDERED)[0] / sumAlpha1.get(Ordering.ORDERED)[1];
    assertEquals(0.0, random, 0.02, "random");
    assertTrue(clustered > 0.1, "clustered mean alpha_1 = " + clustered);
    assertTrue(ordered < -0.1, "ordered mean alpha_1 = " + ordered);
    assertTrue(countB[0] > 0 && countB[lattice.sites()] > 0 && countB[128] > 0, "compositions span 0..1");
  }

  @Test
  void compositionIsExact() {
    CandidateGenerator g = new CandidateGenerator(lattice, 3);
    for (long id = 0; id < 300; id++) {
      Candidate c = g.generate(id);
      byte[] occ = c.occupation();
      int ones = 0;
      for (byte b : occ) {
        assertTrue(b == 0 || b == 1);
        ones += b;
      }
      assertEquals(c.countB(), ones);
    }
  }
}
