/**
 * The screen: candidates generated and featurised in blocks for batched inference through a
 * {@link io.kakehashi.campaigns.alloy.screen.Screening.BlockModel}, top-k per composition bin and a
 * random sample kept; the training table the models learn from and the linear baseline model.
 */
package io.kakehashi.campaigns.alloy.screen;
