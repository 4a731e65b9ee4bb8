package io.kakehashi.plan;

import io.kakehashi.workflow.Params;
import java.util.List;
import java.util.Map;

/**
 * A point the engine will run or reuse.
 *
 * @param key step and index
 * @param params the point's parameters
 * @param fingerprint digest of everything the result depends on (hex)
 * @param parts the digests of each ingredient of the fingerprint by name ({@code action},
 *     {@code param:x}, {@code env:K}, {@code input:name}...), kept so that {@code explain} can say
 *     which one changed
 * @param inputs for each input name, the upstream points it reads
 */
public record PlannedPoint(PointKey key, Params params, String fingerprint, Map<String, String> parts,
                           Map<String, List<PointKey>> inputs) {}
