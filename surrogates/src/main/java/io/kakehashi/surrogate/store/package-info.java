/**
 * Versioned models on disk: {@link io.kakehashi.surrogate.store.ModelStore} keeps
 * {@code root/<name>/v<N>/} with one file per ensemble member, the
 * {@link io.kakehashi.surrogate.store.ModelCard} (what the model is and what it was trained on) and
 * its parity data; a version is named {@code name@vN} ({@link io.kakehashi.surrogate.store.ModelVersion}).
 */
package io.kakehashi.surrogate.store;
