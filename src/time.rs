//! Calendar dates and the turn clock.
//!
//! A scenario runs on a clock: a start date and a turn length in days, or abstract turns (no dates) for
//! theory scenarios. Dates are stored as days since 1970-01-01 in the proleptic Gregorian calendar, using
//! Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms
//! (<https://howardhinnant.github.io/date_algorithms.html>), so no date crate is needed for this arithmetic.

use std::fmt;

/// A calendar date, as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i64);

impl Date {
    /// Builds a date from year, month (1–12) and day (1–31); `None` if the day does not exist.
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date(days_from_civil(y, m, d)))
    }

    /// Year, month and day of this date.
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.0)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::from_ymd(y, m, d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Days since 1970-01-01 of a civil date: Howard Hinnant's `days_from_civil`. The month must be 1–12;
/// the day is not checked against the month's length (day 31 of February is 3 March, or 2 in a leap
/// year), which [`Date::from_ymd`] checks. The one calendar algorithm of the crate (the charts use it).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let mp = (m as i64 + 9) % 12; // [0, 11], March-based
    let doy = (153 * mp + 2) / 5 + d as i64 - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// Year, month (1–12) and day (1–31) of a day number (days since 1970-01-01): Howard Hinnant's
/// `civil_from_days`, the inverse of [`days_from_civil`].
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March-based
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// How simulated time advances: turn `t` starts on `start + t * turn_days` when the scenario has dates.
#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    /// First day of turn 0, or `None` for abstract turns.
    pub start: Option<Date>,
    /// Days per turn (1 for abstract clocks).
    pub turn_days: u32,
    /// Number of turns in the horizon: turns `0..max_turns` are played.
    pub max_turns: u32,
}

impl Clock {
    /// The date turn `t` starts on, if the clock has dates.
    pub fn date(&self, turn: u32) -> Option<Date> {
        self.start
            .map(|s| Date(s.0 + turn as i64 * self.turn_days as i64))
    }

    /// A turn as text: its date for dated clocks, `turn N` otherwise.
    pub fn label(&self, turn: u32) -> String {
        match self.date(turn) {
            Some(d) => d.to_string(),
            None => format!("turn {turn}"),
        }
    }

    /// A turn as it appears in tables: ISO date for dated clocks, the bare number otherwise.
    pub fn cell(&self, turn: u32) -> String {
        match self.date(turn) {
            Some(d) => d.to_string(),
            None => turn.to_string(),
        }
    }
}

/// Parses a turn length like `"1w"`, `"7d"`, `"2w"` into days.
pub fn parse_turn_length(s: &str) -> Option<u32> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: u32 = num.parse().ok()?;
    let days = match unit {
        "d" => n,
        "w" => n.checked_mul(7)?,
        _ => return None,
    };
    (days > 0).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_four_centuries() {
        for n in -200_000..200_000i64 {
            let (y, m, d) = Date(n).ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(Date(n)));
        }
    }

    #[test]
    fn known_dates() {
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(Date::parse("1953-07-27").unwrap().to_string(), "1953-07-27");
        assert_eq!(Date::from_ymd(1951, 2, 29), None);
        assert_eq!(Date::from_ymd(1952, 2, 29).unwrap().ymd(), (1952, 2, 29));
    }

    #[test]
    fn turn_lengths() {
        assert_eq!(parse_turn_length("1w"), Some(7));
        assert_eq!(parse_turn_length("3d"), Some(3));
        assert_eq!(parse_turn_length("0d"), None);
        assert_eq!(parse_turn_length("w"), None);
        assert_eq!(parse_turn_length("1m"), None);
    }
}
