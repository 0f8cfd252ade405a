//! Typed views of the records that rules, reports and indexes read.
//!
//! They are built only from records that passed their schema, so they can be
//! lenient: optional fields default, unknown fields are ignored. Their texts
//! are [`SharedText`]s, which share the record value's copy.

use crate::value::SharedText;
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Unit {
    pub id: SharedText,
    pub name: SharedText,
    pub level: SharedText,
    #[serde(default)]
    pub parent: Option<SharedText>,
    #[serde(default)]
    pub it_unit: bool,
    #[serde(default)]
    pub mail_domain: Option<SharedText>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Staff {
    pub id: SharedText,
    pub full_name: SharedText,
    pub unit: SharedText,
    #[serde(default)]
    pub position: Option<SharedText>,
    #[serde(default)]
    pub roles: Vec<SharedText>,
    #[serde(default)]
    pub contract: Option<SharedText>,
    #[serde(default)]
    pub contract_months: Option<u32>,
    #[serde(default)]
    pub left: Option<NaiveDate>,
}

impl Staff {
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    /// Whether the staff member had left the agency on `date` (their `left`
    /// date is on or before it).
    pub fn left_by(&self, date: NaiveDate) -> bool {
        self.left_date_by(date).is_some()
    }

    /// The `left` date when the staff member had left by `date`.
    pub fn left_date_by(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.left.filter(|&left| left <= date)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Asset {
    pub id: SharedText,
    pub name: SharedText,
    pub category: SharedText,
    #[serde(rename = "type")]
    pub kind: SharedText,
    pub unit: SharedText,
    pub serial: SharedText,
    #[serde(default)]
    pub config: Option<SharedText>,
    pub acquired: NaiveDate,
    #[serde(default)]
    pub supplier: Option<SharedText>,
    #[serde(default)]
    pub warranty: Option<Warranty>,
    #[serde(default)]
    pub assigned_to: Option<SharedText>,
    #[serde(default)]
    pub location: Option<Location>,
    pub status: SharedText,
    #[serde(default)]
    pub events: Vec<AssetEvent>,
}

impl Asset {
    /// Devices that hold data and must be wiped before leaving for repair (A8).
    pub fn bears_data(&self) -> bool {
        matches!(self.kind.as_str(), "server" | "desktop" | "laptop") || self.category == "storage"
    }

    pub fn under_warranty_on(&self, date: NaiveDate) -> bool {
        self.warranty.as_ref().is_some_and(|w| date <= w.until)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Warranty {
    pub until: NaiveDate,
    #[serde(default)]
    pub onsite: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Location {
    #[serde(default)]
    pub room: Option<SharedText>,
    #[serde(default)]
    pub server_room: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AssetEvent {
    pub date: NaiveDate,
    pub kind: SharedText,
    #[serde(default)]
    pub to: Option<SharedText>,
    #[serde(default)]
    pub by: Option<SharedText>,
    #[serde(default)]
    pub to_unit: Option<SharedText>,
    #[serde(default)]
    pub decided_by: Option<SharedText>,
    #[serde(default)]
    pub minutes: Option<SharedText>,
    #[serde(default)]
    pub repair_at: Option<SharedText>,
    #[serde(default)]
    pub data_wiped: Option<bool>,
    // No `note`: no rule or report reads it, and at 100k devices the
    // events' notes alone took 50 MB. Pages show it from the record.
}

#[derive(Debug, Clone, Deserialize)]
pub struct Inventory {
    pub year: i32,
    pub unit: SharedText,
    pub date: NaiveDate,
    #[serde(default)]
    pub items: Vec<InventoryItem>,
    #[serde(default)]
    pub unlisted: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct InventoryItem {
    pub asset: SharedText,
    pub result: SharedText,
    #[serde(default)]
    pub note: Option<SharedText>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Software {
    pub id: SharedText,
    pub name: SharedText,
    pub kind: SharedText,
    pub status: SharedText,
    #[serde(default)]
    pub license: Option<License>,
    #[serde(default)]
    pub in_use_since: Option<NaiveDate>,
    #[serde(default)]
    pub approval: Option<Approval>,
    #[serde(default)]
    pub installations: Vec<Installation>,
    #[serde(default)]
    pub updates: Vec<SoftwareUpdate>,
}

/// The General Director's approval of local software (B3, B8).
#[derive(Debug, Clone, Deserialize)]
pub struct Approval {
    #[serde(default)]
    pub decision: Option<SharedText>,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// The units where the software may run; each covers its sub-units.
    #[serde(default)]
    pub units: Vec<SharedText>,
}

/// One entry of a software's update log (B7).
#[derive(Debug, Clone, Deserialize)]
pub struct SoftwareUpdate {
    pub date: NaiveDate,
    /// `technical` or `business`.
    #[serde(default)]
    pub kind: Option<SharedText>,
    #[serde(default)]
    pub decision: Option<SharedText>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct License {
    #[serde(default)]
    pub seats: Option<u32>,
    #[serde(default)]
    pub expires: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Installation {
    pub unit: SharedText,
    #[serde(default)]
    pub servers: Vec<SharedText>,
    #[serde(default)]
    pub workstations: Option<u32>,
    #[serde(default)]
    pub version: Option<SharedText>,
    #[serde(default)]
    pub installed_on: Option<NaiveDate>,
    #[serde(default = "deployed")]
    pub status: SharedText,
    #[serde(default)]
    pub acceptance: Option<Acceptance>,
}

/// Signed acceptance minutes of a deployment (B5).
#[derive(Debug, Clone, Deserialize)]
pub struct Acceptance {
    #[serde(default)]
    pub minutes: Option<SharedText>,
    #[serde(default)]
    pub signed_by: Option<SharedText>,
}

fn deployed() -> SharedText {
    "deployed".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct Network {
    pub id: SharedText,
    pub name: SharedText,
    pub scope: SharedText,
    pub unit: SharedText,
    #[serde(default)]
    pub admins: Vec<SharedText>,
    #[serde(default)]
    pub log_review_interval_days: Option<u32>,
    #[serde(default)]
    pub log_reviews: Vec<LogReview>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogReview {
    pub date: NaiveDate,
    #[serde(default)]
    pub by: Option<SharedText>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Database {
    pub id: SharedText,
    pub name: SharedText,
    pub unit: SharedText,
    #[serde(default)]
    pub admin: Option<SharedText>,
    #[serde(default)]
    pub backups: Vec<Backup>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Backup {
    pub date: NaiveDate,
    pub period: SharedText,
    #[serde(default)]
    pub media: Option<Media>,
    #[serde(default)]
    pub restore_checked: Option<NaiveDate>,
    /// Who made the backup (D2: a data administrator of the unit).
    #[serde(default)]
    pub by: Option<SharedText>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Media {
    #[serde(default)]
    pub kind: Option<SharedText>,
    pub label: SharedText,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DataRequest {
    pub id: SharedText,
    pub unit: SharedText,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub approved_on: Option<NaiveDate>,
    #[serde(default)]
    pub approved_by: Option<SharedText>,
    #[serde(default)]
    pub status: Option<SharedText>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailAccount {
    pub id: SharedText,
    pub address: SharedText,
    pub kind: SharedText,
    #[serde(default)]
    pub staff: Option<SharedText>,
    #[serde(default)]
    pub unit: Option<SharedText>,
    pub status: SharedText,
    #[serde(default)]
    pub created: Option<NaiveDate>,
    /// A unit mailbox's manager, named by the unit head (M11).
    #[serde(default)]
    pub manager: Option<SharedText>,
    /// Since when `manager` has managed it; a later date than `created`
    /// means the mailbox was handed over then (M11).
    #[serde(default)]
    pub manager_since: Option<NaiveDate>,
    #[serde(default)]
    pub last_login: Option<NaiveDate>,
    #[serde(default)]
    pub password_changed: Option<NaiveDate>,
    #[serde(default)]
    pub events: Vec<MailEvent>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailEvent {
    /// A date, or an RFC 3339 date-time where hours count (M12).
    pub date: SharedText,
    pub kind: SharedText,
    /// A `handover`'s outgoing and incoming managers (M11).
    #[serde(default)]
    pub from: Option<SharedText>,
    #[serde(default)]
    pub to: Option<SharedText>,
    #[serde(default)]
    pub requested_at: Option<SharedText>,
    #[serde(default)]
    pub done_at: Option<SharedText>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailRequest {
    pub id: SharedText,
    pub unit: SharedText,
    pub submitted: SharedText,
    /// When the IT centre received the request; the 48 hours run from here.
    #[serde(default)]
    pub received: Option<SharedText>,
    #[serde(default)]
    pub signed_by: Option<SharedText>,
    #[serde(default)]
    pub entries: Vec<MailRequestEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailRequestEntry {
    pub full_name: SharedText,
    pub request: SharedText,
    #[serde(default)]
    pub result: Option<MailResult>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailResult {
    #[serde(default)]
    pub done: Option<SharedText>,
    #[serde(default)]
    pub account: Option<SharedText>,
    #[serde(default = "default_outcome")]
    pub outcome: SharedText,
}

fn default_outcome() -> SharedText {
    "done".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct Training {
    pub year: i32,
    #[serde(default)]
    pub courses: Vec<Course>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Course {
    #[serde(default)]
    pub title: Option<SharedText>,
    #[serde(default)]
    pub unit: Option<SharedText>,
    #[serde(default)]
    pub planned_quarter: Option<u32>,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Access {
    pub id: SharedText,
    pub network: SharedText,
    #[serde(default)]
    pub grants: Vec<Grant>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Grant {
    pub group: SharedText,
    #[serde(default)]
    pub approved_by: Option<SharedText>,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub expires: Option<NaiveDate>,
}

/// A suspected loss or leak of data (D5).
#[derive(Debug, Clone, Deserialize)]
pub struct Incident {
    pub id: SharedText,
    pub unit: SharedText,
    pub detected: NaiveDate,
    #[serde(default)]
    pub reports: Vec<IncidentReport>,
}

/// One report of an incident: to whom and when.
#[derive(Debug, Clone, Deserialize)]
pub struct IncidentReport {
    /// `unit-leadership` or `level-above`.
    pub to: SharedText,
    pub date: NaiveDate,
}
