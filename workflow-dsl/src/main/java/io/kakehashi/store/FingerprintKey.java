package io.kakehashi.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The random key a home's fingerprints of secret ingredients ({@code .env(name, value)}) are keyed
 * with: 32 bytes in {@code fingerprint.key} next to the run store, readable by its owner only
 * (0600). Whoever has {@code runs.db} but not this file cannot confirm a guessed secret from its
 * recorded digest; the key stays the same for the home's life, so caching and resume still match.
 */
public final class FingerprintKey {
  public static final String FILE = "fingerprint.key";
  private static final int BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private FingerprintKey() {}

  /** The key in {@code file}, created (atomically: concurrent creators agree on one) if there is none. */
  public static byte[] loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) create(file);
      byte[] key = Files.readAllBytes(file);
      if (key.length != BYTES) {
        throw new StoreException("fingerprint key " + file + " holds " + key.length + " bytes, not " + BYTES
            + "; restore it from a backup (a new key makes every step with .env(...) run again)", null);
      }
      if (Files.getFileStore(file).supportsFileAttributeView("posix")
          && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY); // a copied or restored key: tighten it again
      }
      return key;
    } catch (IOException e) {
      throw new StoreException("cannot read or create the fingerprint key " + file + ": " + e, e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] key = new byte[BYTES];
    new SecureRandom().nextBytes(key);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    // Born 0600, never briefly readable by others; linked into place (a link, unlike a rename,
    // never replaces a key another process made first) so no reader sees half a key.
    Path tmp = posix ? Files.createTempFile(dir, FILE, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : Files.createTempFile(dir, FILE, ".tmp");
    try {
      Files.write(tmp, key);
      try {
        Files.createLink(file, tmp);
      } catch (UnsupportedOperationException noLinks) {
        Files.move(tmp, file);
      }
    } catch (FileAlreadyExistsException lostRace) {
      // another engine created it first: use theirs
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
