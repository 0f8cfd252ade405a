//! Turning what people write in a log book into ids of existing records:
//! a unit by its id, code or name, a staff member by their full name.
//! Names compare folded (no diacritics, case or extra spaces), so
//! "NGUYEN VAN ANH" finds Nguyễn Văn Anh.

use crate::diagnostic::Bilingual;
use crate::model::Model;

/// A name folded for comparison, with "Bảo hiểm xã hội" shortened to the
/// usual "BHXH".
fn key(text: &str) -> String {
    crate::text::tokens(text)
        .join(" ")
        .replace("bao hiem xa hoi", "bhxh")
}

/// The unit `text` names: its id, its code or its name.
pub fn unit(model: &Model, text: &str) -> Result<String, Bilingual> {
    let wanted = key(text);
    let lower = text.trim().to_lowercase();
    let found: Vec<&str> = model
        .units
        .values()
        .filter(|u| {
            u.id == lower
                || key(&u.name) == wanted
                || model
                    .record(u)
                    .str_field("code")
                    .is_some_and(|code| code.eq_ignore_ascii_case(text.trim()))
        })
        .map(|u| u.id.as_str())
        .collect();
    match found[..] {
        [id] => Ok(id.to_owned()),
        [] => Err(Bilingual::new(
            format!(
                "đơn vị sử dụng '{text}' không khớp mã hay tên đơn vị nào trong records/units; ghi mã đơn vị (ví dụ hn-bd) hoặc để trống để dùng --unit"
            ),
            format!(
                "using unit '{text}' matches no unit id or name in records/units; write the unit id (e.g. hn-bd) or leave it blank to use --unit"
            ),
        )),
        _ => Err(Bilingual::new(
            format!(
                "đơn vị sử dụng '{text}' khớp nhiều đơn vị ({}); ghi mã đơn vị",
                found.join(", ")
            ),
            format!(
                "using unit '{text}' matches several units ({}); write the unit id",
                found.join(", ")
            ),
        )),
    }
}

/// The staff member `name` refers to: a staff id, or a full name. Among
/// namesakes, the one in `unit` wins.
pub fn staff(
    model: &Model,
    name: &str,
    unit: &str,
    what: (&str, &str),
) -> Result<String, Bilingual> {
    let trimmed = name.trim();
    if model.staff.contains_key(trimmed) {
        return Ok(trimmed.to_owned());
    }
    let wanted = key(trimmed);
    let namesakes: Vec<(&str, &str)> = model
        .staff
        .values()
        .filter(|s| key(&s.full_name) == wanted)
        .map(|s| (s.id.as_str(), s.unit.as_str()))
        .collect();
    let in_unit: Vec<&str> = namesakes
        .iter()
        .filter(|(_, u)| *u == unit)
        .map(|(id, _)| *id)
        .collect();
    let (vi, en) = what;
    match (&namesakes[..], &in_unit[..]) {
        ([(id, _)], _) | (_, [id]) => Ok((*id).to_owned()),
        ([], _) => Err(Bilingual::new(
            format!(
                "không tìm thấy {vi} '{trimmed}' trong records/staff; thêm hồ sơ cán bộ (itreg new staff) hoặc sửa tên"
            ),
            format!(
                "no {en} named '{trimmed}' in records/staff; add their record (itreg new staff) or fix the name"
            ),
        )),
        _ => {
            let ids: Vec<&str> = namesakes.iter().map(|(id, _)| *id).collect();
            Err(Bilingual::new(
                format!(
                    "{vi} '{trimmed}' trùng tên nhiều người ({}); ghi mã cán bộ thay cho tên",
                    ids.join(", ")
                ),
                format!(
                    "{en} '{trimmed}' matches several people ({}); write the staff id instead",
                    ids.join(", ")
                ),
            ))
        }
    }
}
