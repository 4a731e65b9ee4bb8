package io.kakehashi.store;

import io.kakehashi.plan.PointKey;
import io.kakehashi.workflow.Resources;
import java.time.Instant;

/**
 * One attempt at a point. {@code state} is SUBMITTED, RUNNING, SUCCEEDED or FAILED;
 * {@code resources} what the attempt asked for, null for in-process attempts.
 */
public record AttemptRecord(PointKey key, int attempt, String executor, String externalId, String state,
                            String failure, int exitCode, String message, Resources resources,
                            Instant submitted, Instant started, Instant ended) {}
