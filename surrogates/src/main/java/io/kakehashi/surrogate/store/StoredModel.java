package io.kakehashi.surrogate.store;

import io.kakehashi.surrogate.model.Ensemble;
import java.nio.file.Path;

/** A model version read from (or just written to) a {@link ModelStore}. */
public record StoredModel(ModelVersion id, Path directory, Ensemble ensemble, ModelCard card) {}
