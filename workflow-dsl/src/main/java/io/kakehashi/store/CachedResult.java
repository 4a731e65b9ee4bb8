package io.kakehashi.store;

import io.kakehashi.event.OutputFile;
import java.util.List;
import java.util.Map;

/** A completed result that any point with the same fingerprint may reuse. */
public record CachedResult(String fingerprint, String runId, String workDir, List<OutputFile> outputs,
                           Map<String, Object> values) {}
