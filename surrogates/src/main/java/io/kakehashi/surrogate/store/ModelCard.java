package io.kakehashi.surrogate.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kakehashi.surrogate.feature.Domain;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.feature.Standardizer;
import io.kakehashi.surrogate.model.LinearBaseline;
import io.kakehashi.surrogate.model.TrainingInfo;
import java.util.List;
import java.util.Map;

/**
 * The metadata of one stored model version, written as {@code model.json} next to the member
 * networks: everything needed to rebuild the feature pipeline and to say what the model is
 * (training-data fingerprint, config, seeds, metrics, library versions, creation time).
 *
 * @param linearBaseline the baseline whose residual the members learn; null, and not written, for
 *     a model without one, so that such cards read as before (those written before the option
 *     existed lack it)
 */
public record ModelCard(
    int formatVersion,
    String name,
    int version,
    String createdAt,
    FeatureSchema schema,
    List<String> targets,
    Standardizer inputScaler,
    Standardizer targetScaler,
    @JsonInclude(JsonInclude.Include.NON_NULL) LinearBaseline linearBaseline,
    Domain domain,
    List<String> memberFiles,
    TrainingInfo training,
    Map<String, String> libraries) {

  public static final int FORMAT = 1;

  public ModelCard {
    targets = List.copyOf(targets);
    memberFiles = List.copyOf(memberFiles);
    libraries = Map.copyOf(libraries);
  }

  public ModelVersion id() {
    return new ModelVersion(name, version);
  }
}
