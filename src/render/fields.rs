//! A record's fields as a labelled list, driven by its schema: labels from
//! `title`, enum values by their labels, references as links.

use super::html::{escape, link};
use super::markdown;
use super::schema_nav::SchemaNav;
use super::site::Site;
use crate::diagnostic::Lang;
use crate::register::Register;
use crate::validate::integrity::reference_target;
use serde_json::Value;

/// Keys shown elsewhere on the page rather than in the field list.
const SHOWN_SEPARATELY: &[&str] = &["events", "notes"];

pub struct FieldRenderer<'a> {
    pub site: &'a Site<'a>,
    pub nav: SchemaNav<'a>,
    pub lang: Lang,
    /// Prefix from the page to the language root.
    pub root: &'a str,
    pub register: Register,
}

impl FieldRenderer<'_> {
    pub fn fields(&self, schema: &Value, value: &Value) -> String {
        let Some(object) = value.as_object() else {
            return String::new();
        };
        let mut out = String::from("<dl class=\"fields\">");
        for (key, child) in object {
            if SHOWN_SEPARATELY.contains(&key.as_str()) {
                continue;
            }
            out.push_str(&self.entry(schema, key, child, &format!("/{key}")));
        }
        out.push_str("</dl>");
        out
    }

    fn entry(&self, schema: &Value, key: &str, value: &Value, pointer: &str) -> String {
        let property = self.nav.property(schema, key).unwrap_or(&Value::Null);
        let label = self.nav.label(property, self.lang, key);
        format!(
            "<dt>{}</dt><dd>{}</dd>",
            escape(&label),
            self.value(property, value, pointer)
        )
    }

    fn value(&self, property: &Value, value: &Value, pointer: &str) -> String {
        let described = self.nav.value_schema(property);
        match value {
            Value::Null => "<span class=\"muted\">—</span>".into(),
            Value::Bool(b) => escape(self.site.text(if *b { "yes" } else { "no" }, self.lang)),
            Value::Number(n) => escape(&n.to_string()),
            Value::String(s) if self.nav.is_markdown(property) => {
                format!(
                    "<div class=\"markdown\">{}</div>",
                    markdown::to_safe_html(s)
                )
            }
            Value::String(s) => self.scalar(property, s, pointer),
            Value::Array(items) => {
                let item_schema = self.nav.items(described).unwrap_or(&Value::Null);
                if items.iter().all(|i| !i.is_object()) {
                    let parts: Vec<String> = items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.value(property, item, &format!("{pointer}/{i}")))
                        .collect();
                    parts.join(", ")
                } else {
                    let mut out = String::from("<ol class=\"subrecords\">");
                    for (i, item) in items.iter().enumerate() {
                        out.push_str("<li>");
                        out.push_str(&self.object(item_schema, item, &format!("{pointer}/{i}")));
                        out.push_str("</li>");
                    }
                    out.push_str("</ol>");
                    out
                }
            }
            Value::Object(_) => self.object(described, value, pointer),
        }
    }

    fn object(&self, schema: &Value, value: &Value, pointer: &str) -> String {
        let Some(object) = value.as_object() else {
            return self.value(&Value::Null, value, pointer);
        };
        let mut out = String::from("<dl class=\"fields fields-nested\">");
        for (key, child) in object {
            out.push_str(&self.entry(schema, key, child, &format!("{pointer}/{key}")));
        }
        out.push_str("</dl>");
        out
    }

    fn scalar(&self, property: &Value, text: &str, pointer: &str) -> String {
        if let Some(target) = reference_target(self.register, pointer) {
            let href = self
                .site
                .url(target, text)
                .map(|url| format!("{}{url}", self.root));
            let title = self.site.title_of(target, text);
            return link(href.as_deref(), title.as_deref().unwrap_or(text));
        }
        match self.nav.enum_label(property, text, self.lang) {
            Some(label) => format!(
                "{} <span class=\"muted\">({})</span>",
                escape(&label),
                escape(text)
            ),
            None => escape(text),
        }
    }

    /// Asset and mail events as a timeline, oldest first.
    pub fn timeline(&self, schema: &Value, events: &[Value]) -> String {
        let event_property = self.nav.property(schema, "events").unwrap_or(&Value::Null);
        let item_schema = self
            .nav
            .items(self.nav.value_schema(event_property))
            .unwrap_or(&Value::Null);
        let kind_property = self
            .nav
            .property(item_schema, "kind")
            .unwrap_or(&Value::Null);
        let mut out = String::from("<ol class=\"timeline\">");
        for (index, event) in events.iter().enumerate() {
            let date = event.get("date").and_then(Value::as_str).unwrap_or("");
            let kind = event.get("kind").and_then(Value::as_str).unwrap_or("");
            let kind_label = self
                .nav
                .enum_label(kind_property, kind, self.lang)
                .unwrap_or_else(|| kind.to_owned());
            out.push_str(&format!(
                "<li><time datetime=\"{}\">{}</time> <span class=\"badge badge-{}\">{}</span>",
                escape(date),
                escape(date),
                escape(kind),
                escape(&kind_label)
            ));
            let mut details = String::new();
            if let Some(object) = event.as_object() {
                for (key, child) in object.iter().filter(|(k, _)| *k != "date" && *k != "kind") {
                    details.push_str(&self.entry(
                        item_schema,
                        key,
                        child,
                        &format!("/events/{index}/{key}"),
                    ));
                }
            }
            if !details.is_empty() {
                out.push_str(&format!(
                    "<dl class=\"fields fields-inline\">{details}</dl>"
                ));
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>");
        out
    }
}
