//! The registers (sổ) of `records/`: where each lives, which schema holds it,
//! and how a file's name relates to the record inside.

use serde::Serialize;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Register {
    Unit,
    Staff,
    Asset,
    Inventory,
    Software,
    Network,
    Access,
    Database,
    DataRequest,
    MailAccount,
    MailRequest,
    Training,
    Incident,
}

/// How the file name identifies the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    /// `<folder>/<id>.yaml`
    Id,
    /// `assets/<unit>/<id>.yaml`
    IdUnderUnit,
    /// `inventories/<year>/<unit>.yaml`
    YearThenUnit,
    /// `training/<year>.yaml`
    Year,
}

impl Register {
    pub const ALL: [Register; 13] = [
        Register::Unit,
        Register::Staff,
        Register::Asset,
        Register::Inventory,
        Register::Software,
        Register::Network,
        Register::Access,
        Register::Database,
        Register::DataRequest,
        Register::MailAccount,
        Register::MailRequest,
        Register::Training,
        Register::Incident,
    ];

    /// Folder under `records/`.
    pub fn folder(self) -> &'static str {
        match self {
            Register::Unit => "units",
            Register::Staff => "staff",
            Register::Asset => "assets",
            Register::Inventory => "inventories",
            Register::Software => "software",
            Register::Network => "networks",
            Register::Access => "access",
            Register::Database => "databases",
            Register::DataRequest => "data-requests",
            Register::MailAccount => "mail/accounts",
            Register::MailRequest => "mail/requests",
            Register::Training => "training",
            Register::Incident => "incidents",
        }
    }

    /// Stem of the schema file in `schema/`, also the slug used in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            Register::Unit => "unit",
            Register::Staff => "staff",
            Register::Asset => "asset",
            Register::Inventory => "inventory",
            Register::Software => "software",
            Register::Network => "network",
            Register::Access => "access",
            Register::Database => "database",
            Register::DataRequest => "data-request",
            Register::MailAccount => "mail-account",
            Register::MailRequest => "mail-request",
            Register::Training => "training",
            Register::Incident => "incident",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Register> {
        Register::ALL.into_iter().find(|r| r.slug() == slug)
    }

    pub fn naming(self) -> Naming {
        match self {
            Register::Asset => Naming::IdUnderUnit,
            Register::Inventory => Naming::YearThenUnit,
            Register::Training => Naming::Year,
            _ => Naming::Id,
        }
    }

    /// Registers kept as "Mật" as a whole, whatever a record's
    /// `classification` says: the network records and the access rights to
    /// them (C2, QĐ3582 II.3.2), and the data security incidents (D5).
    pub fn confidential_as_a_whole(self) -> bool {
        matches!(
            self,
            Register::Network | Register::Access | Register::Incident
        )
    }

    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Register::Unit => ("Đơn vị", "Units"),
            Register::Staff => ("Cán bộ", "Staff"),
            Register::Asset => ("Thiết bị CNTT", "IT equipment"),
            Register::Inventory => ("Kiểm kê", "Inventories"),
            Register::Software => ("Phần mềm", "Software"),
            Register::Network => ("Mạng", "Networks"),
            Register::Access => ("Phân quyền truy nhập", "Access rights"),
            Register::Database => ("Cơ sở dữ liệu", "Databases"),
            Register::DataRequest => ("Yêu cầu khai thác dữ liệu", "Data requests"),
            Register::MailAccount => ("Tài khoản thư điện tử", "Mail accounts"),
            Register::MailRequest => ("Yêu cầu thư điện tử (Mẫu 01)", "Mail requests"),
            Register::Training => ("Kế hoạch đào tạo", "Training plans"),
            Register::Incident => ("Sự cố an toàn dữ liệu", "Data security incidents"),
        }
    }

    /// The register a path relative to `records/` belongs to, if any, with
    /// the path segments between the folder and the file name.
    pub fn classify(relative: &Path) -> Option<(Register, Vec<String>)> {
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        // Longest folder first so `mail/accounts` wins over a shorter prefix.
        let mut registers = Register::ALL;
        registers.sort_by_key(|r| std::cmp::Reverse(r.folder().len()));
        for register in registers {
            let folder: Vec<&str> = register.folder().split('/').collect();
            if parts.len() > folder.len() && parts.iter().zip(&folder).all(|(a, b)| a == b) {
                let middle = parts[folder.len()..parts.len() - 1].to_vec();
                return Some((register, middle));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        let (r, mid) = Register::classify(Path::new("assets/hn-q1/HN-1.yaml")).unwrap();
        assert_eq!((r, mid), (Register::Asset, vec!["hn-q1".to_owned()]));
        let (r, mid) = Register::classify(Path::new("mail/accounts/anhnv.yaml")).unwrap();
        assert_eq!((r, mid.len()), (Register::MailAccount, 0));
        assert!(Register::classify(Path::new("mail/anhnv.yaml")).is_none());
        assert!(Register::classify(Path::new("units.yaml")).is_none());
    }
}
