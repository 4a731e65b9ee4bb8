package io.kakehashi.surrogate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kakehashi.surrogate.SyntheticData;
import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.EnsembleTrainer;
import io.kakehashi.surrogate.model.MlpConfig;
import io.kakehashi.surrogate.model.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  @TempDir Path root;

  @Test
  void savedModelLoadsWithIdenticalPredictions() throws Exception {
    Ensemble model = SyntheticData.quickEnsemble();
    ModelStore store = new ModelStore(root);

    StoredModel saved = store.save("smooth", model);
    StoredModel loaded = store.load("smooth", 1);

    Table probe = SyntheticData.uniform(1000, 3, -1.5, 1.5, 21, SyntheticData::smooth);
    Prediction before = model.predict(probe);
    Prediction after = loaded.ensemble().predict(probe);
    for (int r = 0; r < probe.rowCount(); r++) {
      assertEquals(before.mean(r, 0), after.mean(r, 0), 0.0);
      assertEquals(before.std(r, 0), after.std(r, 0), 0.0);
    }
    assertEquals(saved.id(), loaded.id());
    assertEquals(model.inputScaler(), loaded.ensemble().inputScaler());
    assertEquals(model.domain(), loaded.ensemble().domain());
    assertEquals(model.training().heldOut().metrics(), loaded.ensemble().training().heldOut().metrics());
  }

  @Test
  void cardsWrittenBeforeSpreadCalibrationLoadWithTheRawSpread() throws Exception {
    Ensemble model = SyntheticData.quickEnsemble();
    StoredModel saved = new ModelStore(root).save("smooth", model);
    Path card = saved.directory().resolve(ModelStore.CARD_FILE);
    var json = new ObjectMapper().readTree(card.toFile());
    ((ObjectNode) json.get("training")).remove("spread");
    new ObjectMapper().writeValue(card.toFile(), json);

    Ensemble old = ModelStore.read(saved.directory()).ensemble();

    Table probe = SyntheticData.uniform(5, 3, -1, 1, 21, SyntheticData::smooth);
    double factor = model.training().spreadFactor("y");
    assertEquals(1.0, old.training().spreadFactor("y"));
    assertEquals(model.predict(probe).std(0, 0) / factor, old.predict(probe).std(0, 0), 1e-12);
  }

  @Test
  void aModelWithALinearBaselineLoadsWithIdenticalPredictions() throws Exception {
    Ensemble model = baselineEnsemble();

    StoredModel saved = new ModelStore(root).save("linear", model);
    Ensemble loaded = ModelStore.read(saved.directory()).ensemble();

    assertEquals(model.linearBaseline(), loaded.linearBaseline());
    assertEquals(model.targetScaler(), loaded.targetScaler());
    assertEquals(model.training().config(), loaded.training().config());
    Table probe = SyntheticData.uniform(500, 3, -1.5, 1.5, 21, SyntheticData::smooth);
    Prediction before = model.predict(probe);
    Prediction after = loaded.predict(probe);
    for (int r = 0; r < probe.rowCount(); r++) {
      assertEquals(before.mean(r, 0), after.mean(r, 0), 0.0);
      assertEquals(before.std(r, 0), after.std(r, 0), 0.0);
    }
  }

  @Test
  void cardsWithoutALinearBaselineLoadAsModelsWithoutOne() throws Exception {
    StoredModel saved = new ModelStore(root).save("smooth", SyntheticData.quickEnsemble());

    // Written as before the option existed: neither the baseline nor its ridge is in the card.
    String card = Files.readString(saved.directory().resolve(ModelStore.CARD_FILE));
    assertFalse(card.contains("linearBaseline"), card);
    Ensemble loaded = ModelStore.read(saved.directory()).ensemble();
    assertTrue(loaded.linearBaseline().isEmpty());
    assertFalse(loaded.training().config().hasLinearBaseline());
  }

  @Test
  void aCardThatLostItsLinearBaselineIsRefused() throws Exception {
    StoredModel saved = new ModelStore(root).save("linear", baselineEnsemble());
    Path card = saved.directory().resolve(ModelStore.CARD_FILE);
    var json = new ObjectMapper().readTree(card.toFile());
    ((ObjectNode) json).remove("linearBaseline");
    new ObjectMapper().writeValue(card.toFile(), json);

    // Its members alone would predict residuals of a few units as the targets.
    IOException e = assertThrows(IOException.class, () -> ModelStore.read(saved.directory()));
    assertTrue(e.getMessage().contains("needs its linear baseline"), e.getMessage());
  }

  private static Ensemble baselineEnsemble() {
    MlpConfig mlp = MlpConfig.builder().hiddenLayers(16, 16).learningRate(1e-2).maxEpochs(4).validationFraction(0.2)
        .seed(3).build();
    return EnsembleTrainer.train(SyntheticData.uniform(300, 3, -1, 1, 11, x -> 80 * x[0] - 30 * x[2] + SyntheticData.smooth(x)),
        FeatureSchema.continuous("x0", "x1", "x2"), List.of("y"), EnsembleConfig.of(mlp, 3).withLinearBaseline(1e-6));
  }

  @Test
  void cardRecordsWhatTheModelIs() throws Exception {
    StoredModel saved = new ModelStore(root).save("smooth", SyntheticData.quickEnsemble());

    ModelCard card = saved.card();
    Table trainingRows = SyntheticData.uniform(300, 3, -1, 1, 11, SyntheticData::smooth);
    assertEquals(trainingRows.fingerprint(), card.training().dataFingerprint());
    assertEquals(List.of("x0", "x1", "x2"), card.schema().names());
    assertEquals(3, card.training().members().size());
    assertEquals("1.0.0-M2.1", card.libraries().get("deeplearning4j-nn"));
    assertTrue(Files.readString(saved.directory().resolve(ModelStore.CARD_FILE)).contains("\"dataFingerprint\""));
    assertTrue(Files.size(saved.directory().resolve(ModelStore.PARITY_FILE)) > 0);
  }

  @Test
  void versionsCountUpAndNoTemporaryDirectoryIsLeft() throws Exception {
    ModelStore store = new ModelStore(root);
    Ensemble model = SyntheticData.quickEnsemble();

    assertEquals("smooth@v1", store.save("smooth", model).id().label());
    assertEquals("smooth@v2", store.save("smooth", model).id().label());
    assertEquals("other@v1", store.save("other", model).id().label());

    assertEquals(List.of(1, 2), store.versions("smooth"));
    assertEquals(2, store.latest("smooth").id().version());
    try (Stream<Path> s = Files.list(root.resolve("smooth"))) {
      assertEquals(List.of("v1", "v2"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void missingVersionAndBadNameAreClearErrors() {
    ModelStore store = new ModelStore(root);
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> store.load("smooth", 3));
    assertTrue(e.getMessage().contains("no version 3 of model 'smooth'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> store.save("../escape", SyntheticData.quickEnsemble()));
  }
}
