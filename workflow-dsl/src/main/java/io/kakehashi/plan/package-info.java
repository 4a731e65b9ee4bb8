/**
 * Planning: a step's points and their fingerprints.
 *
 * <p>A point's fingerprint is a SHA-256 over named parts, each recorded in the run store so that
 * {@code kakehashi explain} can say which one changed: {@code step}, {@code action} (the command,
 * or the function's bytecode digest or declared version), {@code outputs}, {@code param:<name>}
 * per parameter, {@code input:<name>} per input (the fingerprints of the upstream points read)
 * and {@code after:<step>} per ordering-only dependency. Each part is a 16-hex-digit digest.
 *
 * <p>{@code env:<name>}, the values a step passes in its environment ({@code .env(name, value)}),
 * are digested differently: HMAC-SHA256 under a random per-home key ({@code fingerprint.key} next
 * to {@code runs.db}, mode 0600), not plain SHA-256. Environment values are where tokens and
 * passwords go; a plain digest of one in {@code runs.db} would let anyone who gets that file (a
 * shared project directory, a bug report) confirm a guessed secret offline, and short secrets can
 * be guessed exhaustively. The keyed digest still changes whenever the value does, so caching and
 * resume work as for any other part. Losing or replacing the key only makes steps with an
 * environment run once more; the secrets themselves are never written to the store.
 */
package io.kakehashi.plan;
