/**
 * The descriptors the surrogate learns from: composition, pair correlations and Warren-Cowley
 * short-range order over the first shells, and neighbour-composition moments, computed on packed
 * cells with bit operations so that ten million candidates featurise in seconds.
 */
package io.kakehashi.campaigns.alloy.descriptor;
