package io.kakehashi.surrogate.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kakehashi.surrogate.metrics.Parity;
import io.kakehashi.surrogate.model.Ensemble;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Versioned models on disk: {@code root/<name>/v<N>/} holds one DL4J {@link ModelSerializer} file
 * per ensemble member, {@code model.json} (a {@link ModelCard}) and, when the model was evaluated
 * on held-out rows, {@code parity.csv}. Versions of a name count up from 1.
 *
 * <p>A version is written into a temporary directory and renamed into place, so a reader never
 * sees half a model and a crash leaves at most a {@code .tmp-*} directory behind. Two writers
 * racing for the same number both succeed: the loser of the rename takes the next number.
 */
public final class ModelStore {
  public static final String CARD_FILE = "model.json";
  public static final String PARITY_FILE = "parity.csv";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  public ModelStore(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Stores {@code ensemble} as the next version of {@code name}. */
  public StoredModel save(String name, Ensemble ensemble) throws IOException {
    Path dir = root.resolve(ModelVersion.requireValidName(name));
    Files.createDirectories(dir);
    Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
    Files.createDirectory(tmp);
    try {
      List<String> memberFiles = new ArrayList<>();
      for (int i = 0; i < ensemble.members().size(); i++) {
        String file = "member-" + i + ".zip";
        ModelSerializer.writeModel(ensemble.members().get(i), tmp.resolve(file).toFile(), false);
        memberFiles.add(file);
      }
      if (ensemble.training().heldOut() != null) {
        Parity.writeCsv(ensemble.training().heldOut().parity(), tmp.resolve(PARITY_FILE));
      }
      String createdAt = Instant.now().toString();
      for (int attempt = 0; ; attempt++) {
        int version = latestVersion(name) + 1;
        ModelCard card = new ModelCard(ModelCard.FORMAT, name, version, createdAt, ensemble.schema(),
            ensemble.targets(), ensemble.inputScaler(), ensemble.targetScaler(), ensemble.linearBaseline().orElse(null),
            ensemble.domain(), memberFiles, ensemble.training(), libraryVersions());
        JSON.writeValue(tmp.resolve(CARD_FILE).toFile(), card);
        Path target = dir.resolve("v" + version);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
          return new StoredModel(card.id(), target, ensemble, card);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
          if (attempt > 100) throw e;
        }
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
  }

  /** Version {@code version} of {@code name}. */
  public StoredModel load(String name, int version) throws IOException {
    Path dir = root.resolve(ModelVersion.requireValidName(name)).resolve("v" + version);
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no version " + version + " of model '" + name
          + "' (have " + versions(name) + ")");
    }
    return read(dir);
  }

  /** The highest version of {@code name}. */
  public StoredModel latest(String name) throws IOException {
    int v = latestVersion(name);
    if (v == 0) throw new NoSuchFileException(root.resolve(name).toString(), null, "no model named '" + name + "'");
    return load(name, v);
  }

  /** The versions of {@code name}, ascending; empty if there are none. */
  public List<Integer> versions(String name) throws IOException {
    Path dir = root.resolve(ModelVersion.requireValidName(name));
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(f -> f.matches("v[1-9][0-9]*"))
          .map(f -> Integer.parseInt(f.substring(1)))
          .sorted()
          .toList();
    }
  }

  /** Reads the model stored in version directory {@code dir} (one written by {@link #save}). */
  public static StoredModel read(Path dir) throws IOException {
    Path cardFile = dir.resolve(CARD_FILE);
    if (!Files.isRegularFile(cardFile)) throw new NoSuchFileException(cardFile.toString(), null, "not a stored model");
    ModelCard card;
    try {
      card = JSON.readValue(cardFile.toFile(), ModelCard.class);
    } catch (IOException e) {
      throw new IOException(cardFile + ": unreadable model card: " + e.getMessage(), e);
    }
    if (card.formatVersion() != ModelCard.FORMAT) {
      throw new IOException(cardFile + ": model format " + card.formatVersion() + ", this version reads " + ModelCard.FORMAT);
    }
    List<MultiLayerNetwork> members = new ArrayList<>();
    for (String f : card.memberFiles()) {
      Path file = dir.resolve(f);
      try {
        members.add(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false));
      } catch (IOException | RuntimeException e) {
        throw new IOException(file + ": unreadable ensemble member: " + e.getMessage(), e);
      }
    }
    Ensemble ensemble;
    try {
      ensemble = new Ensemble(card.schema(), card.targets(), card.inputScaler(), card.targetScaler(),
          card.linearBaseline(), card.domain(), members, card.training());
    } catch (IllegalArgumentException e) {
      throw new IOException(cardFile + ": inconsistent model card: " + e.getMessage(), e);
    }
    return new StoredModel(card.id(), dir, ensemble, card);
  }

  private int latestVersion(String name) throws IOException {
    List<Integer> v = versions(name);
    return v.isEmpty() ? 0 : v.get(v.size() - 1);
  }

  /** Versions of the libraries that shape a model's numbers, read from their jars' Maven metadata. */
  static Map<String, String> libraryVersions() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("java", System.getProperty("java.version"));
    out.put("deeplearning4j-nn", mavenVersion(MultiLayerNetwork.class, "org.deeplearning4j", "deeplearning4j-nn"));
    out.put("nd4j-api", mavenVersion(Nd4j.class, "org.nd4j", "nd4j-api"));
    out.put("nd4j-backend", Nd4j.getBackend().getClass().getName());
    return out;
  }

  private static String mavenVersion(Class<?> anchor, String group, String artifact) {
    String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String v = anchor.getPackage().getImplementationVersion();
    return v != null ? v : "unknown";
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Best effort: a leftover .tmp-* directory is never read as a version.
    }
  }
}
