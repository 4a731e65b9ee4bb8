package io.kakehashi.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kakehashi.workflow.Resources;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How values sit in the store's JSON columns, for both the recorder and the queries. */
final class StoreJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final TypeReference<Map<String, String>> PARTS = new TypeReference<>() {};
  static final TypeReference<Map<String, Object>> VALUES = new TypeReference<>() {};

  private StoreJson() {}

  static String json(Object o) {
    // Most points have no outputs and no values: no serializer for those.
    if (o instanceof Map<?, ?> m && m.isEmpty()) return "{}";
    if (o instanceof Collection<?> c && c.isEmpty()) return "[]";
    if (o instanceof Map<?, ?> m) {
      String flat = flatJson(m);
      if (flat != null) return flat;
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be stored as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A map of names to strings, whole numbers and booleans (every point's parameters and
   * fingerprint parts), written without a serializer: Jackson costs about a microsecond a call.
   * Null for anything else, which Jackson writes.
   */
  private static String flatJson(Map<?, ?> m) {
    StringBuilder sb = new StringBuilder(16 + 32 * m.size()).append('{');
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k)) return null;
      if (sb.length() > 1) sb.append(',');
      quote(sb, k).append(':');
      Object v = e.getValue();
      if (v instanceof String str) quote(sb, str);
      else if (v instanceof Integer || v instanceof Long || v instanceof Boolean) sb.append(v);
      else return null;
    }
    return sb.append('}').toString();
  }

  private static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"');
  }

  static <T> T parse(String s, TypeReference<T> type) {
    if (s == null) return null;
    try {
      return JSON.readValue(s, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("damaged JSON in run store: " + e.getOriginalMessage(), e);
    }
  }

  /** A point's parts as read back: its step's shared parts (null in stores older than them) and its own. */
  static Map<String, String> parts(String own, String shared, Map<String, Map<String, String>> sharedCache) {
    Map<String, String> mine = parse(own, PARTS);
    if (shared == null) return mine;
    Map<String, String> out = new TreeMap<>(sharedCache.computeIfAbsent(shared, x -> parse(x, PARTS)));
    if (mine != null) out.putAll(mine);
    return out;
  }

  /** An attempt's resources as the {@code resources} column holds them. */
  static String resources(Resources r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", r.cores());
    m.put("nodes", r.nodes());
    m.put("memoryMb", r.memoryMb());
    m.put("walltime", r.walltime().toString());
    m.put("gpus", r.gpus());
    m.put("scheduler", r.scheduler());
    return json(m);
  }

  // Stores written before resources had fields hold Resources.toString(): "Resources[cores=4, nodes=0, ...]".
  private static final Pattern OLD_FIELD = Pattern.compile("(cores|nodes|memoryMb|walltime|gpus)=([^,\\]]*)");

  /** The resources of an attempt's row; null when the row has none (an in-process attempt). */
  static Resources resources(String column) {
    if (column == null) return null;
    if (column.startsWith("{")) {
      Map<String, Object> m = parse(column, VALUES);
      @SuppressWarnings("unchecked")
      Map<String, String> scheduler = (Map<String, String>) m.get("scheduler");
      return new Resources(((Number) m.get("cores")).intValue(), ((Number) m.get("nodes")).intValue(),
          ((Number) m.get("memoryMb")).longValue(), Duration.parse((String) m.get("walltime")),
          ((Number) m.get("gpus")).intValue(), scheduler);
    }
    Resources r = Resources.DEFAULT;
    Matcher f = OLD_FIELD.matcher(column);
    while (f.find()) {
      String v = f.group(2).trim();
      r = switch (f.group(1)) {
        case "cores" -> r.withCores(Integer.parseInt(v));
        case "nodes" -> r.withNodes(Integer.parseInt(v));
        case "memoryMb" -> r.withMemoryMb(Long.parseLong(v));
        case "walltime" -> r.withWalltime(Duration.parse(v));
        default -> r.withGpus(Integer.parseInt(v));
      };
    }
    return r;
  }
}
