package io.kakehashi.campaigns.alloy.structure;

import io.kakehashi.campaigns.lammps.LammpsValues;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A binary fcc alloy A-B and the EAM potential that describes it. Species index 0 is element A
 * (LAMMPS atom type 1), index 1 is element B (type 2); occupations store these indices.
 *
 * @param name short name, e.g. {@code "CuNi"}
 * @param elementA element of species 0, as named in the potential file
 * @param elementB element of species 1
 * @param massA atomic mass of A in g/mol
 * @param massB atomic mass of B in g/mol
 * @param latticeA fcc lattice constant of pure A in angstrom (start of the box relaxation)
 * @param latticeB fcc lattice constant of pure B in angstrom
 * @param potential the {@code eam/alloy} setfl file
 */
public record AlloySystem(String name, String elementA, String elementB, double massA, double massB,
    double latticeA, double latticeB, Path potential) {

  private static final Path POTENTIALS = Path.of("/usr/share/lammps/potentials");

  /** Cu-Ni (Onat and Durukanoglu 2014): a solid solution with a small positive mixing energy. */
  public static final AlloySystem CU_NI = new AlloySystem("CuNi", "Cu", "Ni", 63.546, 58.6934,
      3.615, 3.52, POTENTIALS.resolve("CuNi.eam.alloy"));

  /** Ni-Al from the Ni-Al-H potential of Angelo, Moody and Baskes (1995): strongly ordering. */
  public static final AlloySystem NI_AL = new AlloySystem("NiAl", "Ni", "Al", 58.6934, 26.9815,
      3.52, 4.05, POTENTIALS.resolve("NiAlH_jea.eam.alloy"));

  public AlloySystem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(elementA, "elementA");
    Objects.requireNonNull(elementB, "elementB");
    Objects.requireNonNull(potential, "potential");
    if (elementA.equals(elementB)) throw new IllegalArgumentException("elements must differ: " + elementA);
    // These go into the LAMMPS input as words (a comment, pair_coeff): never as LAMMPS syntax.
    LammpsValues.word("name", name);
    LammpsValues.element("elementA", elementA);
    LammpsValues.element("elementB", elementB);
    LammpsValues.word("potential", potential.toString());
    if (!(massA > 0 && massB > 0 && latticeA > 0 && latticeB > 0)) {
      throw new IllegalArgumentException(name + ": masses and lattice constants must be positive");
    }
  }

  /** The systems shipped with Debian's lammps package, by {@link #name()} (case-insensitive). */
  public static AlloySystem named(String name) {
    for (AlloySystem s : List.of(CU_NI, NI_AL)) {
      if (s.name.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) return s;
    }
    throw new IllegalArgumentException("unknown alloy system '" + name + "' (known: CuNi, NiAl)");
  }

  public String element(int species) {
    return switch (species) {
      case 0 -> elementA;
      case 1 -> elementB;
      default -> throw new IllegalArgumentException("species index " + species + " is not 0 or 1");
    };
  }

  /** Vegard's law: the starting lattice constant for a fraction {@code xB} of element B. */
  public double vegardLattice(double xB) {
    return (1 - xB) * latticeA + xB * latticeB;
  }
}
