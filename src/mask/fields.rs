//! The fields each register's schema marks `"x-classification":
//! "confidential"` (a staff member's `mobile`, a Mẫu 01 entry's mobile…),
//! as pointer patterns such as `/entries/*/mobile`. Read once per build;
//! the schemas, not the code, say which fields are confidential.

use crate::register::Register;
use crate::schema_nav::SchemaNav;
use crate::validate::schema::SchemaSet;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Schemas describing themselves through `$ref` cycles stop here, as the
/// site's field plans do.
const MAX_DEPTH: usize = 32;

pub struct ConfidentialFields {
    by_register: HashMap<Register, Vec<String>>,
}

impl ConfidentialFields {
    pub fn new(schemas: &SchemaSet) -> ConfidentialFields {
        let nav = SchemaNav::new(schemas);
        let by_register = Register::ALL
            .into_iter()
            .map(|register| {
                let mut found = Vec::new();
                let schema = schemas.register_schema(register);
                collect(
                    &nav,
                    schema,
                    &mut String::new(),
                    &mut Vec::new(),
                    &mut found,
                );
                (register, found)
            })
            .collect();
        ConfidentialFields { by_register }
    }

    /// The patterns of `register`'s confidential fields.
    pub fn of(&self, register: Register) -> &[String] {
        self.by_register.get(&register).map_or(&[], Vec::as_slice)
    }
}

/// Add to `found` the pattern of every confidential field under `schema`,
/// whose own pattern is `prefix`. A confidential field is taken out whole,
/// so nothing below it is looked at.
fn collect<'a>(
    nav: &SchemaNav<'a>,
    schema: &'a Value,
    prefix: &mut String,
    path: &mut Vec<*const Value>,
    found: &mut Vec<String>,
) {
    if path.len() >= MAX_DEPTH || path.contains(&(schema as *const Value)) {
        return;
    }
    path.push(schema);
    let mut seen = HashSet::new();
    for (key, property) in nav.properties(schema) {
        if !seen.insert(key) {
            continue;
        }
        let depth = prefix.len();
        prefix.push('/');
        prefix.push_str(key);
        if nav.is_confidential(property) {
            found.push(prefix.clone());
        } else {
            let described = nav.value_schema(property);
            collect(nav, described, prefix, path, found);
            if let Some(items) = nav.items(described) {
                prefix.push_str("/*");
                collect(nav, items, prefix, path, found);
            }
        }
        prefix.truncate(depth);
    }
    path.pop();
}
