//! The next free identifier in a register, shared by `itreg import` and
//! `itreg new` so both number records the same way:
//!
//! - asset tags: the unit id in capitals, the type's code and a 4-digit
//!   sequence, `HN-Q1-PC-0012`; the sequence continues after the highest
//!   tag with the same prefix anywhere, so a device that moved units keeps
//!   its tag and no tag is issued twice;
//! - requests (Mẫu 01, data requests): `2026-hn-q1-003`, numbered per year
//!   and unit;
//! - names (software, networks…): a slug of the name, with `-2`, `-3`… on
//!   a clash;
//! - inventories and training plans: a year.

use crate::model::Model;
use crate::register::Register;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

/// Asset types with their category and the code used in asset tags, as the
/// sample records write them (QĐ3582 II.1.1).
pub const ASSET_TYPES: &[(&str, &str, &str)] = &[
    ("server", "computer", "SRV"),
    ("desktop", "computer", "PC"),
    ("laptop", "computer", "NB"),
    ("dot-matrix", "printer", "PRT"),
    ("special", "printer", "PRT"),
    ("inkjet", "printer", "PRT"),
    ("laser", "printer", "PRT"),
    ("switch", "network", "SW"),
    ("hub", "network", "HUB"),
    ("router", "network", "RT"),
    ("modem", "network", "MD"),
    ("avr", "power", "AVR"),
    ("ups", "power", "UPS"),
    ("generator", "power", "GEN"),
    ("tape", "storage", "TAPE"),
    ("magneto-optical", "storage", "MO"),
    ("optical-drive", "storage", "ODD"),
    ("external-disk", "storage", "HDD"),
    ("scanner", "other", "SCN"),
    ("card-reader", "other", "CRD"),
    ("dehumidifier", "other", "DHM"),
    ("other", "other", "OTH"),
];

/// The category an asset type belongs to.
pub fn asset_category(asset_type: &str) -> Option<&'static str> {
    ASSET_TYPES
        .iter()
        .find(|(t, _, _)| *t == asset_type)
        .map(|(_, category, _)| *category)
}

fn asset_code(asset_type: &str) -> Option<&'static str> {
    ASSET_TYPES
        .iter()
        .find(|(t, _, _)| *t == asset_type)
        .map(|(_, _, code)| *code)
}

/// Longest id the schemas accept.
const MAX_ID: usize = 64;

/// Every id in use, per register, plus the ones handed out so far.
#[derive(Debug, Default, Clone)]
pub struct Ids {
    taken: BTreeMap<Register, BTreeSet<String>>,
    /// The highest number in use after each sequence prefix asked for so
    /// far (`HN-Q1-PC-` → 12), kept current by [`Ids::claim`]. An import
    /// numbers thousands of records in a few sequences; without it each
    /// new id scanned the ids of the sequence again (issue 21).
    highest: HashMap<Register, HashMap<String, u64>>,
}

impl Ids {
    /// The ids of every record in the model, valid or not.
    pub fn from_model(model: &Model) -> Ids {
        Ids {
            taken: model.keys.clone(),
            highest: HashMap::new(),
        }
    }

    pub fn is_taken(&self, register: Register, id: &str) -> bool {
        self.taken
            .get(&register)
            .is_some_and(|ids| ids.contains(id))
    }

    /// Mark `id` as used; false if it already was.
    pub fn claim(&mut self, register: Register, id: &str) -> bool {
        if let Some((prefix, number)) = sequence_parts(id)
            && let Some(highest) = self
                .highest
                .get_mut(&register)
                .and_then(|prefixes| prefixes.get_mut(prefix))
        {
            *highest = (*highest).max(number);
        }
        self.taken
            .entry(register)
            .or_default()
            .insert(id.to_owned())
    }

    /// The next tag for a device of `asset_type` in `unit`, claimed.
    /// `None` for a type the schema does not know.
    pub fn next_asset_tag(&mut self, unit: &str, asset_type: &str) -> Option<String> {
        let code = asset_code(asset_type)?;
        let prefix = format!("{}-{code}-", unit.to_uppercase());
        Some(self.next_in_sequence(Register::Asset, &prefix, 4))
    }

    /// The next request id of `unit` in `year` (`2026-hn-q1-003`), claimed.
    pub fn next_request_id(&mut self, register: Register, year: i32, unit: &str) -> String {
        self.next_in_sequence(register, &format!("{year}-{unit}-"), 3)
    }

    /// `prefix` + the number after the highest one in use, zero-padded.
    /// `prefix` ends with `-`, so the number is what follows the last `-`.
    fn next_in_sequence(&mut self, register: Register, prefix: &str, width: usize) -> String {
        debug_assert!(prefix.ends_with('-'));
        let known = self
            .highest
            .get(&register)
            .and_then(|prefixes| prefixes.get(prefix))
            .copied();
        let highest = known.unwrap_or_else(|| {
            let found = self.scan_highest(register, prefix);
            self.highest
                .entry(register)
                .or_default()
                .insert(prefix.to_owned(), found);
            found
        });
        let id = format!("{prefix}{:0width$}", highest.saturating_add(1));
        self.claim(register, &id);
        id
    }

    /// The highest number after `prefix` among the ids in use: those
    /// starting with `prefix` sit together in the sorted set.
    fn scan_highest(&self, register: Register, prefix: &str) -> u64 {
        self.taken
            .get(&register)
            .into_iter()
            .flat_map(|ids| ids.range::<str, _>((Bound::Included(prefix), Bound::Unbounded)))
            .take_while(|id| id.starts_with(prefix))
            .filter_map(|id| sequence_parts(id))
            .filter(|(found, _)| *found == prefix)
            .map(|(_, number)| number)
            .max()
            .unwrap_or(0)
    }

    /// `base`, or `base-2`, `base-3`… whichever is free first, claimed.
    pub fn unique_slug(&mut self, register: Register, base: &str) -> String {
        let mut candidate = base.to_owned();
        let mut n = 1u32;
        while self.is_taken(register, &candidate) {
            n += 1;
            let suffix = format!("-{n}");
            let room = MAX_ID.saturating_sub(suffix.len());
            candidate = format!("{}{suffix}", truncate_slug(base, room));
        }
        self.claim(register, &candidate);
        candidate
    }

    /// The first year from `from` on with no record in `register`, whose
    /// keys are `year` (training) or `year/unit` with `unit` (inventories).
    pub fn next_year(&mut self, register: Register, from: i32, unit: Option<&str>) -> i32 {
        let key = |year: i32| match unit {
            Some(unit) => format!("{year}/{unit}"),
            None => year.to_string(),
        };
        let mut year = from;
        while self.is_taken(register, &key(year)) {
            year += 1;
        }
        self.claim(register, &key(year));
        year
    }
}

/// An id numbered in a sequence, split after its last `-`: `HN-Q1-PC-0012`
/// is `HN-Q1-PC-` and 12. `None` unless digits (that fit a u64) follow.
fn sequence_parts(id: &str) -> Option<(&str, u64)> {
    let cut = id.rfind('-')? + 1;
    let digits = &id[cut..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((&id[..cut], digits.parse().ok()?))
}

/// A lower-case ASCII slug of `text` (`Phần mềm quản lý thu` →
/// `phan-mem-quan-ly-thu`), at most 64 characters, cut between words.
pub fn slugify(text: &str) -> Option<String> {
    let slug = crate::text::tokens(text).join("-");
    let slug = truncate_slug(&slug, MAX_ID);
    (!slug.is_empty()).then_some(slug)
}

fn truncate_slug(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_owned();
    }
    let cut = slug[..=max].rfind('-').unwrap_or(max);
    slug[..cut].trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(register: Register, taken: &[&str]) -> Ids {
        let mut ids = Ids::default();
        for id in taken {
            ids.claim(register, id);
        }
        ids
    }

    #[test]
    fn asset_tags_continue_each_prefix() {
        let mut ids = ids(
            Register::Asset,
            &[
                "HN-Q1-PC-0012",
                "HN-Q1-PC-0003",
                "HN-Q1-NB-0001",
                "HN-PC-0040",
            ],
        );
        assert_eq!(
            ids.next_asset_tag("hn-q1", "desktop").as_deref(),
            Some("HN-Q1-PC-0013")
        );
        assert_eq!(
            ids.next_asset_tag("hn-q1", "desktop").as_deref(),
            Some("HN-Q1-PC-0014")
        );
        assert_eq!(
            ids.next_asset_tag("hn-q1", "laser").as_deref(),
            Some("HN-Q1-PRT-0001")
        );
        assert_eq!(ids.next_asset_tag("hn-q1", "teapot"), None);
    }

    #[test]
    fn a_sequence_asked_before_sees_later_claims() {
        let mut ids = ids(Register::Asset, &["HN-Q1-PC-0012", "HN-Q1-PCX-0099"]);
        assert_eq!(
            ids.next_asset_tag("hn-q1", "desktop").as_deref(),
            Some("HN-Q1-PC-0013")
        );
        // A tag the sheet gives, claimed after the sequence was first asked.
        ids.claim(Register::Asset, "HN-Q1-PC-0050");
        ids.claim(Register::Asset, "HN-Q1-PC-0040");
        ids.claim(Register::Asset, "HN-Q1-PC-X");
        assert_eq!(
            ids.next_asset_tag("hn-q1", "desktop").as_deref(),
            Some("HN-Q1-PC-0051")
        );
        assert_eq!(sequence_parts("2026-hn-003"), Some(("2026-hn-", 3)));
        assert_eq!(sequence_parts("hn-"), None);
        assert_eq!(sequence_parts("x-99999999999999999999999"), None);
    }

    #[test]
    fn request_ids_are_numbered_per_year_and_unit() {
        let mut ids = ids(
            Register::MailRequest,
            &[
                "2026-hn-001",
                "2026-hn-002",
                "2025-hn-009",
                "2026-hn-bd-004",
            ],
        );
        assert_eq!(
            ids.next_request_id(Register::MailRequest, 2026, "hn"),
            "2026-hn-003"
        );
        assert_eq!(
            ids.next_request_id(Register::MailRequest, 2027, "hn"),
            "2027-hn-001"
        );
    }

    #[test]
    fn slugs_and_years_skip_what_is_taken() {
        let mut ids = ids(Register::Software, &["phan-mem-thu", "phan-mem-thu-2"]);
        assert_eq!(
            ids.unique_slug(Register::Software, "phan-mem-thu"),
            "phan-mem-thu-3"
        );
        assert_eq!(
            slugify("Phần mềm Quản lý thu (VSSID)").as_deref(),
            Some("phan-mem-quan-ly-thu-vssid")
        );
        let long = slugify(&"rất dài ".repeat(20)).unwrap();
        assert!(long.len() <= 64 && !long.ends_with('-'), "{long}");
        let mut ids = ids.clone();
        ids.claim(Register::Training, "2026");
        assert_eq!(ids.next_year(Register::Training, 2026, None), 2027);
        assert_eq!(ids.next_year(Register::Inventory, 2026, Some("hn")), 2026);
    }

    #[test]
    fn every_schema_asset_type_has_a_category_and_code() {
        let schemas = crate::validate::schema::SchemaSet::load(None).unwrap();
        let schema = schemas.register_schema(Register::Asset);
        let types = schema["properties"]["type"]["enum"].as_array().unwrap();
        assert_eq!(types.len(), ASSET_TYPES.len());
        let categories = schema["properties"]["category"]["enum"].as_array().unwrap();
        for t in types {
            let category = asset_category(t.as_str().unwrap()).unwrap();
            assert!(categories.iter().any(|c| c == category), "{t}");
        }
    }
}
