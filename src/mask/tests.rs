use super::*;
use crate::load::{LoadOptions, RawFile, parse_record};
use crate::schema_nav::SchemaNav;

fn record(path: &str, yaml: &str) -> Record {
    parse_record(
        RawFile::new(path, yaml.as_bytes().to_vec()),
        &LoadOptions::default(),
    )
    .expect("a test record parses")
}

/// A confidential database, a network (confidential as a whole), a unit
/// marked confidential with an asset filed under it, and public records
/// that refer to them.
fn sample() -> Vec<Record> {
    vec![
        record(
            "records/units/hn.yaml",
            "id: hn\nname: Hà Nội\nlevel: province\n",
        ),
        record(
            "records/units/kin.yaml",
            "id: kin\nname: Đơn vị kín\nlevel: district\nparent: hn\nclassification: confidential\n",
        ),
        record(
            "records/assets/kin/KIN-PC-0001.yaml",
            "id: KIN-PC-0001\nname: Máy tính\nunit: kin\n",
        ),
        record(
            "records/staff/an.yaml",
            "id: an\nfull_name: Nguyễn An\nunit: kin\nmobile: \"0987123456\"\n",
        ),
        record(
            "records/databases/tuyet-mat.yaml",
            "id: tuyet-mat\nname: CSDL tuyệt mật\nunit: hn\nclassification: confidential\n",
        ),
        record(
            "records/data-requests/2026-hn-001.yaml",
            "id: 2026-hn-001\nunit: hn\ndatabase: tuyet-mat\nrequester_unit: kin\napproved_by: an\n",
        ),
        record(
            "records/networks/hn-lan.yaml",
            "id: hn-lan\nname: Mạng LAN\nunit: hn\nadmins: [an]\n",
        ),
    ]
}

/// An error, its code passed through as `tests/docs.rs` expects of codes
/// that are not really emitted.
fn diagnostic(code: &str, file: &str, message: Bilingual) -> Diagnostic {
    Diagnostic::error(code, file, message)
}

fn schemas() -> SchemaSet {
    SchemaSet::load(None).unwrap()
}

#[test]
fn confidential_records_are_left_out_and_references_to_them_marked() {
    let records = sample();
    let mask = Mask::new(&records, &schemas());
    let flags = vec![true; records.len()];
    let split = mask.split(records, flags);
    let kept: Vec<&str> = split.kept.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(kept, ["hn", "an", "2026-hn-001"]);
    let withheld: Vec<&str> = split.withheld.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(withheld, ["kin", "KIN-PC-0001", "tuyet-mat", "hn-lan"]);
    let request = &split.kept[2].value;
    assert_eq!(request.get("database").unwrap().as_str(), Some(MARKER));
    assert_eq!(
        request.get("requester_unit").unwrap().as_str(),
        Some(MARKER)
    );
    // A public staff member's reference stays; the staff page is public.
    assert_eq!(request.get("approved_by").unwrap().as_str(), Some("an"));
    let staff = &split.kept[1].value;
    assert_eq!(staff.get("unit").unwrap().as_str(), Some(MARKER));
    assert!(staff.get("mobile").is_none(), "a confidential field");
    let mut removed: Vec<&str> = split.removed.iter().map(|t| &**t).collect();
    removed.sort_unstable();
    assert_eq!(removed, ["0987123456", "kin", "kin", "tuyet-mat"]);
}

#[test]
fn diagnostics_of_confidential_records_say_nothing_and_others_quote_no_secret() {
    let records = sample();
    let schemas = schemas();
    let mask = Mask::new(&records, &schemas);
    let flags = vec![true; records.len()];
    let split = mask.split(records, flags);
    let diagnostics = vec![
        diagnostic(
            "schema",
            "records/databases/tuyet-mat.yaml",
            Bilingual::new("CSDL tuyệt mật sai", "CSDL tuyệt mật is wrong"),
        ),
        diagnostic(
            "D4",
            "records/data-requests/2026-hn-001.yaml",
            Bilingual::new("Nguyễn An", "Nguyễn An"),
        ),
        diagnostic(
            "M4",
            "records/units/hn.yaml",
            Bilingual::new(
                "`tuyet-mat` của Đơn vị kín, liên hệ 0987123456, ngày 2026-01-02, Hà Nội, `kin`",
                "`tuyet-mat` of Đơn vị kín, call 0987123456, on 2026-01-02, Hà Nội, `kin`",
            ),
        ),
    ];
    let shown = mask_diagnostics(diagnostics, &split, &schemas, &|_| false);
    assert!(shown[0].message.en.contains("confidential record"));
    assert!(!shown[0].message.en.contains("tuyệt"));
    // The database's id is a secret too: its file name is masked.
    assert_eq!(
        shown[0].file,
        PathBuf::from("records/databases/(mật · confidential).yaml")
    );
    assert_eq!(shown[0].code, "schema");
    // The request refers to the confidential database: a rule across the
    // two might quote it in any form.
    assert!(shown[1].message.en.contains("refers to a confidential one"));
    assert_eq!(
        &*shown[2].message.en,
        // A date says nothing alone; the unit name `Hà Nội` is published;
        // `kin` is under four characters.
        "`(mật · confidential)` of (mật · confidential), call (mật · confidential), on 2026-01-02, Hà Nội, `kin`"
    );
}

#[test]
fn confidential_fields_are_read_from_the_schemas() {
    let fields = ConfidentialFields::new(&schemas());
    let staff = fields.of(Register::Staff);
    assert!(staff.contains(&"/mobile".to_owned()), "{staff:?}");
    assert!(staff.contains(&"/email_personal".to_owned()), "{staff:?}");
    assert_eq!(fields.of(Register::MailRequest), ["/entries/*/mobile"]);
    assert!(fields.of(Register::Asset).is_empty());
}

/// The id types of `common.schema.json` and the register each names.
/// `request_id` names a data request or a Mẫu 01 request, by context.
const ID_TYPES: &[(&str, &[Register])] = &[
    ("unit_id", &[Register::Unit]),
    ("staff_id", &[Register::Staff]),
    ("asset_tag", &[Register::Asset]),
    ("software_id", &[Register::Software]),
    ("network_id", &[Register::Network]),
    ("database_id", &[Register::Database]),
    (
        "request_id",
        &[Register::DataRequest, Register::MailRequest],
    ),
];

/// The masking step replaces only the references `integrity` lists, so
/// that list must name every field the schemas type as another record's
/// id: a field left off it would publish a confidential record's id.
#[test]
fn every_field_typed_as_a_record_id_is_a_listed_reference() {
    let schemas = schemas();
    let nav = SchemaNav::new(&schemas);
    let mut missing = Vec::new();
    for register in Register::ALL {
        let mut fields = Vec::new();
        id_fields(&nav, schemas.register_schema(register), "", &mut fields, 0);
        for (pointer, id_type) in fields {
            // A record's own id, and an access record's id (its network's).
            if pointer == "/id" {
                continue;
            }
            let target = crate::validate::integrity::reference_target(register, &pointer);
            let expected = ID_TYPES
                .iter()
                .find(|(name, _)| *name == id_type)
                .unwrap()
                .1;
            if !target.is_some_and(|t| expected.contains(&t)) {
                missing.push(format!("{register:?} {pointer} ({id_type})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in integrity's REFERENCES: {missing:?}"
    );
}

/// Every (pointer with `0` for list items, id type) under `schema`.
fn id_fields(
    nav: &SchemaNav,
    schema: &serde_json::Value,
    prefix: &str,
    out: &mut Vec<(String, &'static str)>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    for (key, property) in nav.properties(schema) {
        let pointer = format!("{prefix}/{key}");
        visit_property(nav, property, &pointer, out, depth);
    }
}

fn visit_property(
    nav: &SchemaNav,
    property: &serde_json::Value,
    pointer: &str,
    out: &mut Vec<(String, &'static str)>,
    depth: usize,
) {
    let reference = property.get("$ref").and_then(|r| r.as_str()).unwrap_or("");
    if let Some((name, _)) = ID_TYPES
        .iter()
        .find(|(name, _)| reference.ends_with(&format!("/{name}")))
    {
        if !out.iter().any(|(p, _)| p == pointer) {
            out.push((pointer.to_owned(), name));
        }
        return;
    }
    let described = nav.value_schema(property);
    id_fields(nav, described, pointer, out, depth + 1);
    if let Some(items) = described.get("items") {
        visit_property(nav, items, &format!("{pointer}/0"), out, depth + 1);
    }
}
