package io.kakehashi.campaigns.alloy;

import io.kakehashi.campaigns.alloy.screen.Screening;
import io.kakehashi.campaigns.alloy.screen.SparkScreening;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A trained model packed for Spark executors, which need not see the run's files: the surrogate
 * that loads it, the files of the model's directory as bytes, the feature names and the family
 * calibration. An executor writes the files to a temporary directory, loads them as the screen
 * step would, and deletes them.
 *
 * @param files the model directory's files by name (a model is tens of kilobytes)
 * @param modelFile which of them the surrogate loads
 */
public record ShippedModel(AlloyScreening.Surrogate surrogate, Map<String, byte[]> files, String modelFile,
    List<String> featureNames, FamilyCalibration calibration, String key) implements SparkScreening.ModelSource {

  /** Packs the directory of {@code modelFile}. */
  public static ShippedModel of(AlloyScreening.Surrogate surrogate, Path modelFile, List<String> featureNames,
      FamilyCalibration calibration) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(modelFile.getParent())) {
      for (Path p : s.filter(Files::isRegularFile).toList()) files.put(p.getFileName().toString(), Files.readAllBytes(p));
    }
    MessageDigest sha = sha256();
    sha.update(surrogate.version().getBytes(StandardCharsets.UTF_8));
    sha.update(featureNames.toString().getBytes(StandardCharsets.UTF_8));
    sha.update(calibration.toString().getBytes(StandardCharsets.UTF_8));
    files.forEach((name, bytes) -> {
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update(bytes);
    });
    return new ShippedModel(surrogate, Map.copyOf(files), modelFile.getFileName().toString(),
        List.copyOf(featureNames), calibration, HexFormat.of().formatHex(sha.digest()));
  }

  @Override
  public Screening.BlockModel load() throws Exception {
    Path dir = Files.createTempDirectory("kakehashi-model-");
    try {
      for (Map.Entry<String, byte[]> f : files.entrySet()) Files.write(dir.resolve(f.getKey()), f.getValue());
      return surrogate.load(dir.resolve(modelFile), featureNames, calibration);
    } finally {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.toList()) Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
