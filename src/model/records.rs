//! Typed views of the records that rules, reports and indexes read.
//!
//! They are built only from records that passed their schema, so they can be
//! lenient: optional fields default, unknown fields are ignored.

use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub level: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub it_unit: bool,
    #[serde(default)]
    pub mail_domain: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Staff {
    pub id: String,
    pub full_name: String,
    pub unit: String,
    #[serde(default)]
    pub position: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub contract: Option<String>,
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
        self.left.is_some_and(|left| left <= date)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Asset {
    pub id: String,
    pub name: String,
    pub category: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub unit: String,
    pub serial: String,
    pub acquired: NaiveDate,
    #[serde(default)]
    pub supplier: Option<String>,
    #[serde(default)]
    pub warranty: Option<Warranty>,
    #[serde(default)]
    pub assigned_to: Option<String>,
    #[serde(default)]
    pub location: Option<Location>,
    pub status: String,
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
    pub room: Option<String>,
    #[serde(default)]
    pub server_room: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AssetEvent {
    pub date: NaiveDate,
    pub kind: String,
    #[serde(default)]
    pub to: Option<Box<str>>,
    #[serde(default)]
    pub by: Option<Box<str>>,
    #[serde(default)]
    pub to_unit: Option<Box<str>>,
    #[serde(default)]
    pub decided_by: Option<Box<str>>,
    #[serde(default)]
    pub minutes: Option<Box<str>>,
    #[serde(default)]
    pub repair_at: Option<Box<str>>,
    #[serde(default)]
    pub data_wiped: Option<bool>,
    // No `note`: no rule or report reads it, and at 100k devices the
    // events' notes alone took 50 MB. Pages show it from the record.
}

#[derive(Debug, Clone, Deserialize)]
pub struct Inventory {
    pub year: i32,
    pub unit: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub items: Vec<InventoryItem>,
    #[serde(default)]
    pub unlisted: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct InventoryItem {
    pub asset: String,
    pub result: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Software {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    #[serde(default)]
    pub license: Option<License>,
    #[serde(default)]
    pub approval: Option<serde_json::Value>,
    #[serde(default)]
    pub installations: Vec<Installation>,
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
    pub unit: String,
    #[serde(default)]
    pub servers: Vec<String>,
    #[serde(default)]
    pub workstations: Option<u32>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default = "deployed")]
    pub status: String,
    #[serde(default)]
    pub acceptance: Option<serde_json::Value>,
}

fn deployed() -> String {
    "deployed".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub scope: String,
    pub unit: String,
    #[serde(default)]
    pub admins: Vec<String>,
    #[serde(default)]
    pub log_review_interval_days: Option<u32>,
    #[serde(default)]
    pub log_reviews: Vec<LogReview>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogReview {
    pub date: NaiveDate,
    #[serde(default)]
    pub by: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Database {
    pub id: String,
    pub name: String,
    pub unit: String,
    #[serde(default)]
    pub admin: Option<String>,
    #[serde(default)]
    pub backups: Vec<Backup>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Backup {
    pub date: NaiveDate,
    pub period: String,
    #[serde(default)]
    pub media: Option<Media>,
    #[serde(default)]
    pub restore_checked: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Media {
    #[serde(default)]
    pub kind: Option<String>,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DataRequest {
    pub id: String,
    pub unit: String,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailAccount {
    pub id: String,
    pub address: String,
    pub kind: String,
    #[serde(default)]
    pub staff: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    pub status: String,
    #[serde(default)]
    pub last_login: Option<NaiveDate>,
    #[serde(default)]
    pub password_changed: Option<NaiveDate>,
    #[serde(default)]
    pub events: Vec<MailEvent>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailEvent {
    pub kind: String,
    #[serde(default)]
    pub requested_at: Option<String>,
    #[serde(default)]
    pub done_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailRequest {
    pub id: String,
    pub unit: String,
    pub submitted: String,
    /// When the IT centre received the request; the 48 hours run from here.
    #[serde(default)]
    pub received: Option<String>,
    #[serde(default)]
    pub signed_by: Option<String>,
    #[serde(default)]
    pub entries: Vec<MailRequestEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailRequestEntry {
    pub full_name: String,
    pub request: String,
    #[serde(default)]
    pub result: Option<MailResult>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailResult {
    #[serde(default)]
    pub done: Option<String>,
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default = "default_outcome")]
    pub outcome: String,
}

fn default_outcome() -> String {
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
    pub title: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub planned_quarter: Option<u32>,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
}
