//! Input data for the figures: plain owned structs (strings, vectors,
//! integers, floats) that the caller fills from simulation summaries. Nothing
//! here refers to engine types, and every label shown on a figure (title,
//! axis descriptions with units, legend texts) comes from these structs.
//!
//! Conventions: time values are `i64` read through a [`TimeAxis`] (days since
//! 1970-01-01 or turn numbers); shares of runs are fractions in `0.0..=1.0`
//! (figures print them as percentages); quantiles are given by the caller,
//! nothing is resampled here.

use super::TimeAxis;

/// The 10th, 50th and 90th percentiles of a time across runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeSpread {
    /// 10th percentile.
    pub p10: i64,
    /// Median.
    pub median: i64,
    /// 90th percentile.
    pub p90: i64,
}

/// Input of [`draw_agreement_date`](super::draw_agreement_date): when an
/// agreement is reached, across runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgreementDateData {
    /// Figure title.
    pub title: String,
    /// Optional subtitle; the share of runs that never reach the agreement is
    /// appended to it.
    pub subtitle: Option<String>,
    /// The agreement's name as a noun, used in generated sentences
    /// ("12 % of runs reach no {outcome} by the horizon"), e.g. "armistice".
    pub outcome: String,
    /// How to read the values.
    pub time_axis: TimeAxis,
    /// x-axis description, e.g. "Armistice date".
    pub x_label: String,
    /// Left y-axis noun for the bars, e.g. "Runs"; the bin width is appended
    /// ("Runs per month").
    pub y_label: String,
    /// Right y-axis description for the cumulative line, e.g.
    /// "Runs with an armistice by date (%)".
    pub cumulative_label: String,
    /// Runs per value (per day or per turn): `(value, number of runs)`. Any
    /// order; values may repeat. Re-binned into 30–60 bars where the span
    /// allows.
    pub counts: Vec<(i64, u64)>,
    /// Runs that never reached the agreement by the horizon.
    pub never: u64,
    /// The historical date, drawn as a dashed line with this label.
    pub observed: Option<(i64, String)>,
    /// x-axis extent to show (e.g. simulation start and horizon); defaults
    /// to the data.
    pub range: Option<(i64, i64)>,
}

/// One row of [`IssueTimelineData`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IssueTimelineRow {
    /// Issue name.
    pub issue: String,
    /// When the issue settles across the runs that settle it; `None` if no
    /// run settles it.
    pub settled: Option<TimeSpread>,
    /// The historical settlement time, if any.
    pub observed: Option<i64>,
    /// Share of runs (0..=1) in which this issue is the last to settle.
    pub settles_last_share: f64,
}

/// Input of [`draw_issue_timeline`](super::draw_issue_timeline): when each
/// issue settles.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IssueTimelineData {
    /// Figure title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// How to read the values.
    pub time_axis: TimeAxis,
    /// x-axis description, e.g. "Date the issue settles".
    pub x_label: String,
    /// Issues, drawn top to bottom in this order.
    pub issues: Vec<IssueTimelineRow>,
    /// x-axis extent to show; defaults to the data.
    pub range: Option<(i64, i64)>,
}

/// One issue of [`OptionSharesData`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IssueOptionShares {
    /// Issue name.
    pub issue: String,
    /// `(option label, share of runs)`, drawn left to right in this order.
    /// Shares are normalised so that the bar spans 100 %; include an option
    /// such as "unsettled" to show runs without an outcome.
    pub options: Vec<(String, f64)>,
}

/// Input of [`draw_option_shares`](super::draw_option_shares): which option
/// each issue ends on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OptionSharesData {
    /// Figure title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// x-axis description, e.g. "Share of runs (%)".
    pub x_label: String,
    /// Issues, drawn top to bottom in this order.
    pub issues: Vec<IssueOptionShares>,
}

/// One actor of [`PayoffsData`]: quantiles and mean of its payoff.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActorPayoff {
    /// Actor name.
    pub actor: String,
    /// 10th percentile (lower whisker).
    pub p10: f64,
    /// 25th percentile (box bottom).
    pub p25: f64,
    /// Median.
    pub median: f64,
    /// 75th percentile (box top).
    pub p75: f64,
    /// 90th percentile (upper whisker).
    pub p90: f64,
    /// Mean (diamond marker).
    pub mean: f64,
}

/// Input of [`draw_payoffs`](super::draw_payoffs): payoff box plots.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PayoffsData {
    /// Figure title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// x-axis description, e.g. "Actor" (may be empty).
    pub x_label: String,
    /// y-axis description with unit, e.g. "Payoff (utility units)".
    pub y_label: String,
    /// Actors, drawn left to right in this order.
    pub actors: Vec<ActorPayoff>,
}

/// One empirical cumulative distribution for [`ComparisonData`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EcdfSeries {
    /// Legend text, e.g. "no_pow_stall: median −210 d [−260, −170]".
    pub legend: String,
    /// `(time, cumulative share of runs 0..=1 reached by that time)`, sorted
    /// by time (re-sorted if not).
    pub points: Vec<(i64, f64)>,
}

/// Input of [`draw_comparison`](super::draw_comparison): the agreement date
/// under the base scenario and alternatives.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComparisonData {
    /// Figure title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// How to read the values.
    pub time_axis: TimeAxis,
    /// x-axis description, e.g. "Armistice date".
    pub x_label: String,
    /// y-axis description, e.g. "Runs with an armistice by date (%)".
    pub y_label: String,
    /// The base scenario (drawn in black).
    pub base: EcdfSeries,
    /// Alternatives (drawn in palette colours, in this order).
    pub alternatives: Vec<EcdfSeries>,
    /// The historical date, drawn as a dashed line with this label.
    pub observed: Option<(i64, String)>,
    /// x-axis extent to show; defaults to the data.
    pub range: Option<(i64, i64)>,
}

/// One time point of [`FanData`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FanPoint {
    /// Time.
    pub t: i64,
    /// 10th percentile across runs.
    pub p10: f64,
    /// Median across runs.
    pub median: f64,
    /// 90th percentile across runs.
    pub p90: f64,
    /// Share of all runs still going at this time (0..=1): where fewer than
    /// [`FAN_FADE_BELOW`] are, the fan is drawn faded, as it rests on few runs.
    pub going: f64,
}

/// Below this share of runs still going, a fan chart's band and median are faded.
pub const FAN_FADE_BELOW: f64 = 0.1;

/// Input of [`draw_fan`](super::draw_fan): a state variable over time.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FanData {
    /// Figure title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// How to read the times.
    pub time_axis: TimeAxis,
    /// x-axis description, e.g. "Date".
    pub x_label: String,
    /// y-axis description with unit, e.g. "Military pressure (index)".
    pub y_label: String,
    /// Quantiles per time point (re-sorted by time if not sorted).
    pub points: Vec<FanPoint>,
    /// Events marked as vertical lines: `(time, label)`.
    pub events: Vec<(i64, String)>,
    /// x-axis extent to show; defaults to the data and events.
    pub range: Option<(i64, i64)>,
    /// The variable's declared bounds: the axis never extends past them and values are clamped
    /// into them.
    pub bounds: Option<(f64, f64)>,
}

/// One event or action of [`EventTimingData`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventTimingRow {
    /// Event or action name.
    pub event: String,
    /// Share of runs (0..=1) in which it fires.
    pub share: f64,
    /// When it (first) fires across the runs where it does; `None` if never.
    pub timing: Option<TimeSpread>,
}

/// Input of [`draw_event_timing`](super::draw_event_timing): how often and
/// when events fire.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventTimingData {
    /// Figure title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// How to read the times.
    pub time_axis: TimeAxis,
    /// Left panel x-axis description, e.g. "Runs in which it fires (%)".
    pub share_label: String,
    /// Right panel x-axis description, e.g. "Date it first fires".
    pub x_label: String,
    /// Events, drawn top to bottom in this order.
    pub events: Vec<EventTimingRow>,
    /// Time-axis extent to show; defaults to the data.
    pub range: Option<(i64, i64)>,
}

/// One parameter of [`TornadoData`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TornadoRow {
    /// Parameter name (may include its tested range, e.g. "stall (0.1–0.5)").
    pub parameter: String,
    /// Outcome with the parameter at its low value (same unit as `base`).
    pub low: f64,
    /// Outcome with the parameter at its high value.
    pub high: f64,
}

/// Input of [`draw_tornado`](super::draw_tornado): one-at-a-time
/// sensitivity of an outcome.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TornadoData {
    /// Figure title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// x-axis description with unit, e.g. "Change in median armistice date (days)".
    pub x_label: String,
    /// Outcome of the base scenario: bars start here and the axis is centred
    /// on it (0.0 when `low`/`high` are already differences).
    pub base: f64,
    /// Label of the centre line, e.g. "Base: 1953-07-27".
    pub base_label: String,
    /// Unit suffix for the value labels at the bar ends, e.g. "d".
    pub unit: String,
    /// Legend text for the low bars, e.g. "Parameter at low value".
    pub low_legend: String,
    /// Legend text for the high bars.
    pub high_legend: String,
    /// Parameters, any order; drawn sorted by span (largest on top).
    pub rows: Vec<TornadoRow>,
}

/// One point of a [`SweepSeries`]: an agreement's outcomes at one value of the varied parameter.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SweepPoint {
    /// Position on the x axis: the parameter's value, or the index of its category when
    /// [`SweepData::categories`] is not empty.
    pub x: f64,
    /// Share of runs (0..=1) that reached the agreement.
    pub share: f64,
    /// Interval of that share, `(low, high)`.
    pub share_ci: (f64, f64),
    /// Median time over all runs; `None` when it falls after the horizon.
    pub median: Option<i64>,
    /// Interval of the median, `(low, high)`; an end is `None` when it falls after the horizon.
    pub median_ci: (Option<i64>, Option<i64>),
    /// The first time past this point's horizon (a varied horizon moves it): a median or an
    /// interval end after it is drawn there, the median as a hollow ring.
    pub horizon: i64,
}

/// One line of [`SweepData`]: the points that share the values of the other varied parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepSeries {
    /// Legend text (empty: no legend entry).
    pub legend: String,
    /// The points, any order (drawn sorted by x).
    pub points: Vec<SweepPoint>,
}

/// Input of [`draw_sweep`](super::draw_sweep): an agreement against one varied parameter of a
/// sweep — left, the share of runs that reached it; right, its median time — each point with its
/// interval bar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepData {
    /// Figure title.
    pub title: String,
    /// Optional subtitle.
    pub subtitle: Option<String>,
    /// x-axis description (the parameter's label), once, centred under both panels.
    pub x_label: String,
    /// The parameter's values when they are neither numbers nor dates: the x axis is then these
    /// categories in order, and a point's `x` is an index into them.
    pub categories: Vec<String>,
    /// The parameter's values are dates: a point's `x` is a day number (days since 1970-01-01) and
    /// the x axis is a calendar.
    pub x_dates: bool,
    /// Left panel y-axis description, e.g. "Runs reaching it (%)".
    pub share_label: String,
    /// Right panel y-axis description, e.g. "Median date".
    pub time_label: String,
    /// How to read the times.
    pub time_axis: TimeAxis,
    /// What tells the series apart (e.g. the other parameter's label), shown before their legend
    /// entries; empty for none.
    pub series_title: String,
    /// The series, one colour each.
    pub series: Vec<SweepSeries>,
    /// Join each series' points with lines (a grid's axis) or leave them apart (a hypercube).
    pub joined: bool,
    /// A historical time, drawn as a grey line across the right panel: `(time, legend text)`.
    pub observed: Option<(i64, String)>,
}
