//! Turning what people write in a log book into ids of existing records:
//! a unit by its id, code or name, a staff member by their full name.
//! Names compare folded (no diacritics, case or extra spaces), so
//! "NGUYEN VAN ANH" finds Nguyễn Văn Anh.

use crate::diagnostic::Bilingual;
use crate::model::Model;
use std::collections::{BTreeSet, HashMap};

/// Units and staff by the keys a log book names them by, folded once per
/// import: a sheet names someone on every row, and folding every staff
/// member's name again for each row made an import take rows × staff
/// (issue 21).
pub struct Lookup<'m> {
    model: &'m Model,
    units_by_id: HashMap<&'m str, &'m str>,
    units_by_name: HashMap<String, Vec<&'m str>>,
    /// By code in ASCII lower case.
    units_by_code: HashMap<String, Vec<&'m str>>,
    /// By folded full name: (staff id, unit), in staff id order.
    staff_by_name: HashMap<String, Vec<(&'m str, &'m str)>>,
}

impl<'m> Lookup<'m> {
    pub fn new(model: &'m Model) -> Self {
        let mut lookup = Lookup {
            model,
            units_by_id: HashMap::new(),
            units_by_name: HashMap::new(),
            units_by_code: HashMap::new(),
            staff_by_name: HashMap::new(),
        };
        for unit in model.units.values() {
            let id = unit.id.as_str();
            lookup.units_by_id.insert(id, id);
            lookup
                .units_by_name
                .entry(key(&unit.name))
                .or_default()
                .push(id);
            if let Some(code) = model.record(unit).str_field("code") {
                let code = code.to_ascii_lowercase();
                lookup.units_by_code.entry(code).or_default().push(id);
            }
        }
        for staff in model.staff.values() {
            let entry = (staff.id.as_str(), staff.unit.as_str());
            lookup
                .staff_by_name
                .entry(key(&staff.full_name))
                .or_default()
                .push(entry);
        }
        lookup
    }

    /// The ids of the units `text` names by id, name or code, in id order.
    fn units_named(&self, text: &str) -> Vec<&'m str> {
        let lower = text.trim().to_lowercase();
        let code = text.trim().to_ascii_lowercase();
        let found: BTreeSet<&'m str> = self
            .units_by_id
            .get(lower.as_str())
            .into_iter()
            .copied()
            .chain(
                self.units_by_name
                    .get(&key(text))
                    .into_iter()
                    .flatten()
                    .copied(),
            )
            .chain(self.units_by_code.get(&code).into_iter().flatten().copied())
            .collect();
        found.into_iter().collect()
    }
}

/// A name folded for comparison, with "Bảo hiểm xã hội" shortened to the
/// usual "BHXH".
fn key(text: &str) -> String {
    crate::text::tokens(text)
        .join(" ")
        .replace("bao hiem xa hoi", "bhxh")
}

/// The unit `text` names: its id, its code or its name.
pub fn unit(lookup: &Lookup, text: &str) -> Result<String, Bilingual> {
    let found = lookup.units_named(text);
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
    lookup: &Lookup,
    name: &str,
    unit: &str,
    what: (&str, &str),
) -> Result<String, Bilingual> {
    let trimmed = name.trim();
    if lookup.model.staff.contains_key(trimmed) {
        return Ok(trimmed.to_owned());
    }
    let namesakes: &[(&str, &str)] = lookup
        .staff_by_name
        .get(&key(trimmed))
        .map_or(&[], Vec::as_slice);
    let in_unit: Vec<&str> = namesakes
        .iter()
        .filter(|(_, u)| *u == unit)
        .map(|(id, _)| *id)
        .collect();
    let (vi, en) = what;
    match (namesakes, &in_unit[..]) {
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
