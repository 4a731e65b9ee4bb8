/**
 * The descriptors the surrogate learns from: composition, pair correlations and Warren-Cowley
 * short-range order over the first shells, neighbour-composition moments and the push each atom's
 * unlike neighbours give it (the sum of bond vectors to them, squared), computed on packed
 * cells with bit operations so that ten million candidates featurise in seconds.
 */
package io.kakehashi.campaigns.alloy.descriptor;
