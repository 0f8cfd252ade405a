//! The model stage: the typed registry of all records, with the unit tree and
//! indexes that rules, reports and pages read instead of raw YAML.

pub mod field_error;
pub mod records;

use crate::load::Record;
use crate::register::Register;
use crate::value::SharedText;
use rayon::prelude::*;
pub use records::*;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A typed record together with the index of its raw record.
#[derive(Debug, Clone)]
pub struct Typed<T> {
    pub index: usize,
    pub data: T,
}

impl<T> std::ops::Deref for Typed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}

#[derive(Debug, Default)]
pub struct Model {
    pub records: Vec<Record>,
    pub units: BTreeMap<String, Typed<Unit>>,
    pub staff: BTreeMap<String, Typed<Staff>>,
    pub assets: BTreeMap<String, Typed<Asset>>,
    pub inventories: BTreeMap<String, Typed<Inventory>>,
    pub software: BTreeMap<String, Typed<Software>>,
    pub networks: BTreeMap<String, Typed<Network>>,
    pub access: BTreeMap<String, Typed<Access>>,
    pub databases: BTreeMap<String, Typed<Database>>,
    pub data_requests: BTreeMap<String, Typed<DataRequest>>,
    pub mail_accounts: BTreeMap<String, Typed<MailAccount>>,
    pub mail_requests: BTreeMap<String, Typed<MailRequest>>,
    pub trainings: BTreeMap<String, Typed<Training>>,
    pub incidents: BTreeMap<String, Typed<Incident>>,
    /// Keys of every record per register, valid or not, so references to a
    /// record with a schema error are not reported as missing too.
    pub keys: BTreeMap<Register, BTreeSet<String>>,
    /// Non-YAML files under `records/` (scanned minutes and the like).
    pub attachments: Vec<crate::load::Attachment>,
    /// Per record, whether it is confidential (C2), worked out once
    /// because reports and pages ask for every record many times.
    pub confidential: Vec<bool>,
    /// Unit id → the assets that were ever there (their unit now, or the
    /// unit of a transfer), so a unit's reports read its own assets rather
    /// than every asset of the agency.
    pub assets_by_unit: HashMap<String, Vec<String>>,
    /// Unit id → the mail accounts that belong to it (see
    /// [`Model::account_unit`]), for the same reason.
    pub accounts_by_unit: HashMap<String, Vec<String>>,
    /// Unit id → its direct sub-units' ids, in id order: every report of
    /// every unit walks its subtree, and scanning all units for each
    /// parent made that quadratic in the size of the agency.
    children_by_parent: HashMap<String, Vec<String>>,
    /// Year → the assets listed in that year's inventories.
    pub inventoried: HashMap<i32, HashSet<SharedText>>,
    /// The records the masking step left out of this model (C2), so that
    /// reports can say how many of theirs are missing. Empty in a model
    /// that holds every record.
    pub withheld: Vec<Withheld>,
    /// Schema-valid records the typed model could not read, with the field
    /// that stopped it: each becomes an error, never a silent drop.
    pub unread: Vec<Unread>,
}

/// A record that passed its schema but not into its typed view.
#[derive(Debug, Clone)]
pub struct Unread {
    pub index: usize,
    pub error: field_error::FieldError,
}

/// A record the masking step left out: its register and the units it
/// belongs to, without any of its values.
#[derive(Debug, Clone)]
pub struct Withheld {
    pub register: Register,
    pub units: Vec<String>,
}

/// Typed views of the records at `indices`, keyed by record key, and the
/// records that could not be read. Of several records with one key the
/// first that deserializes wins; integrity reports the duplicates.
/// Deserializing is most of the model's cost, so it runs in parallel; the
/// map is then filled in record order.
fn typed<T: DeserializeOwned + Send>(
    records: &[Record],
    indices: &[usize],
    unread: &mut Vec<Unread>,
) -> BTreeMap<String, Typed<T>> {
    let parsed: Vec<(usize, Result<T, field_error::FieldError>)> = indices
        .par_iter()
        .map(|&index| {
            // Deserializing from a reference avoids cloning every record's value.
            let value = &records[index].value;
            let data = value.deserialize_as::<T>().map_err(|fast| {
                // The fast reader's error has no path: read again to find it.
                field_error::field_error::<T>(value)
                    .unwrap_or_else(|| <field_error::FieldError as serde::de::Error>::custom(fast))
            });
            (index, data)
        })
        .collect();
    let mut map = BTreeMap::new();
    for (index, data) in parsed {
        match data {
            Ok(data) => {
                let key = &records[index].key;
                if !map.contains_key(key) {
                    map.insert(key.clone(), Typed { index, data });
                }
            }
            Err(error) => unread.push(Unread { index, error }),
        }
    }
    map
}

/// Indices of the schema-valid records, per register, in record order.
fn valid_by_register(records: &[Record], schema_valid: &[bool]) -> BTreeMap<Register, Vec<usize>> {
    let mut by_register: BTreeMap<Register, Vec<usize>> = BTreeMap::new();
    for (index, record) in records.iter().enumerate() {
        if schema_valid.get(index).copied().unwrap_or(false) {
            by_register.entry(record.register).or_default().push(index);
        }
    }
    by_register
}

/// Every record's key per register, valid or not.
fn keys_by_register(records: &[Record]) -> BTreeMap<Register, BTreeSet<String>> {
    let mut keys: BTreeMap<Register, BTreeSet<String>> = BTreeMap::new();
    for record in records {
        keys.entry(record.register)
            .or_default()
            .insert(record.key.clone());
    }
    keys
}

fn assets_by_unit(assets: &BTreeMap<String, Typed<Asset>>) -> HashMap<String, Vec<String>> {
    let mut by_unit: HashMap<String, Vec<String>> = HashMap::new();
    for (key, asset) in assets {
        let transfers = asset.events.iter().filter_map(|e| e.to_unit.as_deref());
        let mut units: Vec<&str> = std::iter::once(asset.unit.as_str())
            .chain(transfers)
            .collect();
        units.sort_unstable();
        units.dedup();
        for unit in units {
            by_unit
                .entry(unit.to_owned())
                .or_default()
                .push(key.clone());
        }
    }
    by_unit
}

fn inventoried(
    inventories: &BTreeMap<String, Typed<Inventory>>,
) -> HashMap<i32, HashSet<SharedText>> {
    let mut listed: HashMap<i32, HashSet<SharedText>> = HashMap::new();
    for inventory in inventories.values() {
        let items = inventory.items.iter().map(|item| item.asset.clone());
        listed.entry(inventory.year).or_default().extend(items);
    }
    listed
}

fn children_by_parent(units: &BTreeMap<String, Typed<Unit>>) -> HashMap<String, Vec<String>> {
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    for (key, unit) in units {
        if let Some(parent) = &unit.parent {
            children
                .entry(parent.to_string())
                .or_default()
                .push(key.clone());
        }
    }
    children
}

impl Model {
    /// Build the model. `schema_valid[i]` says whether record `i` passed its
    /// schema; only those are typed.
    pub fn build(records: Vec<Record>, schema_valid: &[bool]) -> Model {
        // The key sets are filled while the typed views deserialize.
        let (mut model, keys) = rayon::join(
            || Model::typed_views(&records, schema_valid),
            || keys_by_register(&records),
        );
        model.keys = keys;
        model.confidential = records
            .par_iter()
            .map(crate::load::is_confidential)
            .collect();
        model.assets_by_unit = assets_by_unit(&model.assets);
        model.accounts_by_unit = model.accounts_by_unit();
        model.children_by_parent = children_by_parent(&model.units);
        model.inventoried = inventoried(&model.inventories);
        model.records = records;
        model
    }

    /// A model holding only the typed views of the schema-valid records.
    fn typed_views(records: &[Record], schema_valid: &[bool]) -> Model {
        let valid = valid_by_register(records, schema_valid);
        let of = |register| valid.get(&register).map_or(&[][..], Vec::as_slice);
        let mut unread = Vec::new();
        let mut model = Model {
            units: typed(records, of(Register::Unit), &mut unread),
            staff: typed(records, of(Register::Staff), &mut unread),
            assets: typed(records, of(Register::Asset), &mut unread),
            inventories: typed(records, of(Register::Inventory), &mut unread),
            software: typed(records, of(Register::Software), &mut unread),
            networks: typed(records, of(Register::Network), &mut unread),
            access: typed(records, of(Register::Access), &mut unread),
            databases: typed(records, of(Register::Database), &mut unread),
            data_requests: typed(records, of(Register::DataRequest), &mut unread),
            mail_accounts: typed(records, of(Register::MailAccount), &mut unread),
            mail_requests: typed(records, of(Register::MailRequest), &mut unread),
            trainings: typed(records, of(Register::Training), &mut unread),
            incidents: typed(records, of(Register::Incident), &mut unread),
            ..Model::default()
        };
        unread.sort_by_key(|u| u.index);
        model.unread = unread;
        model
    }

    /// An error per schema-valid record the typed model could not read,
    /// placed at the field that stopped it.
    pub fn unread_diagnostics(&self) -> Vec<crate::diagnostic::Diagnostic> {
        self.unread
            .iter()
            .map(|unread| unread_diagnostic(&self.records[unread.index], &unread.error))
            .collect()
    }

    /// Per record, whether it has a typed view (it passed its schema and
    /// was the first of its key): what [`Model::build`] takes, so that a
    /// model of some of these records types the same ones.
    pub fn typed_flags(&self) -> Vec<bool> {
        fn mark<T>(map: &BTreeMap<String, Typed<T>>, flags: &mut [bool]) {
            for typed in map.values() {
                flags[typed.index] = true;
            }
        }
        let mut flags = vec![false; self.records.len()];
        mark(&self.units, &mut flags);
        mark(&self.staff, &mut flags);
        mark(&self.assets, &mut flags);
        mark(&self.inventories, &mut flags);
        mark(&self.software, &mut flags);
        mark(&self.networks, &mut flags);
        mark(&self.access, &mut flags);
        mark(&self.databases, &mut flags);
        mark(&self.data_requests, &mut flags);
        mark(&self.mail_accounts, &mut flags);
        mark(&self.mail_requests, &mut flags);
        mark(&self.trainings, &mut flags);
        mark(&self.incidents, &mut flags);
        flags
    }

    /// The unit a mail account belongs to: its staff member's unit for a
    /// personal account, its own `unit` otherwise.
    pub fn account_unit<'m>(&'m self, account: &'m MailAccount) -> Option<&'m str> {
        account
            .staff
            .as_deref()
            .and_then(|id| self.staff.get(id))
            .map(|staff| staff.unit.as_str())
            .or(account.unit.as_deref())
    }

    fn accounts_by_unit(&self) -> HashMap<String, Vec<String>> {
        let mut by_unit: HashMap<String, Vec<String>> = HashMap::new();
        for (key, account) in &self.mail_accounts {
            if let Some(unit) = self.account_unit(account) {
                by_unit
                    .entry(unit.to_owned())
                    .or_default()
                    .push(key.clone());
            }
        }
        by_unit
    }

    /// Drop every record's source positions. They only place diagnostics,
    /// which are all made once the model is checked; a site build frees
    /// them (about 1 KB a record) before rendering.
    pub fn forget_positions(&mut self) {
        self.records
            .par_iter_mut()
            .for_each(|record| record.source_map = crate::load::SourceMap::default());
    }

    /// Whether record `index` is confidential (C2).
    pub fn is_confidential(&self, index: usize) -> bool {
        self.confidential.get(index).copied().unwrap_or(false)
    }

    pub fn record<T>(&self, typed: &Typed<T>) -> &Record {
        &self.records[typed.index]
    }

    pub fn exists(&self, register: Register, key: &str) -> bool {
        self.keys
            .get(&register)
            .is_some_and(|keys| keys.contains(key))
    }

    /// Direct sub-units of `unit`, in id order.
    pub fn children(&self, unit: &str) -> Vec<&Typed<Unit>> {
        self.children_by_parent
            .get(unit)
            .into_iter()
            .flatten()
            .filter_map(|child| self.units.get(child))
            .collect()
    }

    /// `unit` and every unit below it. Safe on cyclic trees.
    pub fn subtree(&self, unit: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![unit.to_owned()];
        while let Some(current) = stack.pop() {
            if seen.insert(current.clone()) {
                stack.extend(
                    self.children(&current)
                        .into_iter()
                        .map(|u| u.id.to_string()),
                );
            }
        }
        seen
    }

    /// Whether staff member `staff_id` leads `unit` on `date`: the
    /// `unit-head` of the unit or of a unit above it (a provincial director
    /// leads the province's IT department too), who had not left by then.
    /// The one answer to "approved by the unit's leadership" (C4, D4).
    pub fn leads(&self, staff_id: &str, unit: &str, date: chrono::NaiveDate) -> bool {
        let Some(staff) = self.staff.get(staff_id) else {
            return false;
        };
        staff.has_role("unit-head")
            && !staff.left_by(date)
            && self.ancestors(unit).iter().any(|u| *u == staff.unit)
    }

    /// Whether staff member `staff_id` is a data administrator of `unit`
    /// on `date` (D1, D2): the `data-admin` role, in that unit, not left.
    pub fn data_admin_of(&self, staff_id: &str, unit: &str, date: chrono::NaiveDate) -> bool {
        self.staff.get(staff_id).is_some_and(|staff| {
            staff.has_role("data-admin") && staff.unit == unit && !staff.left_by(date)
        })
    }

    /// The chain from `unit` up to the root, `unit` first. Stops on a cycle.
    pub fn ancestors(&self, unit: &str) -> Vec<String> {
        let mut chain = vec![unit.to_owned()];
        let mut current = unit.to_owned();
        while let Some(parent) = self.units.get(&current).and_then(|u| u.parent.clone()) {
            if chain.iter().any(|unit| *unit == parent) {
                break;
            }
            current = parent.to_string();
            chain.push(parent.to_string());
        }
        chain
    }
}

fn unread_diagnostic(
    record: &Record,
    error: &field_error::FieldError,
) -> crate::diagnostic::Diagnostic {
    use crate::diagnostic::{Bilingual, Diagnostic};
    let field = error.dotted();
    let pointer = error.located_pointer();
    let (message, hint) = if error.missing {
        (
            Bilingual::new(
                format!(
                    "Thiếu trường `{field}`: itreg không đọc được hồ sơ này nên không quy định nào xét được nó"
                ),
                format!(
                    "Field `{field}` is missing: itreg cannot read this record, so no rule can judge it"
                ),
            ),
            Bilingual::new(
                format!("Thêm `{field}`, hoặc bỏ cả mục chứa nó nếu không dùng"),
                format!("Add `{field}`, or remove the entry that holds it if it does not apply"),
            ),
        )
    } else {
        (
            Bilingual::new(
                format!(
                    "Trường `{field}` có giá trị itreg không đọc được ({}): không quy định nào xét được hồ sơ này",
                    error.message
                ),
                format!(
                    "Field `{field}` holds a value itreg cannot read ({}): no rule can judge this record",
                    error.message
                ),
            ),
            Bilingual::new(
                format!("Sửa `{field}` thành giá trị hợp lệ (xem mô tả trường trong schema)"),
                format!(
                    "Change `{field}` to a valid value (see the field's description in the schema)"
                ),
            ),
        )
    };
    Diagnostic::error("model", &record.path, message)
        .at_field(record.position(&pointer), &pointer)
        .with_hint(hint.vi, hint.en)
}
