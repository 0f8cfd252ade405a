//! `itreg mail suggest` (M6, QC1114 Đ7): the next free mail address for a
//! full name. The naming rule gives the base (`mail_local_part`: unaccented
//! given name, then the initials of the family and middle names, `Đ` as
//! `d`); on a clash 1, 2, 3… is added. The first of `base`, `base1`,
//! `base2`… that no mail account record uses — as its id or as the local
//! part of its address, valid record or not — is free.

use crate::model::Model;
use crate::register::Register;
use crate::rules::m06_mail_naming::mail_local_part;
use std::collections::BTreeSet;

/// Every local part the mail account records use: ids, and the part of
/// each address before `@`, in lower case.
pub fn used_local_parts(model: &Model) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for record in model
        .records
        .iter()
        .filter(|r| r.register == Register::MailAccount)
    {
        used.insert(record.key.to_lowercase());
        if let Some(id) = record.str_field("id") {
            used.insert(id.trim().to_lowercase());
        }
        if let Some(address) = record.str_field("address") {
            let local = address.split('@').next().unwrap_or("").trim();
            used.insert(local.to_lowercase());
        }
    }
    for account in model.mail_accounts.values() {
        used.insert(account.id.to_lowercase());
        let local = account.address.split('@').next().unwrap_or("");
        used.insert(local.to_lowercase());
    }
    used
}

/// The next free local part for `full_name` (NFC or NFD, any spacing);
/// `None` when the name has no letters.
pub fn suggest_local_part(model: &Model, full_name: &str) -> Option<String> {
    let base = mail_local_part(full_name);
    if base.is_empty() {
        return None;
    }
    Some(next_free(&base, &used_local_parts(model)))
}

/// The first of `base`, `base1`, `base2`… not in `used`.
pub fn next_free(base: &str, used: &BTreeSet<String>) -> String {
    if !used.contains(base) {
        return base.to_owned();
    }
    (1u64..)
        .map(|n| format!("{base}{n}"))
        .find(|candidate| !used.contains(candidate))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clash_numbers() {
        let used: BTreeSet<String> = ["anhnv", "anhnv1", "anhnv3"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(next_free("anhnv", &used), "anhnv2");
        assert_eq!(next_free("hattt", &used), "hattt");
    }
}
