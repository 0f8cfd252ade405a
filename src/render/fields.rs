//! A record's fields as a labelled list, driven by its register's
//! [`FieldPlan`]: labels from the schema's `title`, enum values by their
//! labels, references as links.

use super::field_plan::FieldPlan;
use super::html::{push_escaped, push_gloss, push_link};
use super::markdown;
use super::site::Site;
use crate::diagnostic::Lang;
use crate::value::Value;

/// Keys shown elsewhere on the page rather than in the field list.
const SHOWN_SEPARATELY: &[&str] = &["events", "notes"];

pub struct FieldRenderer<'a> {
    pub site: &'a Site<'a>,
    pub lang: Lang,
    /// Prefix from the page to the language root.
    pub root: &'a str,
    pub plan: &'a FieldPlan,
    /// A second language whose labels are shown beside `lang`'s, on the
    /// pages both languages share.
    pub gloss: Option<Lang>,
}

impl FieldRenderer<'_> {
    pub fn fields(&self, value: &Value) -> String {
        let Some(object) = value.as_object() else {
            return String::new();
        };
        let mut out = String::from("<dl class=\"fields\">");
        for (key, child) in object {
            if !SHOWN_SEPARATELY.contains(&key) {
                self.entry(&mut out, self.plan, key, child);
            }
        }
        out.push_str("</dl>");
        out
    }

    fn entry(&self, out: &mut String, parent: &FieldPlan, key: &str, value: &Value) {
        let plan = parent.field(key);
        out.push_str("<dt>");
        self.label(out, |lang| Some(plan.label(lang, key)));
        out.push_str("</dt><dd>");
        self.value(out, plan, value);
        out.push_str("</dd>");
    }

    fn value(&self, out: &mut String, plan: &FieldPlan, value: &Value) {
        match value {
            Value::Null => out.push_str("<span class=\"muted\">—</span>"),
            Value::Bool(b) => {
                let key = if *b { "yes" } else { "no" };
                self.label(out, |lang| Some(self.site.text(key, lang)));
            }
            Value::Number(n) => push_escaped(out, &n.to_string()),
            Value::String(s) if plan.markdown => {
                out.push_str("<div class=\"markdown\">");
                out.push_str(&markdown::to_safe_html(s));
                out.push_str("</div>");
            }
            Value::String(s) => self.scalar(out, plan, s),
            Value::Array(items) if items.iter().all(|i| !i.is_object()) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    // Nested lists keep the outer list's labels.
                    let item_plan = if item.is_array() { plan } else { plan.items() };
                    self.value(out, item_plan, item);
                }
            }
            Value::Array(items) => self.subrecord_table(out, plan.items(), items),
            Value::Object(_) => self.object(out, plan, value),
        }
    }

    fn object(&self, out: &mut String, plan: &FieldPlan, value: &Value) {
        let Some(object) = value.as_object() else {
            return self.value(out, FieldPlan::undescribed(), value);
        };
        out.push_str("<dl class=\"fields fields-nested\">");
        for (key, child) in object {
            self.entry(out, plan, key, child);
        }
        out.push_str("</dl>");
    }

    fn scalar(&self, out: &mut String, plan: &FieldPlan, text: &str) {
        if let Some(target) = plan.reference {
            return match self.site.link(target, text, self.lang) {
                Some((url, title)) => push_link(out, Some(&format!("{}{url}", self.root)), title),
                None => push_link(out, None, text),
            };
        }
        // The label alone: the code is for the YAML, not for the reader.
        match plan.enum_label(text, self.lang) {
            Some(_) => self.label(out, |lang| plan.enum_label(text, lang)),
            None => match super::html::mailto(text) {
                Some(href) => push_link(out, Some(&href), text),
                None => push_escaped(out, text),
            },
        }
    }

    /// A list of sub-records (installations, backups, inventory lines) as
    /// a table, one column per key in the order keys first appear; rows
    /// that carry a `date` newest first, as a log is read. The table
    /// scrolls in its own box, its first column kept in view.
    fn subrecord_table(&self, out: &mut String, plan: &FieldPlan, items: &[Value]) {
        let mut keys: Vec<&str> = Vec::new();
        for item in items {
            for (key, _) in item.as_object().into_iter().flatten() {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        let mut rows: Vec<&Value> = items.iter().collect();
        let date = |item: &Value| item.get("date").and_then(Value::as_str).map(str::to_owned);
        if rows.iter().any(|item| date(item).is_some()) {
            rows.sort_by_key(|item| std::cmp::Reverse(date(item)));
        }
        out.push_str(
            "<div class=\"table-scroll\"><table class=\"data-table subrecords\"><thead><tr>",
        );
        for key in &keys {
            out.push_str("<th scope=\"col\">");
            self.label(out, |lang| Some(plan.field(key).label(lang, key)));
            out.push_str("</th>");
        }
        out.push_str("</tr></thead><tbody>");
        for item in rows {
            out.push_str("<tr>");
            for (column, key) in keys.iter().enumerate() {
                out.push_str("<td>");
                match item.get(key) {
                    Some(child) => self.value(out, plan.field(key), child),
                    // A stray scalar among sub-records, shown once.
                    None if !item.is_object() && column == 0 => self.value(out, plan, item),
                    None => {}
                }
                out.push_str("</td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
    }

    /// A label in the page's language, and in the gloss language beside it
    /// where that says something else.
    fn label<'l>(&self, out: &mut String, in_lang: impl Fn(Lang) -> Option<&'l str>) {
        let Some(label) = in_lang(self.lang) else {
            return;
        };
        push_escaped(out, label);
        let gloss = self.gloss.and_then(&in_lang).filter(|g| *g != label);
        if let (Some(gloss), Some(lang)) = (gloss, self.gloss) {
            push_gloss(out, lang, gloss);
        }
    }

    /// Asset and mail events as a timeline, oldest first.
    pub fn timeline(&self, events: &[Value]) -> String {
        let event_plan = self.plan.field("events").items();
        let kind_plan = event_plan.field("kind");
        let mut out = String::from("<ol class=\"timeline\">");
        for event in events {
            let date = event.get("date").and_then(Value::as_str).unwrap_or("");
            let kind = event.get("kind").and_then(Value::as_str).unwrap_or("");
            out.push_str("<li><time datetime=\"");
            push_escaped(&mut out, date);
            out.push_str("\">");
            push_escaped(&mut out, date);
            out.push_str("</time> <span class=\"badge badge-");
            push_escaped(&mut out, kind);
            out.push_str("\">");
            self.label(&mut out, |lang| {
                Some(kind_plan.enum_label(kind, lang).unwrap_or(kind))
            });
            out.push_str("</span>");
            let details = event
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, _)| *k != "date" && *k != "kind");
            let list_start = out.len();
            out.push_str("<dl class=\"fields fields-inline\">");
            let entries_start = out.len();
            for (key, child) in details {
                self.entry(&mut out, event_plan, key, child);
            }
            if out.len() == entries_start {
                out.truncate(list_start); // no details: no empty list
            } else {
                out.push_str("</dl>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>");
        out
    }
}
