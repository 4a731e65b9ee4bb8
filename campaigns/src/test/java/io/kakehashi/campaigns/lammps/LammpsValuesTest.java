package io.kakehashi.campaigns.lammps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.campaigns.alloy.structure.AlloySystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LammpsValuesTest {
  @TempDir Path dir;

  @Test
  void aPotentialIsAnExistingFileWhosePathIsOneSafeWord() throws Exception {
    Path pot = Files.writeString(dir.resolve("CuNi.eam.alloy"), "setfl");
    assertEquals(pot.toString(), LammpsValues.potentialFile("potential", pot.toString()));
    for (String bad : new String[] {pot + "\nshell touch pwned", pot + " Cu", pot + "#", "$(x)", "${a}", pot + " &",
        "\"" + pot + "\"", "'" + pot + "'", "", pot + ";rm"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LammpsValues.potentialFile("potential", bad), bad);
      assertTrue(e.getMessage().startsWith("parameter 'potential': ") && !e.getMessage().contains("\n"), e.getMessage());
    }
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> LammpsValues.potentialFile("potential", dir.resolve("nope.eam").toString()));
    assertTrue(missing.getMessage().contains("is not a readable potential file"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LammpsValues.potentialFile("potential", dir.toString()));
  }

  @Test
  void anAlloySystemWritesOnlyCheckedWordsIntoItsBatchInputs() {
    Path pot = Path.of("/usr/share/lammps/potentials/CuNi.eam.alloy");
    assertThrows(IllegalArgumentException.class,
        () -> new AlloySystem("CuNi\nshell touch x", "Cu", "Ni", 63.5, 58.7, 3.6, 3.5, pot));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new AlloySystem("CuNi", "Cu", "Ni Al", 63.5, 58.7, 3.6, 3.5, pot)).getMessage()
        .startsWith("parameter 'elementB'"));
    assertThrows(IllegalArgumentException.class,
        () -> new AlloySystem("CuNi", "Cu", "Ni", 63.5, 58.7, 3.6, 3.5, Path.of("/p/x.eam include y")));
    assertEquals("Ni", AlloySystem.NI_AL.elementA());
  }

  @Test
  void elementsAreChemicalSymbols() {
    assertEquals("Cu", LammpsValues.element("elements", "Cu"));
    for (String bad : new String[] {"cu", "Xx", "Cu Ni", "Cu\nshell", "", "CU"}) {
      assertTrue(assertThrows(IllegalArgumentException.class, () -> LammpsValues.element("elements", bad))
          .getMessage().contains("is not a chemical element symbol"));
    }
  }
}
