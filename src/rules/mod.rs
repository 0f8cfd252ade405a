//! Regulation rules. One rule per file, named for what it checks; its
//! diagnostic code is the clause id from `shared/design/regulations.md`.

use crate::config::Config;
use crate::diagnostic::{Bilingual, Diagnostic, Severity};
use crate::model::{Model, Typed};
use chrono::NaiveDate;

mod a07_repair_minutes;
mod a08_wipe_before_repair;

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
}

/// One breach, before the runner adds code, severity and citation.
pub struct Finding {
    pub record: usize,
    pub pointer: String,
    pub message: Bilingual,
    pub hint: Bilingual,
}

impl Finding {
    /// Start a finding about `record` at the JSON pointer `pointer`.
    pub fn on<T>(record: &Typed<T>, pointer: impl Into<String>) -> FindingBuilder {
        FindingBuilder {
            record: record.index,
            pointer: pointer.into(),
        }
    }
}

pub struct FindingBuilder {
    record: usize,
    pointer: String,
}

impl FindingBuilder {
    pub fn say(self, message: (String, String), hint: (&str, &str)) -> Finding {
        Finding {
            record: self.record,
            pointer: self.pointer,
            message: Bilingual::new(message.0, message.1),
            hint: Bilingual::new(hint.0, hint.1),
        }
    }
}

/// Every rule itreg knows, in clause order.
pub fn all() -> Vec<Rule> {
    vec![a07_repair_minutes::RULE, a08_wipe_before_repair::RULE]
}

/// Run every enabled rule over the model.
pub fn run(model: &Model, today: NaiveDate, config: &Config) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for rule in all() {
        let settings = config.rule(rule.clause);
        let severity = match settings.severity {
            Some(choice) => match choice.severity() {
                Some(severity) => severity,
                None => continue,
            },
            None => rule.severity,
        };
        let context = Context {
            model,
            today,
            threshold: settings.threshold.or(rule.threshold).unwrap_or_default(),
        };
        for finding in (rule.check)(&context) {
            let record = &model.records[finding.record];
            let message = Bilingual::new(
                format!("{} ({})", finding.message.vi, rule.citation),
                format!("{} ({})", finding.message.en, rule.citation),
            );
            diagnostics.push(
                Diagnostic::error(rule.clause, &record.path, message)
                    .with_severity(severity)
                    .at(record.position(&finding.pointer))
                    .with_hint(finding.hint.vi, finding.hint.en),
            );
        }
    }
    diagnostics
}
