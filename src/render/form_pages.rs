//! The form pages (M2, M12): each mail request's Mẫu 01 and, once it has
//! a result, its Mẫu 02; a Mẫu 02 for each lock for a violation; one
//! blank Mẫu 01 whose unit is chosen on the page (one page rather than
//! one per unit: 757 units × 2 languages would be 1,514 near-identical
//! pages). Each has a Word file beside it, in Vietnamese only, at the
//! site root; the English pages link to the same file.

use super::pages::{Page, root_of};
use super::paper::{orientation_class, paper_html};
use super::site::{Site, record_path_in};
use crate::diagnostic::Lang;
use crate::register::Register;
use crate::reports::forms::{self, Form};
use crate::reports::paper::Paper;
use serde_json::{Value, json};

/// One form the site publishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormRef {
    /// A mail request's Mẫu 01, by the request's id.
    Mau01(String),
    /// Mẫu 02: a request's id, or a lock's (`khoa-<account>-<n>`).
    Mau02(String),
    /// The blank Mẫu 01.
    Blank,
}

impl FormRef {
    /// The page, from the language root; the Word file is beside it with
    /// `.docx` in place of `.html`, from the site root.
    pub fn path(&self) -> String {
        match self {
            FormRef::Mau01(id) => format!("forms/mau-01/{id}.html"),
            FormRef::Mau02(id) => format!("forms/mau-02/{id}.html"),
            FormRef::Blank => "forms/mau-01.html".to_owned(),
        }
    }

    pub fn docx_path(&self) -> String {
        self.path().replace(".html", ".docx")
    }

    /// The form as a paper with its date, from the model.
    pub fn build(&self, site: &Site) -> Option<Form> {
        match self {
            FormRef::Mau01(id) => forms::mau_01(site.model, id),
            FormRef::Mau02(id) => forms::mau_02(site.model, id),
            FormRef::Blank => Some(Form {
                paper: forms::blank_mau_01(None),
                date: forms::FORMS_ISSUED,
            }),
        }
    }
}

/// Every form of the model: Mẫu 01 of each request and Mẫu 02 of each
/// that has a result, Mẫu 02 of each lock for a violation, the blank form.
pub fn all_forms(site: &Site) -> Vec<FormRef> {
    let model = site.model;
    let mut all = vec![FormRef::Blank];
    for id in model.mail_requests.keys() {
        all.push(FormRef::Mau01(id.clone()));
        if forms::has_mau_02(model, id) {
            all.push(FormRef::Mau02(id.clone()));
        }
    }
    for account in model.mail_accounts.values() {
        all.extend(
            forms::violation_locks(model, account)
                .into_iter()
                .map(|(id, _)| FormRef::Mau02(id)),
        );
    }
    all
}

/// The links a record's page shows to its forms: a request's Mẫu 01 and
/// Mẫu 02, an account's lock notices, a unit's blank Mẫu 01.
pub fn record_form_links(
    site: &Site,
    lang: Lang,
    register: Register,
    key: &str,
    root: &str,
) -> Vec<Value> {
    let link = |form: FormRef, label: &str| json!({ "href": format!("{root}{}", form.path()), "label": site.text(label, lang) });
    let model = site.model;
    match register {
        Register::MailRequest => {
            let mut links = vec![link(FormRef::Mau01(key.to_owned()), "form_mau_01")];
            if forms::has_mau_02(model, key) {
                links.push(link(FormRef::Mau02(key.to_owned()), "form_mau_02"));
            }
            links
        }
        Register::MailAccount => model
            .mail_accounts
            .get(key)
            .map(|account| {
                forms::violation_locks(model, account)
                    .into_iter()
                    .map(|(id, date)| {
                        let mut entry = link(FormRef::Mau02(id), "form_lock");
                        entry["date"] = json!(date.to_string());
                        entry
                    })
                    .collect()
            })
            .unwrap_or_default(),
        Register::Unit => {
            let mut entry = link(FormRef::Blank, "blank_mau_01");
            entry["href"] = json!(format!(
                "{root}{}?unit={}",
                FormRef::Blank.path(),
                super::pages::url_encode(key)
            ));
            vec![entry]
        }
        _ => Vec::new(),
    }
}

/// A form's page in one language.
pub fn form_page(site: &Site, lang: Lang, form: &FormRef, paper: &Paper) -> Page {
    let path = form.path();
    let root = root_of(&path);
    let docx = match lang {
        Lang::Vi => format!("{root}{}", form.docx_path()),
        Lang::En => format!("{root}../{}", form.docx_path()),
    };
    let (record, label) = match form {
        FormRef::Mau01(id) => (Some((Register::MailRequest, id.clone())), "form_mau_01"),
        FormRef::Mau02(id) => match id.strip_prefix("khoa-") {
            Some(lock) => (
                lock.rsplit_once('-')
                    .map(|(account, _)| (Register::MailAccount, account.to_owned())),
                "form_lock",
            ),
            None => (Some((Register::MailRequest, id.clone())), "form_mau_02"),
        },
        FormRef::Blank => (None, "blank_mau_01"),
    };
    let record_href = record
        .as_ref()
        .map(|(register, key)| format!("{root}{}", record_path_in(*register, key, lang)));
    let units: Vec<Value> = match form {
        FormRef::Blank => site
            .model
            .units
            .values()
            .map(|unit| json!({ "id": unit.id.as_str(), "name": unit.name.as_str() }))
            .collect(),
        _ => Vec::new(),
    };
    let title = match &record {
        Some((_, key)) => format!("{} — {key}", site.text(label, lang)),
        None => site.text(label, lang).to_owned(),
    };
    Page {
        path,
        template: "form.html",
        title,
        context: super::pages::context(&json!({
            "paper": paper_html(paper),
            "paper_class": orientation_class(paper),
            "docx": docx,
            "record_href": record_href,
            "record_key": record.map(|(_, key)| key),
            "units": units,
        })),
    }
}
