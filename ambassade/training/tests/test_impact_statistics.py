"""The impact estimator on synthetic data: it recovers a known effect, claims none when there is none, and
gives a reason instead of a number when the groups are too small or too unlike."""

from __future__ import annotations

import numpy as np
import pytest

from ambassade.training.impact import (
    MAX_SMD,
    MIN_UNITS,
    TOO_FEW,
    UNLIKE,
    difference_in_differences,
    match_nearest,
    standardised_difference,
)


def _panel(rng: np.random.Generator, *, n_t: int, n_c: int, effect: float, baseline: float = 2.0):
    """Weekly means per person: a personal level, a common trend after, noise, and the effect for the
    participants. Comparison people resemble the participants as matching makes them (each one near a
    participant's level), so that the groups are alike before."""
    level_t = rng.gamma(4.0, baseline / 4.0, n_t)
    level_c = np.resize(level_t, n_c) + rng.normal(0, 0.1, n_c)
    trend = 0.3
    return {
        "treated_before": level_t + rng.normal(0, 0.3, n_t),
        "treated_after": level_t + trend + effect + rng.normal(0, 0.3, n_t),
        "control_before": level_c + rng.normal(0, 0.3, n_c),
        "control_after": level_c + trend + rng.normal(0, 0.3, n_c),
    }


def test_a_known_effect_is_recovered_within_the_interval_which_excludes_zero() -> None:
    rng = np.random.default_rng(1)
    estimate = difference_in_differences(**_panel(rng, n_t=40, n_c=80, effect=1.5))
    assert estimate.reason is None
    assert estimate.low is not None and estimate.high is not None and estimate.effect is not None
    assert estimate.low <= 1.5 <= estimate.high
    assert estimate.low > 0
    assert estimate.significant
    assert abs(estimate.effect - 1.5) < 0.5


def test_a_known_effect_is_recovered_in_most_seeded_datasets() -> None:
    covered = 0
    for seed in range(40):
        panel = _panel(np.random.default_rng(1000 + seed), n_t=30, n_c=60, effect=1.0)
        estimate = difference_in_differences(**panel, resamples=1000)
        assert estimate.low is not None and estimate.high is not None
        covered += estimate.low <= 1.0 <= estimate.high
    assert covered >= 34  # nominal 95 %: at least 85 % of 40 datasets


def test_with_no_effect_no_effect_is_claimed_in_at_least_90_percent_of_datasets() -> None:
    claims = 0
    for seed in range(40):
        panel = _panel(np.random.default_rng(seed), n_t=30, n_c=60, effect=0.0)
        estimate = difference_in_differences(**panel, resamples=1000)
        assert estimate.reason is None
        claims += estimate.significant
    assert claims <= 4


def test_the_ratio_reads_as_times_more_than_before_relative_to_the_comparison_group() -> None:
    estimate = difference_in_differences(
        treated_before=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        treated_after=[2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
        control_before=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        control_after=[1.25, 1.25, 1.25, 1.25, 1.25, 1.25],
        resamples=200,
    )
    assert estimate.ratio is not None
    assert round(estimate.ratio, 6) == 1.6
    assert estimate.ratio_low is not None and round(estimate.ratio_low, 6) == 1.6
    assert estimate.effect is not None and round(estimate.effect, 6) == 0.75


def test_there_is_no_ratio_when_the_baseline_is_about_zero() -> None:
    rng = np.random.default_rng(3)
    estimate = difference_in_differences(
        treated_before=np.zeros(20),
        treated_after=rng.uniform(0, 2, 20),
        control_before=np.zeros(40),
        control_after=rng.uniform(0, 1, 40),
    )
    assert estimate.effect is not None
    assert estimate.ratio is None
    assert estimate.ratio_low is None


def test_too_few_participants_give_the_reason_instead_of_a_number() -> None:
    rng = np.random.default_rng(4)
    panel = _panel(rng, n_t=MIN_UNITS - 1, n_c=50, effect=2.0)
    estimate = difference_in_differences(**panel)
    assert estimate.reason == TOO_FEW
    assert estimate.effect is None and estimate.low is None and estimate.ratio is None
    assert estimate.treated_n == MIN_UNITS - 1


def test_too_few_comparison_people_give_the_reason_instead_of_a_number() -> None:
    rng = np.random.default_rng(5)
    estimate = difference_in_differences(**_panel(rng, n_t=30, n_c=MIN_UNITS - 1, effect=2.0))
    assert estimate.reason == TOO_FEW


def test_groups_too_unlike_before_the_training_give_the_reason_instead_of_a_number() -> None:
    rng = np.random.default_rng(6)
    panel = _panel(rng, n_t=30, n_c=60, effect=0.0)
    panel["treated_before"] = panel["treated_before"] + 3.0
    panel["treated_after"] = panel["treated_after"] + 3.0
    estimate = difference_in_differences(**panel)
    assert estimate.reason == UNLIKE
    assert estimate.smd is not None and estimate.smd > MAX_SMD
    assert estimate.effect is None


def test_the_standardised_difference_is_zero_for_identical_constant_groups() -> None:
    assert standardised_difference([0, 0, 0], [0, 0]) == 0.0
    assert standardised_difference([1, 1], [0, 0]) == float("inf")
    assert round(standardised_difference([0, 2], [1, 3]), 6) == -1.0


def test_the_same_data_give_the_same_interval_on_every_visit() -> None:
    panel = _panel(np.random.default_rng(7), n_t=20, n_c=40, effect=1.0)
    assert difference_in_differences(**panel) == difference_in_differences(**panel)


def test_weights_count_a_comparison_person_matched_twice_twice() -> None:
    once = difference_in_differences(
        treated_before=[1] * 5,
        treated_after=[2] * 5,
        control_before=[1, 1, 1, 1, 1, 1],
        control_after=[1, 1, 1, 1, 1, 3],
        control_weights=[1, 1, 1, 1, 1, 5],
        resamples=100,
    )
    assert once.control_after == 2.0


def test_matching_takes_the_nearest_comparison_people_within_the_caliper() -> None:
    treated = np.array([[1.0, 10.0], [5.0, 50.0], [100.0, 1000.0]])
    control = np.array([[1.0, 11.0], [1.2, 9.0], [5.0, 49.0], [4.0, 40.0], [0.0, 0.0], [2.0, 20.0]])
    matched, weights = match_nearest(treated, control, neighbours=1, caliper=0.5)
    assert matched.tolist() == [True, True, False]
    assert weights.sum() == 2.0
    assert weights[2] == 1.0
    assert weights[0] + weights[1] == 1.0


def test_matching_shares_a_participant_among_its_neighbours_with_replacement() -> None:
    treated = np.array([[1.0], [1.0], [1.0]])
    control = np.array([[1.0], [1.1], [3.0], [0.0]])
    matched, weights = match_nearest(treated, control, neighbours=2, caliper=1.0)
    assert matched.all()
    assert weights.tolist() == [1.5, 1.5, 0.0, 0.0]


def _counts_panel(rng: np.random.Generator, *, n_t: int, n_c: int, effect: float, weeks_after: int = 6):
    """Weekly counts as the rollups give them (Poisson around an overdispersed personal level), participants
    more active than their colleagues (people who choose a training are), a common trend after the training,
    then matching with replacement on the activity before, as impact_data does."""
    level_t = rng.gamma(1.5, 1.4, n_t)
    level_c = rng.gamma(1.2, 1.0, n_c)
    tb = rng.poisson(level_t[:, None], (n_t, 8)).mean(axis=1)
    ta = rng.poisson((level_t * 1.1 + effect)[:, None], (n_t, weeks_after)).mean(axis=1)
    cb = rng.poisson(level_c[:, None], (n_c, 8)).mean(axis=1)
    ca = rng.poisson((level_c * 1.1)[:, None], (n_c, weeks_after)).mean(axis=1)
    clicks_t = rng.poisson((level_t * 3)[:, None], (n_t, 8)).mean(axis=1)
    clicks_c = rng.poisson((level_c * 3)[:, None], (n_c, 8)).mean(axis=1)
    matched, weights = match_nearest(np.log1p(np.c_[tb, clicks_t]), np.log1p(np.c_[cb, clicks_c]))
    keep = weights > 0
    return {
        "treated_before": tb[matched],
        "treated_after": ta[matched],
        "control_before": cb[keep],
        "control_after": ca[keep],
        "control_weights": weights[keep],
    }


def _false_claims(*, n_t: int, n_c: int, datasets: int) -> float:
    claims = estimated = 0
    for seed in range(datasets):
        estimate = difference_in_differences(
            **_counts_panel(np.random.default_rng(seed), n_t=n_t, n_c=n_c, effect=0.0), resamples=1000
        )
        if estimate.reason is None:
            estimated += 1
            claims += estimate.significant
    assert estimated >= datasets // 2
    return claims / estimated


def test_with_no_effect_matched_groups_of_usual_size_claim_one_in_twenty_at_most() -> None:
    # 400 datasets: a nominal 5 % rate has a standard error of 1.1 point.
    assert _false_claims(n_t=30, n_c=80, datasets=400) <= 0.07


def test_with_no_effect_small_matched_groups_do_not_claim_an_effect_more_often_than_nominal() -> None:
    # Eight participants, twelve colleagues: a plain percentile bootstrap is too narrow here (≈ 11 % false
    # claims); the small-sample correction brings it back to about 5 %.
    assert _false_claims(n_t=8, n_c=12, datasets=500) <= 0.07


def test_a_known_effect_is_recovered_after_matching_in_most_datasets() -> None:
    covered = found = 0
    for seed in range(200):
        estimate = difference_in_differences(
            **_counts_panel(np.random.default_rng(5000 + seed), n_t=30, n_c=80, effect=1.0), resamples=1000
        )
        assert estimate.low is not None and estimate.high is not None
        covered += estimate.low <= 1.0 <= estimate.high
        found += estimate.low > 0
    assert covered >= 180  # nominal 95 %
    assert found >= 190  # an effect of one share a week is seen


def test_a_person_with_no_observed_week_on_one_side_is_left_out_of_that_metric() -> None:
    rng = np.random.default_rng(9)
    panel = _panel(rng, n_t=12, n_c=30, effect=1.0)
    panel["treated_before"][0] = np.nan  # joined the programme after the window began, say
    panel["control_after"][3] = np.nan
    estimate = difference_in_differences(**panel, control_weights=np.ones(30))
    assert estimate.treated_n == 11 and estimate.control_n == 29
    assert estimate.effect is not None and np.isfinite(estimate.effect)
    assert estimate.low is not None and np.isfinite(estimate.low)
    assert np.isfinite(estimate.treated_before)


def test_the_t_quantile_is_close_to_the_table() -> None:
    from ambassade.training.impact import t_quantile

    for df, table in ((2, 4.303), (4, 2.776), (5, 2.571), (10, 2.228), (30, 2.042), (1000, 1.962)):
        assert abs(t_quantile(df) - table) < 0.04


def test_a_colleague_compared_in_two_training_weeks_is_resampled_as_one_person() -> None:
    # A track: the same colleagues serve the participants of two sessions, as two units each. Drawing the
    # units independently would count every colleague twice and narrow the interval; they are drawn by person.
    panel = _panel(np.random.default_rng(12), n_t=20, n_c=30, effect=0.5)
    once = difference_in_differences(**panel)
    twice = difference_in_differences(
        treated_before=panel["treated_before"],
        treated_after=panel["treated_after"],
        control_before=np.tile(panel["control_before"], 2),
        control_after=np.tile(panel["control_after"], 2),
        control_clusters=np.tile(np.arange(30), 2),
    )
    assert twice.control_n == 30
    assert twice.effect == pytest.approx(once.effect)
    assert (twice.low, twice.high) == pytest.approx((once.low, once.high))


def test_everyone_at_zero_gives_no_difference_and_no_ratio() -> None:
    estimate = difference_in_differences(
        treated_before=np.zeros(8),
        treated_after=np.zeros(8),
        control_before=np.zeros(9),
        control_after=np.zeros(9),
    )
    assert estimate.reason is None
    assert estimate.effect == 0 and estimate.low == 0 and estimate.high == 0
    assert not estimate.significant and estimate.ratio is None
