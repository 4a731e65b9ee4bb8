package io.kakehashi.campaigns.alloy;
import io.kakehashi.campaigns.alloy.descriptor.Descriptors;
import io.kakehashi.campaigns.alloy.structure.CandidateGenerator;
import io.kakehashi.campaigns.alloy.structure.Candidate;
import io.kakehashi.campaigns.alloy.lammps.BatchHdf5Writer;
import io.kakehashi.campaigns.alloy.structure.AlloySystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.lammps.BatchSpec;
import io.kakehashi.campaigns.alloy.lammps.LammpsResults;
import io.kakehashi.campaigns.alloy.lammps.LocalLammps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real batch: Debian's lmp relaxes four 256-atom Cu-Ni candidates, once with 1 and once with 2 MPI ranks. */
class LammpsBatchTest {
  @TempDir static Path dir;

  private static final BatchSpec spec = new BatchSpec(AlloySystem.CU_NI, 4, 4, 42, new long[] {0, 1, 2, 3});
  private static LocalLammps.Run oneRank;

  @BeforeAll
  static void relaxOnce() throws Exception {
    oneRank = new LocalLammps().relax(spec, dir.resolve("np1"), 1);
  }

  @Test
  void pureElementReferencesMatchThePotential() {
    LammpsResults r = oneRank.results();
    // Cohesive energies and lattice constants the CuNi.eam.alloy file was fitted to.
    assertEquals(-3.54, r.referenceA().energyPerAtom(), 1e-3, "Cu");
    assertEquals(-4.45, r.referenceB().energyPerAtom(), 1e-3, "Ni");
    assertEquals(Math.pow(3.615, 3) / 4, r.referenceA().volumePerAtom(), 0.01, "Cu volume (a = 3.615 A)");
    assertEquals(Math.pow(3.52, 3) / 4, r.referenceB().volumePerAtom(), 0.01, "Ni volume (a = 3.52 A)");
  }

  @Test
  void everyCandidateRelaxesWithASmallPositiveMixingEnergy() {
    LammpsResults r = oneRank.results();
    assertEquals(List.of(), r.failures());
    assertEquals(4, r.relaxed().size());
    CandidateGenerator g = spec.generator();
    for (LammpsResults.Relaxed c : r.relaxed()) {
      double x = g.generate(c.id()).fractionB();
      double mix = r.mixingEnergy(c, x);
      // Cu-Ni with this potential: mixing costs energy (miscibility gap), tens of meV at most.
      if (x > 0 && x < 1) assertTrue(mix > 0 && mix < 0.05, "candidate " + c.id() + " x=" + x + " E_mix=" + mix);
      assertTrue(c.seconds() > 0 && c.seconds() < oneRank.processSeconds(), "LAMMPS loop time " + c.seconds());
      double vegard = (1 - x) * r.referenceA().volumePerAtom() + x * r.referenceB().volumePerAtom();
      assertEquals(vegard, c.volumePerAtom(), 0.02 * vegard, "volume within 2% of Vegard's law");
    }
  }

  @Test
  void twoRanksGiveTheSameEnergies() throws Exception {
    LammpsResults two = new LocalLammps().relax(spec, dir.resolve("np2"), 2).results();
    assertEquals(oneRank.results().referenceA().energyPerAtom(), two.referenceA().energyPerAtom(), 1e-9);
    for (int i = 0; i < 4; i++) {
      assertEquals(oneRank.results().relaxed().get(i).energyPerAtom(), two.relaxed().get(i).energyPerAtom(), 1e-7,
          "candidate " + i);
    }
  }

  @Test
  void nickelAluminiumOrdersWithLargeNegativeMixingEnergy() throws Exception {
    BatchSpec nial = new BatchSpec(AlloySystem.NI_AL, 4, 4, 5, new long[] {1, 3});
    LammpsResults r = new LocalLammps().relax(nial, dir.resolve("nial"), 1).results();
    assertEquals(-4.45, r.referenceA().energyPerAtom(), 1e-3, "Ni");
    assertEquals(-3.36, r.referenceB().energyPerAtom(), 1e-3, "Al");
    CandidateGenerator g = nial.generator();
    for (LammpsResults.Relaxed c : r.relaxed()) {
      double mix = r.mixingEnergy(c, g.generate(c.id()).fractionB());
      assertTrue(mix < -0.1, "Ni-Al candidate " + c.id() + " E_mix=" + mix + " eV/atom");
    }
  }

  @Test
  void hdf5FileReadsBackWithH5py() throws Exception {
    Path h5 = dir.resolve("batch.h5");
    BatchHdf5Writer.write(h5, spec.descriptors(), spec.source(), oneRank.results());
    Map<String, String[]> py = h5py(h5);

    assertArrayEquals(new String[] {"0", "1", "2", "3"}, py.get("candidate_id"));
    assertArrayEquals(new String[] {"4", "256"}, py.get("occupation.shape"));
    CandidateGenerator g = spec.generator();
    Descriptors d = spec.descriptors();
    LammpsResults r = oneRank.results();
    for (int i = 0; i < 4; i++) {
      Candidate c = g.generate(i);
      assertEquals(c.countB(), Integer.parseInt(py.get("occupation.rowsum")[i]));
      LammpsResults.Relaxed relaxed = r.relaxed().get(i);
      assertEquals(relaxed.energyPerAtom(), Double.parseDouble(py.get("energy_per_atom")[i]), 0);
      assertEquals(r.mixingEnergy(relaxed, c.fractionB()), Double.parseDouble(py.get("mixing_energy")[i]), 0);
      assertEquals(d.compute(c.occupation())[5], Double.parseDouble(py.get("sro_1")[i]), 0);
      assertEquals(1 - c.fractionB(), Double.parseDouble(py.get("x_Cu")[i]), 0);
    }
    assertArrayEquals(new String[] {"CuNi"}, py.get("attr.system"));
    assertArrayEquals(new String[] {"42"}, py.get("attr.seed"));
    assertArrayEquals(new String[] {"0"}, py.get("attr.failed_count"));
    assertEquals(d.names(), List.of(py.get("attr.feature_names")));
  }

  /** Reads the file with the reference HDF5 library through Debian's h5py (not the pyenv python). */
  private static Map<String, String[]> h5py(Path file) throws IOException, InterruptedException {
    String script = String.join("\n",
        "import sys, h5py",
        "f = h5py.File(sys.argv[1], 'r')",
        "def show(name, values): print(name + ' ' + ' '.join(values))",
        "for k in f:",
        "    if f[k].ndim == 1: show(k, [repr(v.item()) for v in f[k][:]])",
        "show('occupation.shape', [str(s) for s in f['occupation'].shape])",
        "show('occupation.rowsum', [str(int(s)) for s in f['occupation'][:].sum(axis=1)])",
        "for k, v in f.attrs.items():",
        "    vals = v if hasattr(v, '__len__') and not isinstance(v, (bytes, str)) else [v]",
        "    show('attr.' + k, [x.decode() if isinstance(x, bytes) else str(x) for x in vals])");
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    Map<String, String[]> m = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.split(" ");
      m.put(f[0], Arrays.copyOfRange(f, 1, f.length));
    }
    return m;
  }
}
