package io.kakehashi.campaigns.lammps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks for values that a campaign writes into a LAMMPS input file. LAMMPS reads its input as
 * commands: a newline starts a new command ({@code shell rm -rf ~}, {@code include}), {@code $}
 * substitutes variables, {@code #} starts a comment, {@code &} continues a line and quotes regroup
 * words. None of that may come from a user's string, so a value either is a plain word of safe
 * characters (a path, an element symbol) or is refused, naming its parameter; nothing is quoted
 * or escaped, which LAMMPS's rules would make easy to get wrong.
 */
public final class LammpsValues {
  private LammpsValues() {}

  /** Letters, digits and {@code . _ / + , = : @ ~ -}: a path, never a second word or command. */
  private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9._/+,=:@~-]+");

  /** The chemical elements, by symbol: what {@code pair_coeff} maps atom types to. */
  public static final Set<String> ELEMENTS = Set.of("H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na",
      "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn",
      "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd",
      "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy",
      "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po",
      "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No",
      "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og");

  /** {@code value} if it is a single word LAMMPS reads as plain text. */
  public static String word(String parameter, String value) {
    if (value == null || !SAFE_WORD.matcher(value).matches()) {
      throw new IllegalArgumentException("parameter '" + parameter + "': " + shown(value)
          + " may not be written into a LAMMPS input: only letters, digits and . _ / + , = : @ ~ - are allowed");
    }
    return value;
  }

  /** An existing, readable potential file whose path is a safe word; the absolute path. */
  public static String potentialFile(String parameter, String value) {
    word(parameter, value);
    Path p = Path.of(value).toAbsolutePath().normalize();
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new IllegalArgumentException("parameter '" + parameter + "': " + shown(value)
          + " is not a readable potential file");
    }
    return word(parameter, p.toString());
  }

  /** A chemical element symbol such as {@code Cu}. */
  public static String element(String parameter, String value) {
    if (!ELEMENTS.contains(value)) {
      throw new IllegalArgumentException("parameter '" + parameter + "': " + shown(value)
          + " is not a chemical element symbol such as Cu or Ni");
    }
    return value;
  }

  /** The value quoted, with control characters visible, so that the message stays one line. */
  static String shown(String value) {
    if (value == null) return "nothing";
    StringBuilder sb = new StringBuilder("'");
    for (char c : value.toCharArray()) {
      if (c == '\n') sb.append("\\n");
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('\'').toString();
  }
}
