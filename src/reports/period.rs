//! Report periods: a calendar quarter (`2026Q3`), half year (`2026H2`) or
//! year (`2026`), and the due dates the regulations set on them.

use super::Bilingual;
use crate::rules::time::Quarter;
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    Quarter(Quarter),
    Half { year: i32, half: u32 },
    Year(i32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Quarter,
    Half,
    Year,
}

impl PeriodKind {
    pub fn name(self) -> Bilingual {
        match self {
            PeriodKind::Quarter => Bilingual::new("quý", "a quarter"),
            PeriodKind::Half => Bilingual::new("6 tháng", "a half year"),
            PeriodKind::Year => Bilingual::new("năm", "a year"),
        }
    }

    pub fn example(self) -> &'static str {
        match self {
            PeriodKind::Quarter => "2026Q3",
            PeriodKind::Half => "2026H2",
            PeriodKind::Year => "2026",
        }
    }
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

impl Period {
    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Quarter(_) => PeriodKind::Quarter,
            Period::Half { .. } => PeriodKind::Half,
            Period::Year(_) => PeriodKind::Year,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Quarter(quarter) => quarter.year,
            Period::Half { year, .. } | Period::Year(year) => year,
        }
    }

    pub fn start(self) -> NaiveDate {
        match self {
            Period::Quarter(quarter) => quarter.start(),
            Period::Half { year, half } => date(year, if half == 1 { 1 } else { 7 }, 1),
            Period::Year(year) => date(year, 1, 1),
        }
    }

    /// The last day of the period.
    pub fn end(self) -> NaiveDate {
        match self {
            Period::Quarter(quarter) => quarter.end(),
            Period::Half { year, half } => {
                if half == 1 {
                    date(year, 6, 30)
                } else {
                    date(year, 12, 31)
                }
            }
            Period::Year(year) => date(year, 12, 31),
        }
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.start() <= day && day <= self.end()
    }

    /// The period of `kind` that holds `day`.
    pub fn of(kind: PeriodKind, day: NaiveDate) -> Period {
        match kind {
            PeriodKind::Quarter => Period::Quarter(Quarter::of(day)),
            PeriodKind::Half => Period::Half {
                year: day.year(),
                half: if day.month() <= 6 { 1 } else { 2 },
            },
            PeriodKind::Year => Period::Year(day.year()),
        }
    }

    pub fn previous(self) -> Period {
        match self {
            Period::Quarter(quarter) => Period::Quarter(quarter.previous()),
            Period::Half { year, half: 2 } => Period::Half { year, half: 1 },
            Period::Half { year, .. } => Period::Half {
                year: year - 1,
                half: 2,
            },
            Period::Year(year) => Period::Year(year - 1),
        }
    }

    pub fn next(self) -> Period {
        match self {
            Period::Quarter(Quarter { year, number: 4 }) => Period::Quarter(Quarter {
                year: year + 1,
                number: 1,
            }),
            Period::Quarter(Quarter { year, number }) => Period::Quarter(Quarter {
                year,
                number: number + 1,
            }),
            Period::Half { year, half: 1 } => Period::Half { year, half: 2 },
            Period::Half { year, .. } => Period::Half {
                year: year + 1,
                half: 1,
            },
            Period::Year(year) => Period::Year(year + 1),
        }
    }

    /// The last period of `kind` that ended before `today`.
    pub fn last_completed(kind: PeriodKind, today: NaiveDate) -> Period {
        Period::of(kind, today).previous()
    }

    /// Parse `2026Q3` (or `2026-Q3`, `q3`), `2026H2` and `2026`.
    pub fn parse(text: &str) -> Result<Period, String> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != ' ')
            .collect::<String>()
            .to_uppercase();
        let invalid = || {
            format!(
                "kỳ báo cáo `{text}` không hợp lệ: dùng 2026Q3, 2026H2 hoặc 2026 / invalid period `{text}`: use 2026Q3, 2026H2 or 2026"
            )
        };
        let (Some(year_text), Some(rest)) = (cleaned.get(..4), cleaned.get(4..)) else {
            return Err(invalid());
        };
        if !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let year: i32 = year_text.parse().map_err(|_| invalid())?;
        if !(1900..=9998).contains(&year) {
            return Err(invalid());
        }
        match rest.as_bytes() {
            [] => Ok(Period::Year(year)),
            [b'Q', n @ b'1'..=b'4'] => Ok(Period::Quarter(Quarter {
                year,
                number: u32::from(n - b'0'),
            })),
            [b'H', n @ b'1'..=b'2'] => Ok(Period::Half {
                year,
                half: u32::from(n - b'0'),
            }),
            _ => Err(invalid()),
        }
    }

    pub fn label(self) -> Bilingual {
        match self {
            Period::Quarter(Quarter { year, number }) => Bilingual::new(
                format!(
                    "Quý {}/{year}",
                    (number as usize)
                        .checked_sub(1)
                        .and_then(|i| ROMAN.get(i))
                        .copied()
                        .unwrap_or("?")
                ),
                format!("Q{number} {year}"),
            ),
            Period::Half { year, half: 1 } => {
                Bilingual::new(format!("6 tháng đầu năm {year}"), format!("H1 {year}"))
            }
            Period::Half { year, .. } => {
                Bilingual::new(format!("6 tháng cuối năm {year}"), format!("H2 {year}"))
            }
            Period::Year(year) => Bilingual::new(format!("Năm {year}"), format!("Year {year}")),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Quarter(Quarter { year, number }) => write!(f, "{year}Q{number}"),
            Period::Half { year, half } => write!(f, "{year}H{half}"),
            Period::Year(year) => write!(f, "{year}"),
        }
    }
}

impl std::str::FromStr for Period {
    type Err = String;
    fn from_str(text: &str) -> Result<Period, String> {
        Period::parse(text)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Period", 5)?;
        s.serialize_field("id", &self.to_string())?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("start", &self.start())?;
        s.serialize_field("end", &self.end())?;
        s.serialize_field("label", &self.label())?;
        s.end()
    }
}

/// F1, F2 (QĐ3582 III.2): a quarterly report is due before the 10th day of
/// the first month of the next quarter, so on the 9th at the latest.
pub fn quarterly_due(quarter: Quarter) -> NaiveDate {
    let next_start = quarter.end().succ_opt().unwrap_or(NaiveDate::MAX);
    next_start
        .checked_add_days(Days::new(8))
        .unwrap_or(NaiveDate::MAX)
}

/// M9 (QC1114 Đ13.2.2): the half-yearly mailbox list is due at the end of
/// the half (30 June, 31 December).
pub fn half_due(period: Period) -> NaiveDate {
    period.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn parses_and_prints() {
        for text in ["2026Q3", "2026H2", "2026", "2027Q1"] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Period::parse(" 2026-q3 ").unwrap().to_string(), "2026Q3");
        for bad in [
            "",
            "26Q3",
            "2026Q5",
            "2026H3",
            "2026Q",
            "Q3",
            "2026Q3x",
            "２０２６",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn due_dates() {
        let q3 = Quarter {
            year: 2026,
            number: 3,
        };
        assert_eq!(quarterly_due(q3), day(2026, 10, 9));
        let q4 = Quarter {
            year: 2026,
            number: 4,
        };
        assert_eq!(quarterly_due(q4), day(2027, 1, 9));
        assert_eq!(half_due(Period::parse("2026H1").unwrap()), day(2026, 6, 30));
        assert_eq!(
            half_due(Period::parse("2026H2").unwrap()),
            day(2026, 12, 31)
        );
    }

    #[test]
    fn last_completed() {
        let today = day(2026, 11, 23);
        assert_eq!(
            Period::last_completed(PeriodKind::Quarter, today).to_string(),
            "2026Q3"
        );
        assert_eq!(
            Period::last_completed(PeriodKind::Half, today).to_string(),
            "2026H1"
        );
        assert_eq!(
            Period::last_completed(PeriodKind::Year, today).to_string(),
            "2025"
        );
        let january = day(2027, 1, 2);
        assert_eq!(
            Period::last_completed(PeriodKind::Half, january).to_string(),
            "2026H2"
        );
        assert_eq!(
            Period::parse("2026H2").unwrap().next().to_string(),
            "2027H1"
        );
        assert_eq!(
            Period::parse("2026Q4").unwrap().next().to_string(),
            "2027Q1"
        );
    }
}
