//! Vietnamese and English labels of enum values, read from the built-in
//! JSON Schemas (`x-enum-labels`, `x-enum-labels-en`) so reports and the
//! site name things the same way.

use crate::diagnostic::Bilingual;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::LazyLock;

static SCHEMAS: LazyLock<BTreeMap<&'static str, Value>> = LazyLock::new(|| {
    [
        ("asset", include_str!("../../schema/asset.schema.json")),
        (
            "database",
            include_str!("../../schema/database.schema.json"),
        ),
        (
            "data-request",
            include_str!("../../schema/data-request.schema.json"),
        ),
        (
            "inventory",
            include_str!("../../schema/inventory.schema.json"),
        ),
        (
            "mail-account",
            include_str!("../../schema/mail-account.schema.json"),
        ),
        (
            "mail-request",
            include_str!("../../schema/mail-request.schema.json"),
        ),
        ("network", include_str!("../../schema/network.schema.json")),
        (
            "software",
            include_str!("../../schema/software.schema.json"),
        ),
    ]
    .into_iter()
    .map(|(name, text)| (name, serde_json::from_str(text).unwrap_or(Value::Null)))
    .collect()
});

fn node(schema: &str, pointer: &str) -> Option<&'static Value> {
    SCHEMAS.get(schema)?.pointer(pointer)
}

/// The label of `value` for the enum at `pointer` in `schema`; the value
/// itself when the schema has no label for it.
pub fn enum_label(schema: &str, pointer: &str, value: &str) -> Bilingual {
    let node = node(schema, pointer);
    let get = |key: &str| {
        node.and_then(|n| n.get(key))
            .and_then(|labels| labels.get(value))
            .and_then(Value::as_str)
            .unwrap_or(value)
            .to_owned()
    };
    Bilingual::new(get("x-enum-labels"), get("x-enum-labels-en"))
}

/// The position of `value` in the enum at `pointer`, for sorting in the
/// order the regulation lists things; unknown values go last.
pub fn enum_position(schema: &str, pointer: &str, value: &str) -> usize {
    node(schema, pointer)
        .and_then(|n| n.get("enum"))
        .and_then(Value::as_array)
        .and_then(|values| values.iter().position(|v| v.as_str() == Some(value)))
        .unwrap_or(usize::MAX)
}

pub fn asset_category(value: &str) -> Bilingual {
    enum_label("asset", "/properties/category", value)
}

pub fn asset_type(value: &str) -> Bilingual {
    enum_label("asset", "/properties/type", value)
}

pub fn asset_type_position(value: &str) -> usize {
    enum_position("asset", "/properties/type", value)
}

pub fn asset_event(value: &str) -> Bilingual {
    enum_label("asset", "/properties/events/items/properties/kind", value)
}

pub fn inventory_result(value: &str) -> Bilingual {
    enum_label(
        "inventory",
        "/properties/items/items/properties/result",
        value,
    )
}

pub fn request_status(value: &str) -> Bilingual {
    enum_label("data-request", "/properties/status", value)
}

pub fn network_scope(value: &str) -> Bilingual {
    enum_label("network", "/properties/scope", value)
}

pub fn software_kind(value: &str) -> Bilingual {
    enum_label("software", "/properties/kind", value)
}

pub fn software_status(value: &str) -> Bilingual {
    enum_label("software", "/properties/status", value)
}

pub fn mail_kind(value: &str) -> Bilingual {
    enum_label("mail-account", "/properties/kind", value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_schemas() {
        assert_eq!(&*asset_type("desktop").vi, "Máy tính để bàn (PC)");
        assert_eq!(&*asset_type("desktop").en, "Desktop PC");
        assert_eq!(&*asset_category("computer").vi, "Máy tính");
        assert_eq!(&*asset_event("repair-out").vi, "Đưa đi sửa chữa, bảo hành");
        assert_eq!(&*inventory_result("missing").vi, "Không tìm thấy");
        assert_eq!(&*request_status("fulfilled").en, "Fulfilled");
        let locked = enum_label(
            "mail-account",
            "/properties/events/items/properties/kind",
            "locked",
        );
        assert_eq!(&*locked.vi, "Khóa tài khoản");
        assert_eq!(&*software_kind("dbms").vi, "Hệ quản trị cơ sở dữ liệu");
        assert_eq!(&*network_scope("district-lan").vi, "Mạng cục bộ BHXH huyện");
        assert_eq!(&*asset_type("no-such").vi, "no-such");
        assert!(asset_type_position("server") < asset_type_position("laser"));
        assert_eq!(asset_type_position("no-such"), usize::MAX);
    }
}
