package io.kakehashi.store;

import io.kakehashi.event.RunState;
import java.time.Instant;
import java.util.Map;

/** One run as the store knows it. */
public record RunSummary(String runId, String workflow, String source, Map<String, String> parameters,
                         RunState state, Instant created, Instant updated, Map<String, Long> statistics) {}
