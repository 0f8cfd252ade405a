//! The git-native features, each on a repository the test creates in a
//! temporary folder with the `git` command line: `--at REV`, record history
//! (moves, shallow clones, the cache), `itreg diff` and `itreg codeowners`.

mod common;

use git2::{Oid, Repository};
use itreg::history::{self, HistoryIndex};
use itreg::register::Register;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch repository with a fixed identity and clock, so commit ids are
/// the same on every run.
struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Commit timestamps advance one day per commit.
    clock: std::cell::Cell<u32>,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("records-repo");
        std::fs::create_dir_all(&root).unwrap();
        let repo = Repo {
            _dir: dir,
            root,
            clock: std::cell::Cell::new(0),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn git_command(&self, dir: &Path) -> Command {
        let day = self.clock.get();
        let date = format!("2026-10-{:02}T09:30:00+07:00", 1 + day % 28);
        let mut command = Command::new("git");
        command
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Nguyễn Văn Anh")
            .env("GIT_AUTHOR_EMAIL", "anhnv1@vss.gov.vn")
            .env("GIT_COMMITTER_NAME", "Nguyễn Văn Anh")
            .env("GIT_COMMITTER_EMAIL", "anhnv1@vss.gov.vn")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date);
        command
    }

    fn git(&self, args: &[&str]) -> String {
        let output = self
            .git_command(&self.root)
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    fn write(&self, path: &str, text: &str) {
        common::write_file(&self.root, path, text);
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root.join(path)).unwrap()
    }

    /// Stage everything and commit; returns the new commit id.
    fn commit(&self, subject: &str) -> Oid {
        self.clock.set(self.clock.get() + 1);
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", subject]);
        Oid::from_str(&self.git(&["rev-parse", "HEAD"])).unwrap()
    }

    fn mv(&self, from: &str, to: &str) {
        std::fs::create_dir_all(self.root.join(to).parent().unwrap()).unwrap();
        self.git(&["mv", from, to]);
    }

    fn open(&self) -> Repository {
        Repository::open(&self.root).unwrap()
    }
}

const PC: &str = "records/assets/hn-bd/HN-BD-PC-0001.yaml";
const PRINTER: &str = "records/assets/hn-bd/HN-BD-PRT-0001.yaml";
const PRINTER_MOVED: &str = "records/assets/hn-dd/HN-BD-PRT-0001.yaml";

/// A small province that passes `itreg check` without errors.
fn seed(repo: &Repo) {
    let files: &[(&str, &str)] = &[
        (
            "records/units/vn.yaml",
            "id: vn\nname: Bảo hiểm xã hội Việt Nam\nlevel: central\ncode: VN\n",
        ),
        (
            "records/units/vn-ttcntt.yaml",
            "id: vn-ttcntt\nname: Trung tâm Công nghệ thông tin\nlevel: central\nparent: vn\nit_unit: true\n",
        ),
        (
            "records/units/hn.yaml",
            "id: hn\nname: Bảo hiểm xã hội thành phố Hà Nội\nlevel: province\nparent: vn\ncode: \"01\"\n",
        ),
        (
            "records/units/hn-bd.yaml",
            "id: hn-bd\nname: Bảo hiểm xã hội quận Ba Đình\nlevel: district\nparent: hn\nit_unit: true\n",
        ),
        (
            "records/units/hn-dd.yaml",
            "id: hn-dd\nname: Bảo hiểm xã hội quận Đống Đa\nlevel: district\nparent: hn\nit_unit: true\n",
        ),
        (
            "records/staff/bui-quoc-khanh.yaml",
            "id: bui-quoc-khanh\nfull_name: Bùi Quốc Khánh\nunit: vn-ttcntt\nroles: [data-admin, network-admin, it-staff]\nemail: khanhbq@vss.gov.vn\n",
        ),
        (
            "records/staff/nguyen-van-anh-bd.yaml",
            "id: nguyen-van-anh-bd\nfull_name: Nguyễn Văn Anh\nunit: hn-bd\nroles: [data-admin, network-admin, it-staff]\nemail: anhnv1@vss.gov.vn\nmobile: \"0885699901\"\n",
        ),
        (
            "records/staff/tran-thi-mai.yaml",
            "id: tran-thi-mai\nfull_name: Trần Thị Mai\nunit: hn-dd\nroles: [data-admin, network-admin, it-staff]\nemail: maitt@vss.gov.vn\n",
        ),
        (
            PC,
            "id: HN-BD-PC-0001
name: Máy tính để bàn Dell OptiPlex 5000
category: computer
type: desktop
unit: hn-bd
serial: BHTCNXL
acquired: 2024-01-15
assigned_to: nguyen-van-anh-bd
status: in-use
events:
  - date: 2024-01-18
    kind: handover
    to: nguyen-van-anh-bd
    minutes: BB-2024-BD-001
  - date: 2026-08-06
    kind: maintenance
    by: nguyen-van-anh-bd
    note: Vệ sinh máy, cập nhật Windows.
",
        ),
        (
            PRINTER,
            "id: HN-BD-PRT-0001
name: Máy in HP LaserJet M404dn
category: printer
type: laser
unit: hn-bd
serial: VNB3K12345
acquired: 2023-05-10
status: in-stock
",
        ),
    ];
    for (path, text) in files {
        repo.write(path, text);
    }
}

/// The pull request of the snapshot tests: the PC goes for repair without
/// handover minutes (A7), and the printer moves to Đống Đa.
fn send_pc_for_repair(repo: &Repo) {
    let pc = repo
        .read(PC)
        .replace("status: in-use", "status: under-repair")
        + "  - date: 2026-11-20
    kind: repair-out
    by: nguyen-van-anh-bd
    repair_at: Công ty TNHH Tin học Hoàng Long
    data_wiped: true
    note: Không khởi động được; gửi hãng bảo hành.
";
    repo.write(PC, &pc);
}

fn move_printer(repo: &Repo) {
    repo.mv(PRINTER, PRINTER_MOVED);
    let printer = repo
        .read(PRINTER_MOVED)
        .replace("unit: hn-bd", "unit: hn-dd")
        .replace(
            "status: in-stock",
            "status: in-use\nassigned_to: tran-thi-mai",
        )
        + "events:
  - date: 2026-11-18
    kind: handover
    to: tran-thi-mai
    minutes: BB-2026-DD-031
";
    repo.write(PRINTER_MOVED, &printer);
}

fn run(repo: &Repo, args: &[&str]) -> std::process::Output {
    common::run(&repo.root, args)
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            common::stdout(output),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap()
            )
        })
        .collect()
}

// ---------------------------------------------------------------- --at REV

#[test]
fn check_at_a_tag_reads_the_tree_not_the_working_tree() {
    let repo = Repo::new();
    seed(&repo);
    send_pc_for_repair(&repo);
    repo.commit("Đưa máy HN-BD-PC-0001 đi sửa");
    repo.git(&["tag", "2026-Q3-close"]);
    // Fixed in the working tree only, and the printer file deleted.
    repo.write(
        PC,
        &repo.read(PC).replace(
            "    data_wiped: true\n",
            "    data_wiped: true\n    minutes: BB-2026-BD-040\n",
        ),
    );
    std::fs::remove_file(repo.root.join(PRINTER)).unwrap();
    // Lines shift on disk, so a snippet from the disk would show the wrong line.
    repo.write(PC, &format!("# Đã bổ sung biên bản\n{}", repo.read(PC)));

    let now = json_of(&run(&repo, &["check", "--format", "json"]));
    assert!(!codes(&now).iter().any(|c| c.starts_with("A7 ")), "{now}");

    let output = run(
        &repo,
        &["--at", "2026-Q3-close", "check", "--format", "json"],
    );
    let then = json_of(&output);
    assert!(codes(&then).contains(&format!("A7 {PC}")), "{then}");
    assert_eq!(output.status.code(), Some(1));

    // Human output quotes the line from the revision, not from the disk.
    let human = common::stdout(&run(&repo, &["--at", "2026-Q3-close", "check"]));
    assert!(human.contains("19 |   - date: 2026-11-20"), "{human}");

    // A commit id and a branch work too.
    let id = repo.git(&["rev-parse", "2026-Q3-close"]);
    let by_id = json_of(&run(&repo, &["--at", &id, "check", "--format", "json"]));
    assert_eq!(codes(&by_id), codes(&then));
    let missing = run(&repo, &["--at", "no-such-tag", "check"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn check_at_applies_the_loader_refusals_to_the_tree() {
    let repo = Repo::new();
    seed(&repo);
    repo.write("itreg.toml", "[check]\nmax_file_bytes = 2000\n");
    repo.write(
        "records/staff/khong-ton-tai.yaml",
        &format!(
            "id: khong-ton-tai\nfull_name: A\nunit: hn\nnote: {}\n",
            "x".repeat(3000)
        ),
    );
    repo.write(
        "records/assets/hn-bd/bien-ban-2026.pdf",
        "%PDF-1.4 scanned minutes",
    );
    repo.write("records/units/hn-cg.yml", "id: hn-cg\n");
    std::os::unix::fs::symlink("/etc/passwd", repo.root.join("records/staff/passwd.yaml")).unwrap();
    std::os::unix::fs::symlink(
        "../units/hn.yaml",
        repo.root.join("records/staff/inside.yaml"),
    )
    .unwrap();
    repo.commit("Tệp có vấn đề");
    let report = json_of(&run(&repo, &["--at", "HEAD", "check", "--format", "json"]));
    let found = codes(&report);
    for expected in [
        "file-too-large records/staff/khong-ton-tai.yaml",
        "extension records/units/hn-cg.yml",
        "symlink-escape records/staff/passwd.yaml",
        // In a tree no link is followed, even one that stays inside.
        "symlink-escape records/staff/inside.yaml",
    ] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected}: {found:#?}"
        );
    }
    // The scanned minutes are an attachment: only a warning that no record
    // lists them as evidence.
    let pdf: Vec<&String> = found.iter().filter(|c| c.contains(".pdf")).collect();
    assert_eq!(
        pdf,
        ["M8 records/assets/hn-bd/bien-ban-2026.pdf"],
        "{found:#?}"
    );
}

/// Attachments in a tree are judged as on disk: by their first bytes and
/// by the executable bit of the tree entry (mode 100755).
#[test]
fn check_at_judges_attachments_as_the_working_tree_does() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::new();
    seed(&repo);
    repo.write(
        "records/assets/hn-bd/bien-ban.pdf",
        "\x7fELF renamed program",
    );
    repo.write("records/assets/hn-bd/cap-nhat.sh", "echo hi\n");
    repo.write("records/units/ghi-chu.txt", "a note\n");
    let unit = repo.root.join("records/units/vn.yaml");
    std::fs::set_permissions(&unit, std::fs::Permissions::from_mode(0o755)).unwrap();
    repo.commit("Tệp đính kèm có vấn đề");
    let at_head = json_of(&run(&repo, &["--at", "HEAD", "check", "--format", "json"]));
    let on_disk = json_of(&run(&repo, &["check", "--format", "json"]));
    let m8 = |report: &Value| -> Vec<String> {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "M8")
            .map(|d| {
                format!(
                    "{} {}",
                    d["severity"].as_str().unwrap(),
                    d["file"].as_str().unwrap()
                )
            })
            .collect()
    };
    let expected = [
        "error records/assets/hn-bd/bien-ban.pdf",
        "error records/assets/hn-bd/cap-nhat.sh",
        "warning records/units/ghi-chu.txt",
        "error records/units/vn.yaml",
    ];
    assert_eq!(m8(&at_head), expected);
    assert_eq!(m8(&on_disk), expected);
}

#[test]
fn check_at_uses_the_revisions_config_and_schemas() {
    let repo = Repo::new();
    seed(&repo);
    let schema_dir = common::repo_root().join("schema");
    // The revision's unit schema forbids `code`; the working tree's does not.
    let unit: Value = serde_json::from_str(
        &std::fs::read_to_string(schema_dir.join("unit.schema.json")).unwrap(),
    )
    .unwrap();
    let mut strict = unit.clone();
    strict["properties"].as_object_mut().unwrap().remove("code");
    repo.write(
        "schema/unit.schema.json",
        &serde_json::to_string_pretty(&strict).unwrap(),
    );
    repo.write("itreg.toml", "[rules.A10]\nseverity = \"off\"\n");
    repo.commit("Lược đồ chặt hơn");
    std::fs::remove_dir_all(repo.root.join("schema")).unwrap();
    std::fs::remove_file(repo.root.join("itreg.toml")).unwrap();

    let then = codes(&json_of(&run(
        &repo,
        &["--at", "HEAD", "check", "--format", "json"],
    )));
    assert!(
        then.contains(&"schema records/units/vn.yaml".to_owned()),
        "{then:#?}"
    );
    let now = codes(&json_of(&run(&repo, &["check", "--format", "json"])));
    assert!(
        !now.contains(&"schema records/units/vn.yaml".to_owned()),
        "{now:#?}"
    );
}

#[test]
fn build_at_a_revision_publishes_that_revision() {
    let repo = Repo::new();
    seed(&repo);
    repo.commit("Khởi tạo");
    std::fs::remove_file(repo.root.join(PRINTER)).unwrap();
    let out = repo.root.join("site-at");
    let output = run(
        &repo,
        &["--at", "HEAD", "build", "--out", out.to_str().unwrap()],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pages: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_string_lossy().into_owned())
        .collect();
    assert!(
        pages.iter().any(|p| p.contains("HN-BD-PRT-0001")),
        "the printer deleted from the working tree is still published: {pages:#?}"
    );
}

/// The history pages (recent changes, each record's and unit's activity)
/// neither name a confidential record, nor quote the subject of a commit
/// that touched only confidential records, nor show a confidential value;
/// and a commit subject is text, never markup.
#[test]
fn history_pages_keep_confidential_records_out_and_escape_subjects() {
    let repo = Repo::new();
    seed(&repo);
    repo.commit("Khởi tạo");
    repo.write(
        "records/networks/canary-lan.yaml",
        "id: canary-lan\nname: Mạng CANARYRECORD7731\nscope: district-lan\nunit: hn-bd\nclassification: confidential\nadmins: [nguyen-van-anh-bd]\n",
    );
    repo.commit("Thêm mạng CANARYSUBJECT5512");
    let staff = "records/staff/nguyen-van-anh-bd.yaml";
    repo.write(staff, &repo.read(staff).replace("0885699901", "0999777331"));
    repo.commit("Đổi số di động");
    repo.write(PC, &repo.read(PC).replace("cập nhật Windows.", "cập nhật."));
    repo.commit("<script>window.__pwned=1</script> bảo trì");
    let out = repo.root.join("public");
    let output = run(&repo, &["build", "--out", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = common::site_text(&out);
    for canary in [
        "CANARYRECORD7731",
        "CANARYSUBJECT5512",
        "0999777331",
        "canary-lan",
    ] {
        for (path, text) in &files {
            assert!(
                !text.contains(canary),
                "{canary} leaked into {}",
                path.display()
            );
        }
    }
    for (path, text) in &files {
        assert!(
            !text.contains("<script>window.__pwned"),
            "a commit subject became markup in {}",
            path.display()
        );
    }
    let changes = std::fs::read_to_string(out.join("changes.html")).unwrap();
    assert!(
        changes.contains("&lt;script&gt;window.__pwned=1"),
        "the subject is shown as text: {changes}"
    );
    assert!(
        changes.contains("Đổi số di động"),
        "the staff change is public"
    );
}

// ----------------------------------------------------------------- history

fn keys(index: &HistoryIndex, register: Register, key: &str) -> Vec<String> {
    index
        .for_record(register, key)
        .iter()
        .map(|c| c.subject.clone())
        .collect()
}

/// Five commits: seed, edit, a commit that touches no record, a move across
/// unit folders, and an add plus a delete.
fn history_repo() -> (Repo, Vec<Oid>) {
    let repo = Repo::new();
    seed(&repo);
    let c1 = repo.commit("Khởi tạo sổ");
    send_pc_for_repair(&repo);
    let c2 = repo.commit("Đưa máy đi sửa");
    repo.write("README.md", "Sổ theo dõi CNTT\n");
    let c3 = repo.commit("Thêm README");
    move_printer(&repo);
    let c4 = repo.commit("Điều chuyển máy in sang Đống Đa");
    std::fs::remove_file(repo.root.join("records/staff/bui-quoc-khanh.yaml")).unwrap();
    repo.write(
        "records/staff/le-minh-duc.yaml",
        "id: le-minh-duc\nfull_name: Lê Minh Đức\nunit: vn-ttcntt\nroles: [it-staff]\nemail: duclm@vss.gov.vn\n",
    );
    let c5 = repo.commit("Thay cán bộ Trung tâm");
    (repo, vec![c1, c2, c3, c4, c5])
}

#[test]
fn history_follows_a_record_across_a_move_between_unit_folders() {
    let (repo, commits) = history_repo();
    let git = repo.open();
    let index = history::record_history(&git, commits[4], None).unwrap();
    assert!(!index.truncated);
    assert_eq!(index.stats.walked, 5);
    assert_eq!(
        keys(&index, Register::Asset, "HN-BD-PRT-0001"),
        ["Điều chuyển máy in sang Đống Đa", "Khởi tạo sổ"]
    );
    assert_eq!(
        keys(&index, Register::Asset, "HN-BD-PC-0001"),
        ["Đưa máy đi sửa", "Khởi tạo sổ"]
    );
    // A removed record keeps its history.
    assert_eq!(
        keys(&index, Register::Staff, "bui-quoc-khanh"),
        ["Thay cán bộ Trung tâm", "Khởi tạo sổ"]
    );
    assert_eq!(keys(&index, Register::Unit, "hn"), ["Khởi tạo sổ"]);
    assert!(index.for_record(Register::Unit, "nowhere").is_empty());

    // The README commit changed no record and is not a recent change.
    let recent = index.recent(10);
    let subjects: Vec<&str> = recent.iter().map(|(c, _)| c.subject.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "Thay cán bộ Trung tâm",
            "Điều chuyển máy in sang Đống Đa",
            "Đưa máy đi sửa",
            "Khởi tạo sổ"
        ]
    );
    assert_eq!(
        recent[0].1,
        [
            (Register::Staff, "bui-quoc-khanh".to_owned()),
            (Register::Staff, "le-minh-duc".to_owned())
        ]
    );
    // The move is one change of one record, not a removal and an addition.
    assert_eq!(
        recent[1].1,
        [(Register::Asset, "HN-BD-PRT-0001".to_owned())]
    );
    assert_eq!(index.recent(1).len(), 1);
    assert_eq!(recent[3].1.len(), 10, "the first commit adds every record");

    let newest = &recent[0].0;
    assert_eq!(newest.id, commits[4].to_string());
    assert_eq!(newest.short, commits[4].to_string()[..12]);
    assert_eq!(newest.author, "Nguyễn Văn Anh");
    // 2026-10-06T09:30+07:00: the committer's own calendar day.
    assert_eq!(newest.date, "2026-10-06");
    assert_eq!(
        newest.url(Some(
            "https://git.bhxh.example/cntt/records/-/commit/{commit}"
        )),
        Some(format!(
            "https://git.bhxh.example/cntt/records/-/commit/{}",
            commits[4]
        ))
    );
    assert_eq!(newest.url(None), None);
}

#[test]
fn history_follows_the_first_parent_of_merges() {
    let repo = Repo::new();
    seed(&repo);
    repo.commit("Khởi tạo sổ");
    repo.git(&["checkout", "-q", "-b", "sua-may"]);
    send_pc_for_repair(&repo);
    repo.commit("Đưa máy đi sửa");
    repo.git(&["checkout", "-q", "main"]);
    move_printer(&repo);
    repo.commit("Điều chuyển máy in");
    repo.clock.set(repo.clock.get() + 1);
    repo.git(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Gộp nhánh sua-may",
        "sua-may",
    ]);
    let head = Oid::from_str(&repo.git(&["rev-parse", "HEAD"])).unwrap();
    let index = history::record_history(&repo.open(), head, None).unwrap();
    // The side branch's change is credited to the merge that brought it in.
    assert_eq!(
        keys(&index, Register::Asset, "HN-BD-PC-0001"),
        ["Gộp nhánh sua-may", "Khởi tạo sổ"]
    );
    assert_eq!(index.stats.walked, 3);
}

#[test]
fn history_in_a_shallow_clone_is_truncated_and_blames_nothing_on_the_boundary() {
    let (repo, _) = history_repo();
    let clone = repo._dir.path().join("shallow");
    let output = repo
        .git_command(repo._dir.path())
        .args(["clone", "-q", "--depth", "2"])
        .arg(format!("file://{}", repo.root.display()))
        .arg(&clone)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let git = Repository::open(&clone).unwrap();
    assert!(git.is_shallow());
    let head = git.head().unwrap().peel_to_commit().unwrap().id();
    let index = history::record_history(&git, head, None).unwrap();
    assert!(index.truncated);
    // Depth 2: the newest commit and the boundary (the printer's move). The
    // boundary's whole tree is in the clone, but what it changed is unknown.
    let subjects: Vec<&str> = index
        .recent(10)
        .iter()
        .map(|(c, _)| c.subject.as_str())
        .collect();
    assert_eq!(subjects, ["Thay cán bộ Trung tâm"]);
    assert!(index.for_record(Register::Unit, "hn").is_empty());
    assert!(
        index
            .for_record(Register::Asset, "HN-BD-PRT-0001")
            .is_empty()
    );
    assert_eq!(index.stats.walked, 2);
}

#[test]
fn history_cache_walks_only_the_new_commits() {
    let (repo, commits) = history_repo();
    let git = repo.open();
    let cache = repo._dir.path().join("cache");
    let first = history::record_history(&git, commits[4], Some(&cache)).unwrap();
    assert_eq!((first.stats.walked, first.stats.reused), (5, 0));
    assert!(cache.join("history.json").is_file());

    // Nothing new: nothing walked.
    let again = history::record_history(&git, commits[4], Some(&cache)).unwrap();
    assert_eq!((again.stats.walked, again.stats.reused), (0, 5));
    assert_eq!(again.recent(10), first.recent(10));

    std::fs::remove_file(repo.root.join(PC)).unwrap();
    let c6 = repo.commit("Thanh lý máy HN-BD-PC-0001");
    let git = repo.open();
    let cached = history::record_history(&git, c6, Some(&cache)).unwrap();
    assert_eq!((cached.stats.walked, cached.stats.reused), (1, 5));
    let fresh = history::record_history(&git, c6, None).unwrap();
    assert_eq!(fresh.stats.walked, 6);
    assert_eq!(cached.recent(100), fresh.recent(100));
    assert_eq!(
        cached.for_record(Register::Asset, "HN-BD-PC-0001"),
        fresh.for_record(Register::Asset, "HN-BD-PC-0001")
    );
    assert_eq!(
        keys(&cached, Register::Asset, "HN-BD-PC-0001"),
        [
            "Thanh lý máy HN-BD-PC-0001",
            "Đưa máy đi sửa",
            "Khởi tạo sổ"
        ]
    );

    // History rewritten (the cached head is no ancestor): a full walk.
    let rewritten = history::record_history(&git, commits[2], Some(&cache)).unwrap();
    assert_eq!((rewritten.stats.walked, rewritten.stats.reused), (3, 0));
    assert_eq!(rewritten.recent(10).len(), 2);
}

// -------------------------------------------------------------------- diff

/// Commit ids depend on nothing but the fixed clock, but keep the
/// snapshots readable anyway.
fn redact(repo: &Repo, text: &str) -> String {
    let mut text = text.to_owned();
    for (rev, name) in [("HEAD", "<head>"), ("HEAD~1", "<base>")] {
        let id = repo.git(&["rev-parse", rev]);
        text = text.replace(&id, name).replace(&id[..12], name);
    }
    text
}

#[test]
fn diff_markdown_shows_fields_moves_and_the_problems_introduced() {
    let repo = Repo::new();
    seed(&repo);
    repo.commit("Khởi tạo sổ");
    send_pc_for_repair(&repo);
    move_printer(&repo);
    repo.write(
        "records/assets/hn-dd/HN-DD-UPS-0001.yaml",
        "id: HN-DD-UPS-0001\nname: Bộ lưu điện Santak 1 kVA\ncategory: power\ntype: ups\nunit: hn-dd\nserial: SNT2026001\nacquired: 2026-11-02\nstatus: in-stock\n",
    );
    // Uncommitted: `itreg diff` with no argument compares HEAD with the
    // working tree.
    let output = run(&repo, &["diff"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let working = common::stdout(&output);
    repo.commit("Đưa máy đi sửa, điều chuyển máy in, nhập UPS");
    let output = run(&repo, &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    let committed = common::stdout(&output);
    assert_eq!(
        working.lines().skip(3).collect::<Vec<_>>(),
        committed.lines().skip(3).collect::<Vec<_>>(),
        "the same change, committed or not, diffs the same"
    );
    assert!(committed.contains("| Tình trạng · Status (`/status`) | `in-use` | `under-repair` |"));
    assert!(committed.contains("`A7`"));
    insta::assert_snapshot!("diff_markdown", redact(&repo, &committed));
}

#[test]
fn diff_json_is_machine_readable() {
    let repo = Repo::new();
    seed(&repo);
    repo.commit("Khởi tạo sổ");
    send_pc_for_repair(&repo);
    move_printer(&repo);
    // A confidential field changes: the value is withheld.
    let staff = "records/staff/nguyen-van-anh-bd.yaml";
    repo.write(staff, &repo.read(staff).replace("0885699901", "0912000111"));
    repo.commit("Đưa máy đi sửa, điều chuyển máy in");
    let output = run(&repo, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let report = json_of(&output);
    let pc = report["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "HN-BD-PC-0001")
        .unwrap();
    let changes = pc["changes"].as_array().unwrap();
    assert_eq!(changes[0]["pointer"], "/status");
    assert_eq!(changes[0]["label"]["vi"], "Tình trạng");
    assert_eq!(changes[0]["before"], "in-use");
    assert_eq!(changes[0]["after"], "under-repair");
    assert_eq!(changes[1]["pointer"], "/events/2");
    assert_eq!(changes[1]["kind"], "added");
    assert_eq!(changes[1]["after"]["kind"], "repair-out");
    let introduced: Vec<&str> = report["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(introduced.contains(&"A7"), "{introduced:?}");
    assert_eq!(report["moved"][0]["from"], PRINTER);
    assert_eq!(report["moved"][0]["to"], PRINTER_MOVED);
    let mobile = report["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "nguyen-van-anh-bd")
        .unwrap();
    assert_eq!(mobile["changes"][0]["confidential"], true);
    assert!(mobile["changes"][0]["after"].is_null());
    assert!(!common::stdout(&output).contains("0912000111"));
    insta::assert_json_snapshot!(
        "diff_json",
        serde_json::from_str::<Value>(&redact(&repo, &common::stdout(&output))).unwrap()
    );
}

#[test]
fn diff_reports_fixes_and_matches_problems_across_moves() {
    let repo = Repo::new();
    seed(&repo);
    send_pc_for_repair(&repo);
    repo.commit("Đưa máy đi sửa, thiếu biên bản");
    // Add the missing minutes.
    let fixed = repo.read(PC).replace(
        "    data_wiped: true\n",
        "    data_wiped: true\n    minutes: BB-2026-BD-040\n",
    );
    repo.write(PC, &fixed);
    repo.commit("Bổ sung biên bản");
    let report = json_of(&run(&repo, &["diff", "HEAD~1", "HEAD", "--format", "json"]));
    let fixed: Vec<&str> = report["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(fixed, ["A7"]);
    assert_eq!(report["introduced"], serde_json::json!([]));
    assert_eq!(
        report["changed"][0]["changes"][0]["pointer"],
        "/events/2/minutes"
    );
    assert_eq!(
        report["changed"][0]["changes"][0]["label"]["en"],
        "Usage history › Event #3 › Minutes"
    );

    // A moved file with an unchanged problem: not fixed, not introduced.
    repo.write(
        PRINTER,
        &repo.read(PRINTER).replace(
            "status: in-stock",
            "status: in-stock\nassigned_to: nobody-here",
        ),
    );
    repo.commit("Máy in có lỗi tham chiếu");
    move_printer(&repo);
    let printer = repo
        .read(PRINTER_MOVED)
        .replace("assigned_to: tran-thi-mai\n", "");
    repo.write(PRINTER_MOVED, &printer);
    repo.commit("Điều chuyển");
    let report = json_of(&run(&repo, &["diff", "HEAD~1", "HEAD", "--format", "json"]));
    let moved_problems = |side: &str| -> Vec<String> {
        report[side]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "ref-missing")
            .map(|d| d["file"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(moved_problems("introduced").is_empty(), "{report:#}");
    assert!(moved_problems("fixed").is_empty(), "{report:#}");
}

#[test]
fn diff_without_changes_says_so() {
    let repo = Repo::new();
    seed(&repo);
    repo.commit("Khởi tạo sổ");
    let text = common::stdout(&run(&repo, &["diff"]));
    assert!(text.contains("Không có thay đổi hồ sơ nào"), "{text}");
}

#[test]
fn diff_defaults_to_the_merge_base_with_origin_main() {
    let repo = Repo::new();
    seed(&repo);
    let base = repo.commit("Khởi tạo sổ");
    repo.git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    repo.git(&["checkout", "-q", "-b", "sua-may"]);
    send_pc_for_repair(&repo);
    repo.commit("Đưa máy đi sửa");
    move_printer(&repo);
    // Committed and uncommitted changes of the branch, against where it left main.
    let report = json_of(&run(&repo, &["diff", "--format", "json"]));
    assert_eq!(report["base"]["commit"], base.to_string());
    assert_eq!(report["head"]["commit"], Value::Null);
    assert_eq!(report["moved"].as_array().unwrap().len(), 1);
    assert_eq!(report["changed"].as_array().unwrap().len(), 2);
}

// -------------------------------------------------------------- codeowners

#[test]
fn codeowners_routes_unit_folders_to_their_it_staff() {
    let repo = Repo::new();
    seed(&repo);
    // Left staff own nothing.
    repo.write(
        "records/staff/ha-van-dung.yaml",
        "id: ha-van-dung\nfull_name: Hà Văn Dũng\nunit: hn-dd\nroles: [it-staff]\nemail: dunghv@vss.gov.vn\nleft: 2026-06-30\n",
    );
    let output = run(&repo, &["codeowners"]);
    assert!(output.status.success());
    let text = common::stdout(&output);
    insta::assert_snapshot!("codeowners", text);
    assert!(text.contains("/records/assets/hn-bd/ anhnv1@vss.gov.vn\n"));
    assert!(!text.contains("dunghv"));

    let check = run(&repo, &["codeowners", "--check"]);
    assert_eq!(check.status.code(), Some(1), "missing file is stale");
    repo.write(".github/CODEOWNERS", &text);
    let check = run(&repo, &["codeowners", "--check"]);
    assert_eq!(check.status.code(), Some(0));
    // A new IT staff member in Ba Đình makes it stale.
    repo.write(
        "records/staff/pham-quang-vinh.yaml",
        "id: pham-quang-vinh\nfull_name: Phạm Quang Vinh\nunit: hn-bd\nroles: [it-staff]\nemail: vinhpq@vss.gov.vn\n",
    );
    let check = run(&repo, &["codeowners", "--check"]);
    assert_eq!(check.status.code(), Some(1));
}

#[test]
fn history_for_a_root_uses_the_repository_cache() {
    let (repo, commits) = history_repo();
    let index = history::history_for_root(&repo.root, None).unwrap();
    assert_eq!(index.head, commits[4].to_string());
    assert!(repo.root.join(".itreg-cache/history.json").is_file());
    let again = history::history_for_root(&repo.root, None).unwrap();
    assert_eq!(again.stats.walked, 0);
    let older = history::history_for_root(&repo.root, Some("HEAD~2")).unwrap();
    assert_eq!(older.head, commits[2].to_string());
    assert!(history::history_for_root(&repo.root, Some("no-such-rev")).is_err());
}

/// A file name is the one thing in a diff the records' schemas do not
/// shape: written as Markdown, it must show as text, never as a link or
/// emphasis in the pull request.
#[test]
fn diff_markdown_shows_hostile_file_names_as_text() {
    let repo = Repo::new();
    seed(&repo);
    repo.commit("Khởi tạo sổ");
    let hostile = "records/software/[x](javascript:alert(1))**b**`c`|d.yaml";
    repo.write(hostile, "id: x\nname: X\n");
    repo.commit("Thêm tệp lạ");
    let output = run(&repo, &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    let markdown = common::stdout(&output);
    assert!(output.status.success(), "{markdown}");
    let html = {
        let mut html = String::new();
        let parser =
            pulldown_cmark::Parser::new_ext(&markdown, pulldown_cmark::Options::ENABLE_TABLES);
        pulldown_cmark::html::push_html(&mut html, parser);
        html
    };
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(!html.contains("<strong>"), "{html}");
    assert!(
        html.contains("[x](javascript:alert(1))**b**`c`|d.yaml"),
        "the name reads as written: {html}"
    );
}

/// A commit subject is copied into the page of every record it touched,
/// so a huge one is cut instead of growing the site by its size per page.
#[test]
fn a_huge_commit_subject_is_cut_on_the_pages() {
    let repo = Repo::new();
    seed(&repo);
    repo.commit("Khởi tạo");
    repo.write(PC, &repo.read(PC).replace("cập nhật Windows.", "cập nhật."));
    let subject = format!("Bảo trì {}", "LONGSUBJECT ".repeat(20_000));
    // Too long for a command-line argument: the message goes in a file.
    let message = repo._dir.path().join("message.txt");
    std::fs::write(&message, &subject).unwrap();
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-F", message.to_str().unwrap()]);
    let out = repo.root.join("public");
    let output = run(&repo, &["build", "--out", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = common::site_text(&out);
    let shown: usize = files
        .values()
        .map(|text| text.matches("LONGSUBJECT").count())
        .max()
        .unwrap();
    assert!(shown > 0, "the subject is shown");
    assert!(
        shown < 40,
        "at most 200 characters of it per page, found {shown} words"
    );
    let changes = &files[std::path::Path::new("changes.html")];
    let cut: String = subject.chars().take(200).collect();
    assert!(changes.contains(&format!("{cut}…")), "the cut is marked");
}
