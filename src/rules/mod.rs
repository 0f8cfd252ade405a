//! Regulation rules. One rule per file, named for what it checks; its
//! diagnostic code is the clause id from `shared/design/regulations.md`.

use crate::config::Config;
use crate::diagnostic::{Bilingual, Diagnostic, Severity};
use crate::model::{Model, Typed};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::PathBuf;

mod a01_unit_levels;
mod a03_log_book_fields;
mod a04_asset_in_inventory;
mod a04_inventory_taken;
mod a05_server_room;
mod a05_stock_checked;
mod a07_repair_minutes;
mod a08_wipe_before_repair;
mod a09_warranty_repair_at_supplier;
mod a09_warranty_supplier_recorded;
mod a10_quarterly_maintenance;
mod a12_handover_minutes;
mod a12_pc_assigned;
mod a12_pc_user_still_works;
mod a12_transfer_decided;
mod b03_approved_before_deployment;
mod b03_local_software_approved;
mod b04_version_drift;
mod b05_deployment_accepted;
mod b07_update_decided;
mod b08_installed_where_approved;
mod c01_network_admin;
mod c03_log_review;
mod c04_access_approved;
mod c04_access_expired;
mod d01_data_admin;
mod d01_database_admin_role;
mod d02_backup_by_data_admin;
mod d02_backup_periods;
mod d03_media_label_unique;
mod d03_restore_checked;
mod d04_approver_leads_unit;
mod d04_request_approved;
mod d05_incident_reported;
mod m01_contract_length;
mod m02_request_signed;
mod m02_result_within_48h;
pub mod m03_no_secrets;
mod m04_inactive_login;
mod m04_left_staff_locked;
mod m05_reset_within_24h;
pub mod m06_mail_naming;
mod m06_number_on_clash;
mod m08_evidence_files;
mod m08_executable_files;
mod m08_unreferenced_files;
mod m10_support_account;
mod m11_mailbox_handover;
mod m11_unit_mailbox_manager;
mod m12_compromised_locked;
pub mod time;

/// A rule: the clause it carries out, where the clause sits in its
/// regulation, and the check itself.
pub struct Rule {
    pub clause: &'static str,
    /// E.g. "QĐ3582 II.1.4", cited in every message.
    pub citation: &'static str,
    pub severity: Severity,
    /// The default threshold (days or months) for rules that have one.
    pub threshold: Option<i64>,
    pub check: fn(&Context) -> Vec<Finding>,
}

/// What a rule sees.
pub struct Context<'a> {
    pub model: &'a Model,
    pub today: NaiveDate,
    /// The threshold after `itreg.toml` has had its say.
    pub threshold: i64,
    /// `[rules.<clause>] maximum` from `itreg.toml`, for rules that cap an
    /// interval the records set; each such rule has its own default.
    pub maximum: Option<i64>,
}

/// One breach, before the runner adds code, severity and citation.
pub struct Finding {
    pub target: Target,
    pub message: Bilingual,
    pub hint: Bilingual,
}

/// What a finding is about.
pub enum Target {
    /// `model.records[index]`, at the JSON pointer `pointer`.
    Record { index: usize, pointer: String },
    /// A file under `records/` as a whole (an attachment, a file's mode).
    File(PathBuf),
}

impl Finding {
    /// Start a finding about `record` at the JSON pointer `pointer`.
    pub fn on<T>(record: &Typed<T>, pointer: impl Into<String>) -> FindingBuilder {
        Finding::at(record.index, pointer)
    }

    /// Start a finding about the raw record `model.records[index]`, for rules
    /// that read records the typed model leaves out.
    pub fn at(index: usize, pointer: impl Into<String>) -> FindingBuilder {
        FindingBuilder {
            target: Target::Record {
                index,
                pointer: pointer.into(),
            },
        }
    }

    /// Start a finding about a whole file, relative to the repository root.
    pub fn file(path: impl Into<PathBuf>) -> FindingBuilder {
        FindingBuilder {
            target: Target::File(path.into()),
        }
    }
}

pub struct FindingBuilder {
    target: Target,
}

impl FindingBuilder {
    pub fn say(self, message: (String, String), hint: (&str, &str)) -> Finding {
        Finding {
            target: self.target,
            message: Bilingual::new(message.0, message.1),
            hint: Bilingual::new(hint.0, hint.1),
        }
    }
}

/// Every rule itreg knows, in clause order. A clause whose checks differ in
/// severity has one rule per check; they share the clause id, and so the
/// `[rules.<clause>]` settings of `itreg.toml`.
/// A text field left out or written as spaces: what no rule counts as
/// filled in.
fn blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

pub fn all() -> Vec<Rule> {
    vec![
        a01_unit_levels::RULE,
        a03_log_book_fields::RULE,
        a04_asset_in_inventory::RULE,
        a04_inventory_taken::RULE,
        a05_server_room::RULE,
        a05_stock_checked::RULE,
        a07_repair_minutes::RULE,
        a08_wipe_before_repair::RULE,
        a09_warranty_repair_at_supplier::RULE,
        a09_warranty_supplier_recorded::RULE,
        a10_quarterly_maintenance::RULE,
        a12_pc_assigned::RULE,
        a12_pc_user_still_works::RULE,
        a12_handover_minutes::RULE,
        a12_transfer_decided::RULE,
        b03_local_software_approved::RULE,
        b03_approved_before_deployment::RULE,
        b04_version_drift::RULE,
        b05_deployment_accepted::RULE,
        b07_update_decided::RULE,
        b08_installed_where_approved::RULE,
        c01_network_admin::RULE,
        c03_log_review::RULE,
        c04_access_approved::RULE,
        c04_access_expired::RULE,
        d01_data_admin::RULE,
        d01_database_admin_role::RULE,
        d02_backup_periods::RULE,
        d02_backup_by_data_admin::RULE,
        d03_media_label_unique::RULE,
        d03_restore_checked::RULE,
        d04_request_approved::RULE,
        d04_approver_leads_unit::RULE,
        d05_incident_reported::RULE,
        m01_contract_length::RULE,
        m02_result_within_48h::RULE,
        m02_request_signed::RULE,
        m03_no_secrets::RULE,
        m04_left_staff_locked::RULE,
        m04_inactive_login::RULE,
        m05_reset_within_24h::RULE,
        m06_mail_naming::RULE,
        m06_number_on_clash::RULE,
        m08_evidence_files::RULE,
        m08_executable_files::RULE,
        m08_unreferenced_files::RULE,
        m10_support_account::RULE,
        m11_mailbox_handover::RULE,
        m11_unit_mailbox_manager::RULE,
        m12_compromised_locked::RULE,
    ]
}

/// Run every enabled rule over the model.
pub fn run(model: &Model, today: NaiveDate, config: &Config) -> Vec<Diagnostic> {
    // Rules are independent of each other: run them in parallel, keeping
    // their order in the output. They differ widely in cost, so each is its
    // own task (see `render_into`).
    let per_rule: Vec<Vec<Diagnostic>> = all()
        .par_iter()
        .with_max_len(1)
        .map(|rule| run_rule(rule, model, today, config))
        .collect();
    per_rule.into_iter().flatten().collect()
}

fn run_rule(rule: &Rule, model: &Model, today: NaiveDate, config: &Config) -> Vec<Diagnostic> {
    let settings = config.rule(rule.clause);
    let severity = match settings.severity {
        Some(choice) => match choice.severity() {
            Some(severity) => severity,
            None => return Vec::new(),
        },
        None => rule.severity,
    };
    let context = Context {
        model,
        today,
        threshold: settings.threshold.or(rule.threshold).unwrap_or_default(),
        maximum: settings.maximum,
    };
    (rule.check)(&context)
        .into_iter()
        .map(|finding| {
            let message = Bilingual::new(
                format!("{} ({})", finding.message.vi, rule.citation),
                format!("{} ({})", finding.message.en, rule.citation),
            );
            let diagnostic = match &finding.target {
                Target::Record { index, pointer } => {
                    let record = &model.records[*index];
                    Diagnostic::error(rule.clause, &record.path, message)
                        .at_field(record.position(pointer), pointer)
                }
                Target::File(path) => Diagnostic::error(rule.clause, path, message),
            };
            diagnostic
                .with_severity(severity)
                .with_hint(finding.hint.vi, finding.hint.en)
        })
        .collect()
}
