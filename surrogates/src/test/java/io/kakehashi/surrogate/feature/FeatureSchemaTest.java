package io.kakehashi.surrogate.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.model.Ensemble;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSchemaTest {
  final FeatureSchema schema = new FeatureSchema(List.of(
      new FeatureSchema.Feature("x_Ni", FeatureType.CONTINUOUS),
      new FeatureSchema.Feature("x_Cu", FeatureType.CONTINUOUS),
      new FeatureSchema.Feature("shell", FeatureType.INTEGER)));

  @Test
  void sameColumnsInTheSameOrderPass() {
    schema.requireSame(List.of("x_Ni", "x_Cu", "shell"));
  }

  @Test
  void mismatchNamesMissingExtraAndReorderedFeatures() {
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
        () -> schema.requireSame(List.of("x_Cu", "x_Ni", "sro_1")));
    assertEquals(List.of("shell"), e.missing());
    assertEquals(List.of("sro_1"), e.extra());
    assertEquals(List.of("x_Cu", "x_Ni"), e.reordered());
    assertTrue(e.getMessage().contains("missing [shell]"), e.getMessage());
    assertTrue(e.getMessage().contains("extra [sro_1]"), e.getMessage());
    assertTrue(e.getMessage().contains("out of order [x_Cu, x_Ni]"), e.getMessage());
  }

  @Test
  void tableMayCarryExtraColumnsButNotLackFeaturesOrBreakTypes() {
    Table ok = Table.builder("id", "shell", "x_Cu", "x_Ni").addRow(7, 2, 0.5, 0.5).build();
    schema.requireIn(ok);

    Table lacking = Table.builder("x_Ni", "shell").addRow(0.5, 2).build();
    SchemaMismatchException missing = assertThrows(SchemaMismatchException.class, () -> schema.requireIn(lacking));
    assertEquals(List.of("x_Cu"), missing.missing());

    Table fractional = Table.builder("x_Ni", "x_Cu", "shell").addRow(0.5, 0.5, 1.5).build();
    SchemaMismatchException badType = assertThrows(SchemaMismatchException.class, () -> schema.requireIn(fractional));
    assertTrue(badType.getMessage().contains("feature 'shell' is INTEGER but row 0 holds 1.5"), badType.getMessage());
  }

  @Test
  void aModelRefusesInputThatDoesNotMatchItsSchema() {
    Ensemble model = SyntheticData.quickEnsemble();
    Table noX1 = Table.builder("x0", "x2").addRow(0.1, 0.2).build();
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> model.predict(noX1));
    assertEquals(List.of("x1"), e.missing());

    float[] row = {0.1f, 0.2f, 0.3f};
    SchemaMismatchException swapped = assertThrows(SchemaMismatchException.class,
        () -> model.predict(List.of("x1", "x0", "x2"), row, 1));
    assertEquals(List.of("x1", "x0"), swapped.reordered());
    assertEquals(1, model.predict(List.of("x0", "x1", "x2"), row, 1).rowCount());
  }

  @Test
  void standardizerMapsTrainingColumnsToZeroMeanUnitVariance() {
    ColumnStats stats = new ColumnStats(List.of("a", "b"));
    stats.add(new double[] {1, 5});
    stats.add(new double[] {3, 5});
    Standardizer s = stats.standardizer();
    assertEquals(2.0, s.mean()[0]);
    assertEquals(1.0, s.scale()[0]);
    assertEquals(1.0, s.scale()[1], "a constant column keeps scale 1");
    float[] block = {1, 5, 3, 5};
    s.apply(block, 2);
    assertEquals(-1f, block[0]);
    assertEquals(1f, block[2]);
    assertEquals(0f, block[1]);
    assertEquals(3.0, s.invert(0, 1.0));
  }
}
