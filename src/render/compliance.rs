//! Alerts where they apply: each record page lists its own diagnostics,
//! each unit page a compliance panel for the unit and its sub-units, and
//! the home page the same panel rolled up for the whole tree.
//!
//! Everything is counted once per build from the diagnostics `check`
//! produced, after the masking step (C2): a confidential record's
//! diagnostics never reach the default site, and a diagnostic whose file
//! is not a visible record is never shown or counted.

use super::html::{push_escaped, push_link};
use super::pages::report_path_in;
use super::site::{Site, record_path, unit_of};
use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::register::Register;
use std::collections::{HashMap, HashSet};

/// One kind of problem the panel counts: the rule's clause, the register
/// its records are in, the report that lists them, and its column label.
struct Category {
    clause: &'static str,
    register: Register,
    report: &'static str,
    label: &'static str,
}

const CATEGORIES: [Category; 4] = [
    Category {
        clause: "A10",
        register: Register::Asset,
        report: "a10-maintenance-overdue",
        label: "panel_maintenance",
    },
    Category {
        clause: "A4",
        register: Register::Unit,
        report: "a4-inventory",
        label: "panel_inventory",
    },
    Category {
        clause: "D2",
        register: Register::Database,
        report: "d2-backups",
        label: "panel_backups",
    },
    Category {
        clause: "M4",
        register: Register::MailAccount,
        report: "m4-accounts-to-lock",
        label: "panel_accounts",
    },
];

/// Problems of each category, in [`CATEGORIES`] order.
type Counts = [usize; 4];

fn problems(counts: &Counts) -> usize {
    counts.iter().sum()
}

fn add(into: &mut Counts, other: &Counts) {
    for (a, b) in into.iter_mut().zip(other) {
        *a += b;
    }
}

/// The diagnostics of every visible record and the counts of every unit,
/// computed once per build.
pub struct Compliance<'p> {
    diagnostics: &'p [Diagnostic],
    /// Visible record index → positions in `diagnostics`.
    by_record: HashMap<usize, Vec<usize>>,
    /// Unit → its own records' problems.
    own: HashMap<String, Counts>,
    /// Unit → problems of its whole sub-tree.
    total: HashMap<String, Counts>,
    children: HashMap<String, Vec<String>>,
    roots: Vec<String>,
    /// Reports due within the calendar's "due soon" days.
    reports_due: usize,
}

impl<'p> Compliance<'p> {
    pub fn new(site: &Site, diagnostics: &'p [Diagnostic], reports_due: usize) -> Self {
        let by_path: HashMap<&std::path::Path, usize> = site
            .visible
            .keys()
            .map(|&i| (site.record(i).path.as_path(), i))
            .collect();
        let mut by_record: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut counted: HashSet<(usize, usize)> = HashSet::new();
        let mut own: HashMap<String, Counts> = HashMap::new();
        for (position, diagnostic) in diagnostics.iter().enumerate() {
            let Some(&index) = by_path.get(diagnostic.file.as_path()) else {
                continue;
            };
            by_record.entry(index).or_default().push(position);
            let record = site.record(index);
            let Some(category) = CATEGORIES
                .iter()
                .position(|c| c.clause == diagnostic.code && c.register == record.register)
            else {
                continue;
            };
            // A record counts once per category, however many periods it missed.
            if !counted.insert((index, category)) {
                continue;
            }
            let unit = match record.register {
                Register::Unit => Some(record.key.as_str()),
                _ => unit_of(site.model, index, &site.visible[&index]),
            };
            if let Some(unit) = unit {
                own.entry(unit.to_owned()).or_default()[category] += 1;
            }
        }
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        let mut roots = Vec::new();
        for unit in site.model.units.values() {
            if site.index_of(Register::Unit, &unit.id).is_none() {
                continue;
            }
            match unit.parent.as_deref() {
                Some(parent) => children
                    .entry(parent.to_owned())
                    .or_default()
                    .push(unit.id.to_string()),
                None => roots.push(unit.id.to_string()),
            }
        }
        let mut compliance = Compliance {
            diagnostics,
            by_record,
            own,
            total: HashMap::new(),
            children,
            roots,
            reports_due,
        };
        for root in compliance.roots.clone() {
            compliance.sum_subtree(&root, 0);
        }
        compliance
    }

    /// Fill `total` for `unit` and every unit below it.
    fn sum_subtree(&mut self, unit: &str, depth: usize) -> Counts {
        let mut total = self.own.get(unit).copied().unwrap_or_default();
        if depth < 64 {
            // a cyclic tree is reported by check; never loop here
            for child in self.children.get(unit).cloned().unwrap_or_default() {
                add(&mut total, &self.sum_subtree(&child, depth + 1));
            }
        }
        self.total.insert(unit.to_owned(), total);
        total
    }

    fn total_of(&self, unit: &str) -> Counts {
        self.total.get(unit).copied().unwrap_or_default()
    }

    /// Sub-units of `unit`, most problems first, then by name.
    fn sorted_children<'s>(&'s self, site: &Site, unit: &str) -> Vec<&'s str> {
        let mut children: Vec<&str> = self
            .children
            .get(unit)
            .map(|c| c.iter().map(String::as_str).collect())
            .unwrap_or_default();
        children.sort_by_cached_key(|child| {
            (
                std::cmp::Reverse(problems(&self.total_of(child))),
                site.title_of(Register::Unit, child)
                    .unwrap_or(child)
                    .to_owned(),
            )
        });
        children
    }

    /// A record's own errors and warnings, each with its clause and what
    /// to do; `None` when it has none.
    pub fn record_html(
        &self,
        site: &Site,
        lang: Lang,
        gloss: Option<Lang>,
        index: usize,
    ) -> Option<String> {
        let positions = self.by_record.get(&index)?;
        let mut out = String::from("<ul class=\"alerts diagnostics\">");
        for &position in positions {
            let d = &self.diagnostics[position];
            let severity = if d.severity == Severity::Error {
                "error"
            } else {
                "warning"
            };
            out.push_str("<li class=\"alert alert-");
            out.push_str(severity);
            out.push_str("\"><span class=\"badge badge-");
            out.push_str(severity);
            out.push_str("\">");
            push_escaped(&mut out, site.text(severity, lang));
            out.push_str("</span> <span class=\"clause\">");
            push_escaped(&mut out, &d.code);
            out.push_str("</span> ");
            push_with_code(&mut out, d.message.get(lang));
            push_hint(&mut out, site, lang, d);
            // On a page both languages share, the English message follows.
            if let Some(gloss) = gloss {
                out.push_str("<div lang=\"");
                out.push_str(gloss.code());
                out.push_str("\" class=\"diagnostic-gloss\">");
                push_with_code(&mut out, d.message.get(gloss));
                push_hint(&mut out, site, gloss, d);
                out.push_str("</div>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
        Some(out)
    }

    /// A unit page's panel: the unit's own problems, then each sub-unit's
    /// sub-tree, with the sub-tree's total; each count links to the
    /// report that lists its records.
    pub fn unit_html(&self, site: &Site, lang: Lang, unit: &str, root: &str) -> String {
        let mut out = String::new();
        let total = self.total_of(unit);
        self.push_summary(&mut out, site, lang, unit, &total, root);
        let children = self.sorted_children(site, unit);
        out.push_str("<div class=\"table-scroll\"><table class=\"compliance-table\">");
        self.push_head(&mut out, site, lang);
        out.push_str("<tbody>");
        let own = self.own.get(unit).copied().unwrap_or_default();
        let own_label = site.text("panel_own", lang);
        self.push_row(&mut out, lang, unit, (own_label, None), &own, root);
        for child in &children {
            let name = site.title_of(Register::Unit, child).unwrap_or(child);
            let href = format!("{root}{}", record_path(Register::Unit, child));
            self.push_row(
                &mut out,
                lang,
                child,
                (name, Some(&href)),
                &self.total_of(child),
                root,
            );
        }
        out.push_str("</tbody>");
        if !children.is_empty() {
            out.push_str("<tfoot>");
            let label = site.text("panel_total", lang);
            self.push_row(&mut out, lang, unit, (label, None), &total, root);
            out.push_str("</tfoot>");
        }
        out.push_str("</table></div>");
        self.push_reports_due(&mut out, site, lang, unit, root);
        out
    }

    /// The home page's roll-up: one row per unit under the root, most
    /// problems first, each folding out its own sub-units; units without
    /// problems folded together at the end.
    pub fn home_html(&self, site: &Site, lang: Lang) -> String {
        let mut out = String::new();
        for root_unit in &self.roots {
            let total = self.total_of(root_unit);
            self.push_summary(&mut out, site, lang, root_unit, &total, "");
            let (troubled, clean): (Vec<&str>, Vec<&str>) = self
                .sorted_children(site, root_unit)
                .into_iter()
                .partition(|child| problems(&self.total_of(child)) > 0);
            out.push_str("<div class=\"rollup\">");
            let own = self
                .own
                .get(root_unit.as_str())
                .copied()
                .unwrap_or_default();
            if problems(&own) > 0 {
                let name = site
                    .title_of(Register::Unit, root_unit)
                    .unwrap_or(root_unit);
                self.push_fold(&mut out, site, lang, (root_unit, name), &own, false);
            }
            for child in troubled {
                let name = site.title_of(Register::Unit, child).unwrap_or(child);
                let counts = self.total_of(child);
                self.push_fold(&mut out, site, lang, (child, name), &counts, true);
            }
            if !clean.is_empty() {
                out.push_str("<details class=\"rollup-unit rollup-clean\"><summary>");
                push_escaped(
                    &mut out,
                    &site
                        .text("panel_clean_units", lang)
                        .replace("{n}", &clean.len().to_string()),
                );
                out.push_str("</summary><ul class=\"clean-units\">");
                for child in clean {
                    out.push_str("<li>");
                    let name = site.title_of(Register::Unit, child).unwrap_or(child);
                    push_link(&mut out, Some(&record_path(Register::Unit, child)), name);
                    out.push_str("</li>");
                }
                out.push_str("</ul></details>");
            }
            out.push_str("</div>");
            self.push_reports_due(&mut out, site, lang, root_unit, "");
        }
        out
    }

    /// One unit of the roll-up: its name and counts, folding out a table
    /// of its sub-units when `with_children` and it has any.
    fn push_fold(
        &self,
        out: &mut String,
        site: &Site,
        lang: Lang,
        (unit, name): (&str, &str),
        counts: &Counts,
        with_children: bool,
    ) {
        let children = if with_children {
            self.sorted_children(site, unit)
        } else {
            Vec::new()
        };
        let folds = !children.is_empty();
        out.push_str(if folds {
            "<details class=\"rollup-unit\"><summary>"
        } else {
            "<div class=\"rollup-unit\"><p class=\"rollup-line\">"
        });
        out.push_str("<span class=\"rollup-name\">");
        push_link(out, Some(&record_path(Register::Unit, unit)), name);
        out.push_str("</span> <span class=\"rollup-counts\">");
        self.push_count_words(out, site, lang, unit, counts, "");
        out.push_str("</span>");
        if !folds {
            out.push_str("</p></div>");
            return;
        }
        out.push_str("</summary><div class=\"table-scroll\"><table class=\"compliance-table\">");
        self.push_head(out, site, lang);
        out.push_str("<tbody>");
        let own = self.own.get(unit).copied().unwrap_or_default();
        if problems(&own) > 0 {
            let label = site.text("panel_own", lang);
            self.push_row(out, lang, unit, (label, None), &own, "");
        }
        for child in children
            .into_iter()
            .filter(|child| problems(&self.total_of(child)) > 0)
        {
            let name = site.title_of(Register::Unit, child).unwrap_or(child);
            let href = record_path(Register::Unit, child);
            self.push_row(
                out,
                lang,
                child,
                (name, Some(&href)),
                &self.total_of(child),
                "",
            );
        }
        out.push_str("</tbody></table></div></details>");
    }

    /// "N việc cần xử lý" for a unit and its sub-units, or that there are none.
    fn push_summary(
        &self,
        out: &mut String,
        site: &Site,
        lang: Lang,
        unit: &str,
        total: &Counts,
        root: &str,
    ) {
        out.push_str("<p class=\"compliance-summary\">");
        if problems(total) == 0 {
            push_escaped(out, site.text("panel_none", lang));
        } else {
            push_escaped(out, site.text("panel_open", lang));
            out.push_str(": ");
            self.push_count_words(out, site, lang, unit, total, root);
        }
        out.push_str("</p>");
    }

    /// The non-zero counts as "3 thiết bị chưa bảo dưỡng · 1 …", each
    /// linked to its report.
    fn push_count_words(
        &self,
        out: &mut String,
        site: &Site,
        lang: Lang,
        unit: &str,
        counts: &Counts,
        root: &str,
    ) {
        let mut first = true;
        for (category, &count) in CATEGORIES.iter().zip(counts) {
            if count == 0 {
                continue;
            }
            if !first {
                out.push_str(" · ");
            }
            first = false;
            let href = format!("{root}{}", report_path_in(unit, category.report, lang));
            let text = format!("{count} {}", site.text(category.label, lang));
            push_link(out, Some(&href), &text);
        }
    }

    fn push_head(&self, out: &mut String, site: &Site, lang: Lang) {
        out.push_str("<thead><tr><th scope=\"col\">");
        push_escaped(out, site.text("unit", lang));
        out.push_str("</th>");
        for category in &CATEGORIES {
            out.push_str("<th scope=\"col\" class=\"number\">");
            push_escaped(out, &capitalized(site.text(category.label, lang)));
            out.push_str("</th>");
        }
        out.push_str("</tr></thead>");
    }

    /// One row: the unit's label (linked to its page when `href`), then
    /// each count linked to the report of `unit` that lists it.
    fn push_row(
        &self,
        out: &mut String,
        lang: Lang,
        unit: &str,
        (label, href): (&str, Option<&str>),
        counts: &Counts,
        root: &str,
    ) {
        out.push_str("<tr><th scope=\"row\">");
        push_link(out, href, label);
        out.push_str("</th>");
        for (category, &count) in CATEGORIES.iter().zip(counts) {
            out.push_str("<td class=\"number\">");
            if count == 0 {
                out.push_str("<span class=\"muted\">0</span>");
            } else {
                let href = format!("{root}{}", report_path_in(unit, category.report, lang));
                out.push_str("<a class=\"count-problem\" href=\"");
                push_escaped(out, &href);
                out.push_str("\">");
                out.push_str(&count.to_string());
                out.push_str("</a>");
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }

    /// How many reports the unit owes within the next days, linked to its
    /// calendar. The registers do not record sending, so a past due date
    /// is only a reminder there.
    fn push_reports_due(&self, out: &mut String, site: &Site, lang: Lang, unit: &str, root: &str) {
        out.push_str("<p class=\"compliance-reports\">");
        let text = site
            .text("panel_reports_due", lang)
            .replace("{n}", &self.reports_due.to_string());
        push_escaped(out, &text);
        out.push(' ');
        let href = format!("{root}{}", report_path_in(unit, "calendar", lang));
        push_link(out, Some(&href), site.text("panel_calendar", lang));
        out.push_str("</p>");
    }
}

/// `text` with its first letter in upper case, for a column heading.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Escape `text`, showing `…` spans (field names, YAML snippets in hints)
/// as code.
fn push_with_code(out: &mut String, text: &str) {
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            push_escaped(out, part);
            out.push_str("</code>");
        } else {
            push_escaped(out, part);
        }
    }
}

/// A diagnostic's "what to do", in `lang`.
fn push_hint(out: &mut String, site: &Site, lang: Lang, diagnostic: &Diagnostic) {
    if let Some(hint) = &diagnostic.hint {
        out.push_str("<p class=\"diagnostic-hint\"><span class=\"muted\">");
        push_escaped(out, site.text("what_to_do", lang));
        out.push_str(":</span> ");
        push_with_code(out, hint.get(lang));
        out.push_str("</p>");
    }
}
