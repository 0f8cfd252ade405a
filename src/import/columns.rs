//! The columns of each log book: the header the regulation gives, and the
//! variants people actually type (without diacritics, abbreviated, in
//! English). Synonyms are written folded: lower case, no diacritics,
//! `đ` as `d`, words separated by single spaces.

/// One column of a log book.
#[derive(Debug)]
pub struct Column {
    /// The field the column fills, as the row builders ask for it.
    pub key: &'static str,
    /// The header as the regulation writes it, for messages.
    pub vi: &'static str,
    /// Its English name, for messages.
    pub en: &'static str,
    /// Folded headers accepted besides `vi`.
    pub synonyms: &'static [&'static str],
    /// The import stops when a required column is missing.
    pub required: bool,
}

const fn column(
    key: &'static str,
    vi: &'static str,
    en: &'static str,
    synonyms: &'static [&'static str],
) -> Column {
    Column {
        key,
        vi,
        en,
        synonyms,
        required: false,
    }
}

const fn required(
    key: &'static str,
    vi: &'static str,
    en: &'static str,
    synonyms: &'static [&'static str],
) -> Column {
    Column {
        required: true,
        ..column(key, vi, en, synonyms)
    }
}

/// Headers of columns that carry no data of their own (row numbers).
pub const SKIPPED: &[&str] = &["stt", "tt", "so tt", "so thu tu", "no"];

/// The equipment log book, QĐ3582 II.1.2, plus columns units often add.
pub const ASSETS: &[Column] = &[
    column(
        "tag",
        "Số tem tài sản",
        "asset tag",
        &[
            "tem tai san",
            "so tem",
            "ma tai san",
            "ma thiet bi",
            "asset tag",
            "tag",
        ],
    ),
    required(
        "name",
        "Tên thiết bị",
        "device name",
        &[
            "thiet bi",
            "ten tai san",
            "ten may",
            "device name",
            "device",
            "name",
        ],
    ),
    column(
        "unit",
        "Đơn vị sử dụng",
        "using unit",
        &["don vi", "ma don vi", "unit"],
    ),
    required(
        "serial",
        "Số seri",
        "serial number",
        &["so serial", "seri", "serial", "serial number", "sn", "s n"],
    ),
    column(
        "config",
        "Cấu hình cơ bản",
        "basic configuration",
        &["cau hinh", "thong so ky thuat", "configuration", "config"],
    ),
    required(
        "acquired",
        "Ngày trang bị",
        "acquired date",
        &[
            "ngay mua",
            "ngay tiep nhan",
            "ngay nhan",
            "ngay dua vao su dung",
            "ngay cap",
            "acquired",
            "acquired on",
        ],
    ),
    column(
        "supplier",
        "Đơn vị cung cấp",
        "supplier",
        &["nha cung cap", "supplier"],
    ),
    column(
        "warranty",
        "Thời hạn bảo hành",
        "warranty period",
        &["han bao hanh", "bao hanh den", "warranty", "warranty until"],
    ),
    column(
        "onsite",
        "Điều kiện bảo hành",
        "warranty terms",
        &["bao hanh tai cho", "onsite", "on site"],
    ),
    column(
        "assigned_to",
        "Tên cán bộ sử dụng",
        "user's name",
        &[
            "can bo su dung",
            "nguoi su dung",
            "nguoi quan ly su dung",
            "can bo quan ly",
            "assigned to",
        ],
    ),
    column(
        "category",
        "Nhóm thiết bị",
        "device category",
        &["nhom", "category"],
    ),
    column(
        "type",
        "Loại thiết bị",
        "device type",
        &["chung loai", "loai", "type"],
    ),
    column(
        "status",
        "Tình trạng",
        "status",
        &["tinh trang su dung", "trang thai", "status"],
    ),
    column(
        "room",
        "Vị trí",
        "location",
        &["noi dat", "vi tri dat", "phong", "location", "room"],
    ),
    column(
        "decision",
        "Quyết định mua sắm",
        "procurement decision",
        &[
            "quyet dinh trang bi",
            "so quyet dinh",
            "quyet dinh",
            "procurement",
        ],
    ),
    column(
        "note",
        "Ghi chú",
        "note",
        &["qua trinh su dung", "note", "notes"],
    ),
];

/// The software log book, QĐ3582 II.2.2, plus columns units often add.
pub const SOFTWARE: &[Column] = &[
    column("id", "Mã phần mềm", "software id", &["ma", "id"]),
    required(
        "name",
        "Tên phần mềm",
        "software name",
        &["phan mem", "ten ung dung", "name", "software"],
    ),
    column(
        "description",
        "Mô tả chức năng",
        "description",
        &["mo ta", "chuc nang", "description"],
    ),
    required(
        "kind",
        "Loại phần mềm",
        "software kind",
        &["loai", "kind", "type"],
    ),
    column(
        "vendor",
        "Hãng sản xuất",
        "vendor",
        &["nha san xuat", "hang", "vendor", "manufacturer"],
    ),
    column(
        "supplier",
        "Đơn vị cung cấp",
        "supplier",
        &["nha cung cap", "supplier"],
    ),
    column(
        "in_use_since",
        "Ngày sử dụng",
        "in-use date",
        &[
            "ngay dua vao su dung",
            "ngay bat dau su dung",
            "in use since",
        ],
    ),
    column(
        "servers",
        "Máy chủ cài đặt",
        "servers",
        &["may chu", "servers", "server"],
    ),
    column(
        "workstations",
        "Số bản trên máy trạm",
        "workstation copies",
        &[
            "so ban cai tren may tram",
            "so may tram",
            "may tram",
            "workstations",
        ],
    ),
    column(
        "installed_by",
        "Tên cán bộ cài đặt",
        "installer's name",
        &["can bo cai dat", "nguoi cai dat", "installed by"],
    ),
    column(
        "status",
        "Tình trạng sử dụng",
        "status",
        &["tinh trang", "trang thai", "status"],
    ),
    column(
        "history",
        "Diễn biến cập nhật",
        "update history",
        &["dien bien", "lich su cap nhat", "update history"],
    ),
    column(
        "license",
        "Số hiệu bản quyền",
        "license number",
        &["so ban quyen", "ban quyen", "license", "license number"],
    ),
    column(
        "seats",
        "Số lượng bản quyền",
        "licensed seats",
        &["so luong ban quyen", "seats"],
    ),
    column("version", "Phiên bản", "version", &["version"]),
    column(
        "installed_on",
        "Ngày cài đặt",
        "installation date",
        &["installed on"],
    ),
    column(
        "acceptance",
        "Biên bản nghiệm thu",
        "acceptance minutes",
        &["nghiem thu", "so bien ban nghiem thu", "acceptance"],
    ),
    column(
        "acceptance_signed_by",
        "Người ký nghiệm thu",
        "acceptance signed by",
        &[
            "lanh dao ky nghiem thu",
            "ky nghiem thu",
            "acceptance signed by",
        ],
    ),
    column(
        "approval",
        "Quyết định phê duyệt",
        "approval decision",
        &["phe duyet", "quyet dinh", "approval"],
    ),
    column("note", "Ghi chú", "note", &["note", "notes"]),
];

/// The Mẫu 01 request list, QC1114 Phụ lục 1.
pub const MAIL_REQUESTS: &[Column] = &[
    required(
        "full_name",
        "Họ và tên người dùng",
        "user's full name",
        &[
            "ho va ten",
            "ho ten",
            "ho ten nguoi dung",
            "full name",
            "name",
        ],
    ),
    column(
        "position",
        "Chức vụ",
        "position",
        &["chuc danh", "position"],
    ),
    column(
        "mobile",
        "Số ĐTDĐ",
        "mobile number",
        &[
            "so dien thoai di dong",
            "dien thoai di dong",
            "so dien thoai",
            "dien thoai",
            "dtdd",
            "mobile",
        ],
    ),
    column(
        "current_account",
        "Tài khoản thư điện tử đang dùng",
        "current mail account",
        &[
            "tai khoan dang dung",
            "tai khoan hien tai",
            "thu dien tu dang dung",
            "current account",
        ],
    ),
    required(
        "request",
        "Nội dung yêu cầu",
        "request",
        &["yeu cau", "noi dung", "request"],
    ),
    column(
        "quota_gb",
        "Dung lượng đề nghị",
        "requested quota",
        &["dung luong", "quota", "quota gb"],
    ),
    column("reason", "Lý do", "reason", &["ghi chu", "reason", "note"]),
];
