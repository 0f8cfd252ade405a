//! `itreg new KIND`: a new record file with the next free id and every
//! required field, ready to edit.
//!
//! What itreg can know (the id, the unit, the year, an obvious status) is
//! filled in; every other required value is a `TODO …` placeholder naming
//! the field, its allowed values or an example, taken from the schema.
//! `itreg check` reports each placeholder until it is replaced (see
//! [`crate::validate::placeholder`]). A few fields the rules require
//! (a network's admins, the Mẫu 01 signatory, the user of a PC) get a
//! placeholder too, so a record whose placeholders are filled passes.

use crate::check::{self, CheckOptions};
use crate::diagnostic::Bilingual;
use crate::ids::{self, Ids};
use crate::model::Model;
use crate::register::Register;
use crate::validate::placeholder::MARK;
use crate::validate::schema::SchemaSet;
use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The register to add a record to.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The record's unit (required for assets, inventories and requests;
    /// the parent for a new unit).
    #[arg(long)]
    pub unit: Option<String>,
    /// The device type of a new asset (desktop, laptop, server, laser, switch, ups…),
    /// which its asset tag encodes.
    #[arg(long = "type", value_name = "TYPE")]
    pub asset_type: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    #[value(alias = "unit")]
    Units,
    Staff,
    #[value(alias = "asset")]
    Assets,
    #[value(alias = "inventory")]
    Inventories,
    Software,
    #[value(alias = "network")]
    Networks,
    Access,
    #[value(alias = "database")]
    Databases,
    #[value(alias = "data-request")]
    DataRequests,
    #[value(alias = "mail-account")]
    MailAccounts,
    #[value(alias = "mail-request")]
    MailRequests,
    Training,
}

impl NewKind {
    pub const ALL: [NewKind; 12] = [
        NewKind::Units,
        NewKind::Staff,
        NewKind::Assets,
        NewKind::Inventories,
        NewKind::Software,
        NewKind::Networks,
        NewKind::Access,
        NewKind::Databases,
        NewKind::DataRequests,
        NewKind::MailAccounts,
        NewKind::MailRequests,
        NewKind::Training,
    ];

    pub fn register(self) -> Register {
        match self {
            NewKind::Units => Register::Unit,
            NewKind::Staff => Register::Staff,
            NewKind::Assets => Register::Asset,
            NewKind::Inventories => Register::Inventory,
            NewKind::Software => Register::Software,
            NewKind::Networks => Register::Network,
            NewKind::Access => Register::Access,
            NewKind::Databases => Register::Database,
            NewKind::DataRequests => Register::DataRequest,
            NewKind::MailAccounts => Register::MailAccount,
            NewKind::MailRequests => Register::MailRequest,
            NewKind::Training => Register::Training,
        }
    }

    fn needs_unit(self) -> bool {
        matches!(
            self,
            NewKind::Assets | NewKind::Inventories | NewKind::DataRequests | NewKind::MailRequests
        )
    }
}

/// A scaffolded record, not yet written.
#[derive(Debug)]
pub struct Scaffold {
    /// Relative to the repository root.
    pub path: PathBuf,
    pub text: String,
}

/// What itreg knows of the new record before anyone types.
struct Known {
    path: PathBuf,
    fields: Map<String, Value>,
    /// Optional fields to ask for anyway, because a rule needs them.
    also: &'static [&'static str],
    /// The id is a stand-in for a name-based id the user should choose.
    provisional_id: bool,
}

/// Build the new record for `args` against the repository in `model`.
pub fn scaffold(
    model: &Model,
    schemas: &SchemaSet,
    args: &NewArgs,
    today: NaiveDate,
) -> Result<Scaffold, Bilingual> {
    if let Some(unit) = &args.unit
        && !model.exists(Register::Unit, unit)
    {
        return Err(Bilingual::new(
            format!("Không có đơn vị '{unit}' trong records/units"),
            format!("There is no unit '{unit}' in records/units"),
        ));
    }
    let unit = match (&args.unit, args.kind.needs_unit()) {
        (Some(unit), _) => Some(unit.as_str()),
        (None, false) => None,
        (None, true) => return Err(needs_unit(args.kind)),
    };
    let mut ids = Ids::from_model(model);
    let mut known = known(model, &mut ids, args, unit, today)?;
    let register = args.kind.register();
    let schema = schemas.register_schema(register);
    // A new unit's --unit is its parent; software and access have no unit.
    if schema["properties"].get("unit").is_none() || args.kind == NewKind::Units {
        known.fields.remove("unit");
    }
    let common = schemas.document("common").unwrap_or(&Value::Null);
    let fields = fill(schema, common, known.fields, known.also);
    let ordered = crate::emit::in_schema_order(&fields, schema);
    let depth = known.path.components().count().saturating_sub(1);
    let mut text = crate::emit::modeline(register.slug(), depth);
    text.push_str(&intro(&known.path, known.provisional_id));
    text.push_str(&crate::emit::record(&ordered));
    Ok(Scaffold {
        path: known.path,
        text,
    })
}

fn needs_unit(kind: NewKind) -> Bilingual {
    let name = clap::ValueEnum::to_possible_value(&kind)
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default();
    Bilingual::new(
        format!("`itreg new {name}` cần --unit <mã đơn vị>"),
        format!("`itreg new {name}` needs --unit <unit id>"),
    )
}

fn intro(path: &Path, provisional_id: bool) -> String {
    let mut text = format!(
        "# Hồ sơ mới: thay mọi giá trị \"{MARK} …\" rồi chạy `itreg check`.\n\
         # New record: replace every \"{MARK} …\" value, then run `itreg check`.\n"
    );
    if provisional_id {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        text.push_str(&format!(
            "# Mã `{stem}` là tạm: đổi `id` thì đổi cả tên tệp cho khớp.\n\
             # The id `{stem}` is provisional: rename the file along with `id`.\n"
        ));
    }
    text
}

fn string(value: impl Into<String>) -> Value {
    Value::String(value.into())
}

fn known(
    model: &Model,
    ids: &mut Ids,
    args: &NewArgs,
    unit: Option<&str>,
    today: NaiveDate,
) -> Result<Known, Bilingual> {
    let draft = match args.kind {
        NewKind::Inventories => return Ok(inventory(model, ids, unit.unwrap_or_default(), today)),
        NewKind::Training => return Ok(training(ids, today)),
        NewKind::Assets => asset(ids, args, unit.unwrap_or_default())?,
        NewKind::Access => access(model, ids, unit)?,
        kind => by_id(kind, ids, unit, today),
    };
    Ok(draft.place(args.kind.register(), unit))
}

/// A record named by its `id`, before it has a path.
struct Draft {
    id: String,
    fields: Map<String, Value>,
    also: &'static [&'static str],
    provisional_id: bool,
}

impl Draft {
    fn new(id: String) -> Draft {
        Draft {
            id,
            fields: Map::new(),
            also: &[],
            provisional_id: false,
        }
    }

    fn with(mut self, key: &str, value: Value) -> Draft {
        self.fields.insert(key.to_owned(), value);
        self
    }

    /// Ask for these optional fields too.
    fn asking(mut self, also: &'static [&'static str]) -> Draft {
        self.also = also;
        self
    }

    fn provisional(mut self) -> Draft {
        self.provisional_id = true;
        self
    }

    fn place(self, register: Register, unit: Option<&str>) -> Known {
        let id = self.id;
        let path = match register {
            Register::Asset => format!("records/assets/{}/{id}.yaml", unit.unwrap_or_default()),
            _ => format!("records/{}/{id}.yaml", register.folder()),
        };
        let fields = std::iter::once(("id".to_owned(), string(id.clone())))
            .chain(self.fields)
            .collect();
        with_unit(
            fields,
            unit,
            PathBuf::from(path),
            self.also,
            self.provisional_id,
        )
    }
}

fn asset(ids: &mut Ids, args: &NewArgs, unit: &str) -> Result<Draft, Bilingual> {
    let (id, asset_type) = asset_tag(ids, args, unit)?;
    let category = ids::asset_category(asset_type).unwrap_or("other");
    let draft = Draft::new(id)
        .with("category", string(category))
        .with("type", string(asset_type))
        .with("status", string("in-use"));
    Ok(if matches!(asset_type, "desktop" | "laptop") {
        draft.asking(&["assigned_to"]) // A12: one user per PC
    } else {
        draft
    })
}

fn access(model: &Model, ids: &mut Ids, unit: Option<&str>) -> Result<Draft, Bilingual> {
    let id = access_id(model, ids, unit)?;
    Ok(Draft::new(id.clone())
        .with("network", string(id))
        .with("classification", string("confidential")))
}

/// Registers whose id is a number in sequence or a provisional name.
fn by_id(kind: NewKind, ids: &mut Ids, unit: Option<&str>, today: NaiveDate) -> Draft {
    let register = kind.register();
    let unit_id = unit.unwrap_or_default();
    let named =
        |ids: &mut Ids, base: String| Draft::new(ids.unique_slug(register, &base)).provisional();
    match kind {
        NewKind::DataRequests => Draft::new(ids.next_request_id(register, today.year(), unit_id))
            .with("status", string("pending")),
        // M2: the Mẫu 01 is signed
        NewKind::MailRequests => {
            Draft::new(ids.next_request_id(register, today.year(), unit_id)).asking(&["signed_by"])
        }
        NewKind::Units => {
            let draft = named(
                ids,
                unit.map_or("don-vi-moi".to_owned(), |p| format!("{p}-moi")),
            );
            match unit {
                Some(parent) => draft.with("parent", string(parent)),
                None => draft,
            }
        }
        // C1: every network has an admin
        NewKind::Networks => Draft::new(network_id(ids, unit))
            .provisional()
            .asking(&["admins"]),
        NewKind::MailAccounts => Draft::new(mail_local_part(ids))
            .provisional()
            .with("status", string("active")),
        NewKind::Software => named(ids, "phan-mem-moi".into()).with("status", string("in-use")),
        NewKind::Staff => named(ids, "can-bo-moi".into()),
        _ => named(
            ids,
            unit.map_or("csdl-moi".to_owned(), |u| format!("csdl-{u}")),
        ),
    }
}

fn inventory(model: &Model, ids: &mut Ids, unit: &str, today: NaiveDate) -> Known {
    let year = ids.next_year(Register::Inventory, today.year(), Some(unit));
    let mut fields = Map::new();
    fields.insert("year".into(), Value::from(year));
    if let Some(items) = inventory_items(model, unit) {
        fields.insert("items".into(), items);
    }
    let path = PathBuf::from(format!("records/inventories/{year}/{unit}.yaml"));
    with_unit(fields, Some(unit), path, &[], false)
}

fn training(ids: &mut Ids, today: NaiveDate) -> Known {
    let year = ids.next_year(Register::Training, today.year(), None);
    let mut fields = Map::new();
    fields.insert("year".into(), Value::from(year));
    let path = PathBuf::from(format!("records/training/{year}.yaml"));
    with_unit(fields, None, path, &[], false)
}

fn with_unit(
    mut fields: Map<String, Value>,
    unit: Option<&str>,
    path: PathBuf,
    also: &'static [&'static str],
    provisional_id: bool,
) -> Known {
    if let Some(unit) = unit {
        fields.insert("unit".into(), string(unit));
    }
    Known {
        path,
        fields,
        also,
        provisional_id,
    }
}

fn asset_tag(
    ids: &mut Ids,
    args: &NewArgs,
    unit: &str,
) -> Result<(String, &'static str), Bilingual> {
    let types = || {
        ids::ASSET_TYPES
            .iter()
            .map(|(t, _, _)| *t)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let wanted = args.asset_type.as_deref().unwrap_or_default();
    let Some(asset_type) = ids::ASSET_TYPES
        .iter()
        .map(|(t, _, _)| *t)
        .find(|t| *t == wanted)
    else {
        return Err(Bilingual::new(
            format!(
                "`itreg new assets` cần --type (số tem ghi loại thiết bị, ví dụ --unit {unit} --type desktop), một trong: {}",
                types()
            ),
            format!(
                "`itreg new assets` needs --type (the asset tag encodes it, e.g. --unit {unit} --type desktop), one of: {}",
                types()
            ),
        ));
    };
    let tag = ids.next_asset_tag(unit, asset_type).unwrap_or_default();
    Ok((tag, asset_type))
}

/// Every device of the unit still on its books, to be ticked off; `None`
/// when it has none, for a placeholder item instead.
fn inventory_items(model: &Model, unit: &str) -> Option<Value> {
    let result = format!("{MARK} found | missing | damaged | to-dispose");
    let items: Vec<Value> = model
        .assets
        .values()
        .filter(|a| a.unit == unit && a.status != "disposed")
        .map(|a| {
            let mut item = Map::new();
            item.insert("asset".into(), string(a.id.clone()));
            item.insert("result".into(), string(result.clone()));
            Value::Object(item)
        })
        .collect();
    (!items.is_empty()).then_some(Value::Array(items))
}

/// A network id as the sample records name them (`hn-bd-lan`, then
/// `hn-bd-wan`), or a new slug.
fn network_id(ids: &mut Ids, unit: Option<&str>) -> String {
    let register = Register::Network;
    let Some(unit) = unit else {
        return ids.unique_slug(register, "mang-moi");
    };
    for suffix in ["lan", "wan"] {
        let id = format!("{unit}-{suffix}");
        if !ids.is_taken(register, &id) {
            ids.claim(register, &id);
            return id;
        }
    }
    ids.unique_slug(register, &format!("{unit}-lan"))
}

/// An access record is named after its network: the unit's first network
/// (any network without `--unit`) that has none yet.
fn access_id(model: &Model, ids: &mut Ids, unit: Option<&str>) -> Result<String, Bilingual> {
    let network = model
        .records
        .iter()
        .filter(|r| r.register == Register::Network)
        .filter(|r| unit.is_none_or(|u| r.str_field("unit") == Some(u)))
        .find(|r| !ids.is_taken(Register::Access, &r.key));
    let Some(network) = network else {
        let scope = unit.unwrap_or("*");
        return Err(Bilingual::new(
            format!(
                "Mọi mạng của đơn vị {scope} đều đã có hồ sơ phân quyền; tạo mạng trước (itreg new networks)"
            ),
            format!(
                "Every network of unit {scope} already has an access record; create the network first (itreg new networks)"
            ),
        ));
    };
    ids.claim(Register::Access, &network.key);
    Ok(network.key.clone())
}

/// `moi`, `moi1`, `moi2`…: a local part the naming rule's pattern accepts.
fn mail_local_part(ids: &mut Ids) -> String {
    let mut id = "moi".to_owned();
    let mut n = 0u32;
    while ids.is_taken(Register::MailAccount, &id) {
        n += 1;
        id = format!("moi{n}");
    }
    ids.claim(Register::MailAccount, &id);
    id
}

/// `known`, plus a placeholder for every other required field and for
/// the fields in `also`.
fn fill(
    schema: &Value,
    common: &Value,
    known: Map<String, Value>,
    also: &[&str],
) -> Map<String, Value> {
    let mut fields = known;
    for key in required(schema).into_iter().chain(also.iter().copied()) {
        if !fields.contains_key(key) {
            let property = &schema["properties"][key];
            fields.insert(key.to_owned(), placeholder(key, property, common));
        }
    }
    fields
}

fn required(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// A `common.schema.json#/$defs/…` reference followed, else the schema itself.
fn resolve<'a>(schema: &'a Value, common: &'a Value) -> &'a Value {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("common.schema.json#/$defs/"))
        .and_then(|name| common["$defs"].get(name))
        .unwrap_or(schema)
}

/// A placeholder of the property's shape: a list holds one item, a
/// mapping its required fields, anything else a `TODO` text.
fn placeholder(key: &str, property: &Value, common: &Value) -> Value {
    let definition = resolve(property, common);
    match definition.get("type").and_then(Value::as_str) {
        Some("array") => {
            let items = definition.get("items").unwrap_or(&Value::Null);
            Value::Array(vec![placeholder(key, items, common)])
        }
        Some("object") => Value::Object(fill(definition, common, Map::new(), &[])),
        _ => Value::String(placeholder_text(key, property, definition)),
    }
}

/// `TODO Tên thiết bị`, with the allowed values or an example:
/// `TODO Nhóm thiết bị: computer | printer | …`, `TODO Ngày trang bị (ví dụ 2026-03-15)`.
fn placeholder_text(key: &str, property: &Value, definition: &Value) -> String {
    let title = property
        .get("title")
        .or_else(|| definition.get("title"))
        .and_then(Value::as_str)
        .unwrap_or(key);
    let choices = property.get("enum").or_else(|| definition.get("enum"));
    if let Some(choices) = choices.and_then(Value::as_array) {
        let list: Vec<&str> = choices.iter().filter_map(Value::as_str).collect();
        return format!("{MARK} {title}: {}", list.join(" | "));
    }
    let example = definition
        .get("examples")
        .or_else(|| property.get("examples"))
        .and_then(|e| e.get(0))
        .and_then(Value::as_str);
    match example {
        Some(example) => format!("{MARK} {title} (ví dụ {example})"),
        None => format!("{MARK} {title}"),
    }
}

/// `itreg new`: write the scaffold and print its path.
pub fn run(
    root: &Path,
    at: Option<&str>,
    args: &NewArgs,
    lang: crate::diagnostic::Lang,
    today: NaiveDate,
) -> ExitCode {
    if at.is_some() {
        eprintln!(
            "itreg: {}",
            crate::say!(
                lang,
                "new ghi vào thư mục làm việc, không dùng được với --at",
                "new writes to the working tree and cannot take --at"
            )
        );
        return ExitCode::from(2);
    }
    let options = CheckOptions {
        today,
        only: Some(Vec::new()),
    };
    let checked = match check::check_dir(root, &options) {
        Ok(checked) => checked,
        Err(error) => {
            crate::term::fail(lang, &error);
            return ExitCode::from(2);
        }
    };
    let result = scaffold(&checked.model, &checked.schemas, args, today)
        .and_then(|scaffold| write_new(root, &scaffold).map(|()| scaffold));
    match result {
        Ok(scaffold) => {
            crate::outln!("{}", scaffold.path.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("itreg: {}", message.get(lang));
            ExitCode::from(2)
        }
    }
}

/// Write a file that must not exist yet.
fn write_new(root: &Path, scaffold: &Scaffold) -> Result<(), Bilingual> {
    let target = root.join(&scaffold.path);
    let failed = |e: std::io::Error| {
        Bilingual::new(
            format!("Không ghi được {}: {e}", scaffold.path.display()),
            format!("Cannot write {}: {e}", scaffold.path.display()),
        )
    };
    if let Some(folder) = target.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Bilingual::new(
                    format!("Đã có {}; không ghi đè", scaffold.path.display()),
                    format!(
                        "{} already exists; not overwriting it",
                        scaffold.path.display()
                    ),
                )
            } else {
                failed(e)
            }
        })?;
    std::io::Write::write_all(&mut file, scaffold.text.as_bytes()).map_err(failed)
}
