/**
 * Configurations that physics visits: canonical swap Monte Carlo (Metropolis, fixed composition)
 * on packed cells with the surrogate as its energy, at several temperatures, reproducible from
 * its seed.
 */
package io.kakehashi.campaigns.alloy.sampling;
