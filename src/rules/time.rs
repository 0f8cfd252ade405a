//! Calendar arithmetic the date rules share: months back, calendar quarters,
//! and RFC 3339 timestamps.

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate};

/// `date` moved back `months` calendar months (the day clamps to the month's
/// end); the earliest date chrono knows when that underflows.
pub fn months_before(date: NaiveDate, months: i64) -> NaiveDate {
    let months = u32::try_from(months.max(0)).unwrap_or(u32::MAX);
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// The first day of `date`'s month.
pub fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// A calendar quarter: year and number 1–4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    pub year: i32,
    pub number: u32,
}

impl Quarter {
    pub fn of(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            number: date.month0() / 3 + 1,
        }
    }

    pub fn previous(self) -> Quarter {
        if self.number == 1 {
            Quarter {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.number - 1) * 3 + 1, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the quarter.
    pub fn end(self) -> NaiveDate {
        let next = if self.number == 4 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.number * 3 + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Quarter::of(date) == self
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Q{}/{}", self.number, self.year)
    }
}

/// An RFC 3339 timestamp such as `2026-11-02T09:00:00+07:00`.
pub fn parse_datetime(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text.trim()).ok()
}

/// The start of `date` in Vietnam time (UTC+7): "now" for the rules that
/// count hours against `--today`. The start, not the end, so that an
/// open request is reported only once its hours have surely run out.
pub fn start_of_day(date: NaiveDate) -> DateTime<FixedOffset> {
    use chrono::Offset;
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    let vietnam = FixedOffset::east_opt(7 * 3600).unwrap_or(chrono::Utc.fix());
    midnight
        .and_local_timezone(vietnam)
        .single()
        .unwrap_or_else(|| midnight.and_utc().fixed_offset())
}

/// An event's `date`: an RFC 3339 date-time, or a date taken as its start
/// in Vietnam time.
pub fn parse_date_or_datetime(text: &str) -> Option<DateTime<FixedOffset>> {
    parse_datetime(text).or_else(|| crate::iso_date::parse(text.trim()).map(start_of_day))
}

/// Whole hours and minutes of a duration, for messages: `50 giờ 30 phút`.
pub fn hours_text(minutes: i64) -> (String, String) {
    let (h, m) = (minutes / 60, minutes % 60);
    if m == 0 {
        (format!("{h} giờ"), format!("{h} h"))
    } else {
        (format!("{h} giờ {m} phút"), format!("{h} h {m} min"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn quarters() {
        let q = Quarter::of(date(2026, 11, 23));
        assert_eq!(
            q,
            Quarter {
                year: 2026,
                number: 4
            }
        );
        assert_eq!(q.previous().start(), date(2026, 7, 1));
        assert_eq!(q.previous().end(), date(2026, 9, 30));
        assert_eq!(q.end(), date(2026, 12, 31));
        let first = Quarter::of(date(2026, 2, 1));
        assert_eq!(
            first.previous(),
            Quarter {
                year: 2025,
                number: 4
            }
        );
        assert_eq!(first.previous().to_string(), "Q4/2025");
    }

    #[test]
    fn months_back_clamps() {
        assert_eq!(months_before(date(2026, 8, 31), 6), date(2026, 2, 28));
        assert_eq!(months_before(date(2026, 11, 23), 0), date(2026, 11, 23));
    }

    #[test]
    fn datetimes() {
        let a = parse_datetime("2026-11-02T09:00:00+07:00").unwrap();
        let b = parse_datetime("2026-11-04T02:00:00Z").unwrap();
        assert_eq!((b - a).num_hours(), 48);
        assert!(parse_datetime("2026-11-02").is_none());
        let start = start_of_day(date(2026, 11, 23));
        assert_eq!(start.to_rfc3339(), "2026-11-23T00:00:00+07:00");
        assert_eq!(parse_date_or_datetime("2026-11-23"), Some(start));
    }
}
