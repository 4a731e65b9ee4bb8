package io.kakehashi.plan;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SHA-256 digests, as used for fingerprints and output checksums. */
public final class Fingerprints {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  });

  private Fingerprints() {}

  public static MessageDigest sha256() {
    MessageDigest md = SHA256.get();
    md.reset();
    return md;
  }

  /** The first 16 hex digits of the digest of {@code text}: enough to tell ingredients apart. */
  public static String shortDigest(String text) {
    return HEX.formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
  }

  /**
   * The first 16 hex digits of HMAC-SHA256 of {@code text} under {@code key}: for ingredients that
   * may be secrets. A plain digest of a secret lets anyone holding the run store test guesses
   * offline; a keyed one can be checked only with the key (see {@code package-info}).
   */
  public static String keyedDigest(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JVM has no HmacSHA256", e);
    }
  }

  /** The fingerprint of a point: a digest over its named parts, in name order. */
  public static String combine(Map<String, String> parts) {
    MessageDigest md = sha256();
    md.update("kakehashi-fp-1".getBytes(StandardCharsets.UTF_8));
    Map<String, String> sorted = parts instanceof SortedMap<String, String> m && m.comparator() == null ? parts
        : new TreeMap<>(parts);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      md.update((byte) 0);
      md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      md.update((byte) '=');
      md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
    }
    return HEX.formatHex(md.digest());
  }

  public static String hex(byte[] digest) {
    return HEX.formatHex(digest);
  }
}
