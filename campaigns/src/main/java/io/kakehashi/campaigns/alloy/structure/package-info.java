/**
 * Alloy structures: the binary system and its EAM potential ({@link
 * io.kakehashi.campaigns.alloy.structure.AlloySystem}), the periodic fcc supercell ({@link
 * io.kakehashi.campaigns.alloy.structure.FccLattice}), the 256-site cell packed into four 64-bit
 * words for fast neighbour counting ({@link io.kakehashi.campaigns.alloy.structure.PackedSupercell}),
 * and candidates: an occupation reproducible from (seed, id) alone, drawn from one of the
 * configuration {@link io.kakehashi.campaigns.alloy.structure.Family families}, or given explicitly
 * ({@link io.kakehashi.campaigns.alloy.structure.CandidateSource}).
 */
package io.kakehashi.campaigns.alloy.structure;
