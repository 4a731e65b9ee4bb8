package io.kakehashi.campaigns.alloy.structure;
import io.kakehashi.campaigns.alloy.descriptor.Descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
    Map<Family, double[]> sumAlpha1 = new EnumMap<>(Family.class);
    int[] countB = new int[lattice.sites() + 1];
    for (long id = 0; id < 3000; id++) {
      Candidate c = g.generate(id);
      countB[c.countB()]++;
      if (c.countB() < 48 || c.countB() > 208) continue; // SRO is noisy near the pure ends
      double[] acc = sumAlpha1.computeIfAbsent(c.family(), o -> new double[2]);
      acc[0] += d.compute(c.occupation())[5];
      acc[1]++;
    }
    double random = sumAlpha1.get(Family.RANDOM)[0] / sumAlpha1.get(Family.RANDOM)[1];
    double clustered = sumAlpha1.get(Family.CLUSTERED)[0] / sumAlpha1.get(Family.CLUSTERED)[1];
    double ordered = sumAlpha1.get(Family.ORDERED)[0] / sumAlpha1.get(Family.ORDERED)[1];
    assertEquals(0.0, random, 0.02, "random");
    assertTrue(clustered > 0.1, "clustered mean alpha_1 = " + clustered);
    assertTrue(ordered < -0.1, "ordered mean alpha_1 = " + ordered);
    assertTrue(countB[0] > 0 && countB[lattice.sites()] > 0 && countB[128] > 0, "compositions span 0..1");
  }

  @Test
  void everyGeneratedFamilyAppearsAndTheNewOnesSegregateOrLayer() {
    CandidateGenerator g = new CandidateGenerator(lattice, 7);
    Descriptors d = new Descriptors(AlloySystem.CU_NI, lattice);
    Map<Family, double[]> alpha1 = new EnumMap<>(Family.class);
    for (long id = 0; id < 6000; id++) {
      Candidate c = g.generate(id);
      assertEquals(c.family(), g.family(id), "family(id) without building candidate " + id);
      if (c.countB() < 64 || c.countB() > 192) continue;
      double[] acc = alpha1.computeIfAbsent(c.family(), f -> new double[2]);
      acc[0] += d.compute(c.occupation())[5];
      acc[1]++;
    }
    assertEquals(Family.GENERATED, alpha1.size(), "families drawn: " + alpha1.keySet());
    // Waves and precipitates put like atoms together; layers stack whole planes, so their shell-1
    // order ranges from strongly unlike (alternating planes) to strongly like (thick slabs).
    assertTrue(alpha1.get(Family.WAVE)[0] / alpha1.get(Family.WAVE)[1] > 0.05, "waves segregate");
    assertTrue(alpha1.get(Family.PRECIPITATES)[0] / alpha1.get(Family.PRECIPITATES)[1] > 0.15, "precipitates cluster");
    double[] layered = new double[2];
    for (long id = 0; id < 30000; id++) {
      if (g.family(id) != Family.LAYERED) continue;
      Candidate c = g.generate(id);
      if (c.countB() < 112 || c.countB() > 144) continue;
      double a = d.compute(c.occupation())[5];
      layered[0] = Math.min(layered[0], a);
      layered[1] = Math.max(layered[1], a);
    }
    assertTrue(layered[0] < -0.2 && layered[1] > 0.2, "layered alpha_1 spans ordering and segregation: "
        + Arrays.toString(layered));
  }

  @Test
  void compositionIsExact() {
    CandidateGenerator g = new CandidateGenerator(lattice, 3);
    for (long id = 0; id < 3000; id++) {
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
