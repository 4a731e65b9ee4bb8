package io.kakehashi.surrogate.step;

import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.store.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a training step builds: model {@code name} predicting {@code targets} from {@code schema}
 * with {@code config}. With a {@code sharedStore}, each training also becomes the next version
 * there ({@code name@vN}), so versions count up across runs; without one, the model lives only in
 * the step's work directory.
 */
public record TrainSpec(String name, FeatureSchema schema, List<String> targets, EnsembleConfig config, Path sharedStore) {
  public TrainSpec {
    ModelVersion.requireValidName(name);
    Objects.requireNonNull(schema, "schema");
    targets = List.copyOf(targets);
    Objects.requireNonNull(config, "config");
    if (targets.isEmpty()) throw new IllegalArgumentException("model '" + name + "' needs at least one target");
  }

  public static TrainSpec of(String name, FeatureSchema schema, String target, EnsembleConfig config) {
    return new TrainSpec(name, schema, List.of(target), config, null);
  }

  public TrainSpec withSharedStore(Path root) {
    return new TrainSpec(name, schema, targets, config, root);
  }

  public Optional<Path> store() {
    return Optional.ofNullable(sharedStore);
  }
}
