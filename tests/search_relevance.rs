//! The site's search in real Chromium over the built sample site: each
//! query of a written set must put its record within the first three
//! results; every match is reachable by paging; facet counts add up; a
//! record's name is shown as text, never as markup; `?q=` runs the query;
//! without JavaScript the page says so.

mod common;

use common::chrome::{self, eval, open, wait_true};
use headless_chrome::Tab;

/// (query, the page that must be among the first three results).
const QUERIES: &[(&str, &str)] = &[
    ("nguyen van anh", "staff/nguyen-van-anh.html"),
    ("Nguyễn Văn Anh", "staff/nguyen-van-anh-bd.html"),
    ("bui quoc khanh", "staff/bui-quoc-khanh.html"),
    ("Đặng Thị Hồng Vân", "staff/dang-thi-hong-van.html"),
    ("dinh cong thanh", "staff/dinh-cong-thanh.html"),
    ("TA THI KIM OANH", "staff/ta-thi-kim-oanh.html"),
    ("le minh duc", "staff/le-minh-duc.html"),
    ("phùng thị lệ thu", "staff/phung-thi-le-thu.html"),
    ("oanhttk@vss.gov.vn", "mail/accounts/oanhttk.html"),
    ("kim oanh", "mail/accounts/oanhttk.html"),
    ("khanhbq", "mail/accounts/khanhbq.html"),
    ("HN-BD-PRT-0001", "assets/HN-BD-PRT-0001.html"),
    ("hn-cg-srv-0001", "assets/HN-CG-SRV-0001.html"),
    ("Q8KY068315", "assets/HN-BD-PRT-0001.html"),
    ("sgh073pzas", "assets/HN-CG-SRV-0001.html"),
    ("AS3792724058", "assets/HN-CNTT-UPS-0001.html"),
    ("RR369-363563", "assets/HN-CRD-0001.html"),
    ("may in laser canon", "assets/HN-PRT-0001.html"),
    (
        "may chu dell poweredge r740",
        "assets/HN-CNTT-SRV-0002.html",
    ),
    ("máy hút ẩm harison", "assets/ND-CNTT-DHM-0001.html"),
    ("bo dinh tuyen draytek", "assets/ND-YY-RT-0001.html"),
    ("cisco catalyst 9200l", "assets/ND-CNTT-SW-0001.html"),
    ("on ap lioa", "assets/ND-YY-AVR-0001.html"),
    ("may phat dien cummins", "assets/VN-TTCNTT-GEN-0001.html"),
    ("thinkpad", "assets/HN-CNTT-NB-0001.html"),
    ("quan ba dinh", "units/hn-bd.html"),
    ("Bảo hiểm xã hội quận Cầu Giấy", "units/hn-cg.html"),
    ("cong nghe thong tin nam dinh", "units/nd-cntt.html"),
    ("huyen y yen", "units/nd-yy.html"),
    ("trung tam cong nghe thong tin", "units/vn-ttcntt.html"),
    ("203 tay son", "units/hn-dd.html"),
    ("12 nui truc", "units/hn-bd.html"),
    ("kaspersky", "software/kaspersky-endpoint.html"),
    ("oracle linux", "software/oracle-linux.html"),
    ("office 2010", "software/ms-office-2010.html"),
    ("zimbra", "software/zimbra.html"),
    ("ky so vgca", "software/vgca-sign.html"),
    ("xet duyet che do", "software/xdcd.html"),
    ("csdl thu ba dinh", "databases/thu-hn-bd.html"),
    (
        "ban giao dieu chuyen thiet bi",
        "procedures/ban-giao-dieu-chuyen-thiet-bi.html",
    ),
];

/// Open the search page for `query` and wait until it has answered.
fn search(tab: &Tab, base: &str, query: &str) {
    let url = format!("{base}search/index.html?q={}", url_escape(query));
    open(tab, &url);
    wait_true(
        tab,
        "document.getElementById('search-status').textContent.length > 0 && !document.getElementById('search-status').textContent.includes('…')",
    );
}

fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn hrefs(tab: &Tab) -> Vec<String> {
    let json = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#search-results li > a')).map(a => a.getAttribute('href')))",
    );
    serde_json::from_str(json.as_str().unwrap_or("[]")).unwrap()
}

/// A JS array as a list of numbers.
fn list(tab: &Tab, js: &str) -> Vec<u64> {
    let json = eval(tab, &format!("JSON.stringify({js})"));
    serde_json::from_str(json.as_str().unwrap_or("null")).unwrap_or_else(|_| panic!("{js}: {json}"))
}

fn number(tab: &Tab, js: &str) -> u64 {
    eval(tab, js)
        .as_u64()
        .unwrap_or_else(|| panic!("not a number: {js}"))
}

#[test]
fn every_query_finds_its_record_in_the_first_three() {
    let site = chrome::serve(&common::repo_root(), &[]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chrome::browser(profile.path());
    let tab = browser.new_tab().unwrap();
    let mut misses = Vec::new();
    for (query, expected) in QUERIES {
        search(&tab, &site.base, query);
        let found = hrefs(&tab);
        let top: Vec<&String> = found.iter().take(3).collect();
        if !top.iter().any(|href| href.ends_with(expected)) {
            misses.push(format!("{query:?} → {top:?}, wanted {expected}"));
        }
    }
    let hit = QUERIES.len() - misses.len();
    println!(
        "relevance: {hit}/{} queries put their record in the first three",
        QUERIES.len()
    );
    assert!(QUERIES.len() >= 30);
    assert!(
        misses.is_empty(),
        "{hit}/{}; missed:\n{}",
        QUERIES.len(),
        misses.join("\n")
    );
}

#[test]
fn paging_facets_highlighting_url_and_noscript() {
    let repo = common::sample_copy();
    // A record whose name is markup: shown as text, never run.
    let hostile = std::fs::read_to_string(repo.path().join("records/software/zimbra.yaml"))
        .unwrap()
        .replace(
            "name: Hệ thống thư điện tử ngành BHXH (Zimbra Collaboration)",
            "name: \"Zimbra <img src=x onerror=alert(1)> Collaboration\"",
        );
    assert!(
        hostile.contains("onerror"),
        "the sample's zimbra name changed"
    );
    common::write_file(repo.path(), "records/software/zimbra.yaml", hostile);
    let site = chrome::serve(repo.path(), &[]);
    let profile = tempfile::tempdir().unwrap();
    let browser = chrome::browser(profile.path());
    let tab = browser.new_tab().unwrap();

    // ?q= runs the query, and the count shown is the count reachable
    search(&tab, &site.base, "may in");
    let total = number(
        &tab,
        "parseInt(document.getElementById('search-status').textContent, 10)",
    );
    assert!(total > 20, "{total} results: more than one page");
    assert_eq!(
        eval(&tab, "document.getElementById('search-input').value"),
        "may in"
    );
    for _ in 0..50 {
        if eval(&tab, "document.getElementById('search-more').hidden")
            == serde_json::Value::Bool(true)
        {
            break;
        }
        let before = number(
            &tab,
            "document.querySelectorAll('#search-results li').length",
        );
        eval(&tab, "document.getElementById('search-more').click()");
        wait_true(
            &tab,
            &format!("document.querySelectorAll('#search-results li').length > {before}"),
        );
    }
    let shown = number(
        &tab,
        "document.querySelectorAll('#search-results li').length",
    );
    let distinct = number(
        &tab,
        "new Set(Array.from(document.querySelectorAll('#search-results li')).map(li => li.dataset.id)).size",
    );
    assert_eq!(
        (shown, distinct),
        (total, total),
        "paging reaches every result once"
    );
    // `in` is a whole word here: no Intel, no inventory-only matches
    let titles = eval(
        &tab,
        "Array.from(document.querySelectorAll('#search-results li > a')).map(a => a.textContent).join('|')",
    );
    assert!(
        !titles.as_str().unwrap().to_lowercase().contains("intel"),
        "{titles}"
    );

    // facet counts add up to the total, and each narrows to its count
    let registers: Vec<u64> = list(
        &tab,
        "Array.from(document.querySelectorAll('.facet-register button')).slice(1).map(b => parseInt(b.querySelector('.facet-count').textContent, 10))",
    );
    assert!(registers.len() >= 2, "{registers:?}");
    assert_eq!(registers.iter().sum::<u64>(), total, "{registers:?}");
    // the unit table is fetched only when the unit filter is asked for
    let fetched_units =
        "performance.getEntriesByType('resource').some(e => e.name.endsWith('/search/u.json'))";
    assert_eq!(eval(&tab, fetched_units), serde_json::json!(false));
    eval(&tab, "document.getElementById('search-unit-load').click()");
    wait_true(&tab, "document.getElementById('search-unit') !== null");
    assert_eq!(eval(&tab, fetched_units), serde_json::json!(true));
    let units: Vec<u64> = list(
        &tab,
        "Array.from(document.querySelectorAll('#search-unit option')).slice(1).map(o => parseInt(o.dataset.count, 10))",
    );
    assert_eq!(units.iter().sum::<u64>(), total, "{units:?}");
    eval(
        &tab,
        "document.querySelectorAll('.facet-register button')[1].click()",
    );
    wait_true(
        &tab,
        &format!(
            "parseInt(document.getElementById('search-status').textContent, 10) === {}",
            registers[0]
        ),
    );
    let unit_js = "(() => { const s = document.getElementById('search-unit'); s.value = s.options[1].value; s.dispatchEvent(new Event('change')); return parseInt(s.options[1].dataset.count, 10); })()";
    let unit_count = number(&tab, unit_js);
    wait_true(
        &tab,
        &format!(
            "parseInt(document.getElementById('search-status').textContent, 10) === {unit_count}"
        ),
    );

    // matched words are marked as text; a name that is markup stays text
    search(&tab, &site.base, "zimbra collaboration");
    wait_true(
        &tab,
        "document.querySelectorAll('#search-results li').length > 0",
    );
    assert_eq!(
        number(
            &tab,
            "document.querySelectorAll('#search-results img').length"
        ),
        0
    );
    let first = eval(
        &tab,
        "document.querySelector('#search-results li > a').textContent",
    );
    assert!(
        first
            .as_str()
            .unwrap()
            .contains("<img src=x onerror=alert(1)>"),
        "{first}"
    );
    let marks = eval(
        &tab,
        "Array.from(document.querySelectorAll('#search-results li > a mark')).map(m => m.textContent.toLowerCase()).join(',')",
    );
    assert_eq!(marks, "zimbra,collaboration");

    // the header's search box on the home page leads to the results
    open(&tab, &format!("{}index.html", site.base));
    eval(
        &tab,
        "document.getElementById('q').value = 'Q8KY068315'; document.querySelector('form.site-search').submit()",
    );
    wait_true(
        &tab,
        "location.pathname.endsWith('search/index.html') && document.querySelectorAll('#search-results li').length > 0",
    );
    assert!(hrefs(&tab)[0].ends_with("assets/HN-BD-PRT-0001.html"));

    // without JavaScript the page says search needs it and links the lists
    let page = std::fs::read_to_string(site.out.join("search/index.html")).unwrap();
    let noscript = &page[page.find("<noscript>").expect("a noscript note")..];
    assert!(noscript.contains("JavaScript") && noscript.contains("assets/index.html"));
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetScriptExecutionDisabled { value: true },
    )
    .unwrap();
    open(
        &tab,
        &format!("{}en/search/index.html?q=thinkpad", site.base),
    );
    // the note's paragraph is only parsed as elements when scripts are off
    let note = tab
        .wait_for_element("#search-noscript")
        .expect("the noscript note shows")
        .get_content()
        .unwrap();
    assert!(note.contains("Search needs JavaScript"), "{note}");
}

/// Equal scores keep the index order, so the index numbers pages by
/// register and then by title (folded: "Đ" with "D", accents aside).
#[test]
fn ties_break_by_register_then_title() {
    let out = tempfile::tempdir().unwrap();
    let built = common::run(
        &common::repo_root(),
        &["build", "--out", out.path().to_str().unwrap()],
    );
    assert!(built.status.success(), "{built:?}");
    let search = out.path().join("search");
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(search.join(name)).unwrap()).unwrap()
    };
    let meta = read("meta.json");
    let runs: Vec<usize> = serde_json::from_value(meta["runs"].clone()).unwrap();
    let chunk_size = meta["chunk"].as_u64().unwrap() as usize;
    let count = meta["n"].as_u64().unwrap() as usize;
    let titles: Vec<String> = (0..count.div_ceil(chunk_size))
        .flat_map(|n| {
            let chunk = read(&format!("d/{n}.json"));
            let entries = chunk.as_array().unwrap().clone();
            entries
                .into_iter()
                .map(|e| e[0].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(titles.len(), count);
    let mut groups = Vec::new();
    let mut at = 0;
    for run in runs.chunks(2) {
        let (length, group) = (run[0], run[1]);
        assert!(
            !groups.contains(&group),
            "group {group} in one run: {runs:?}"
        );
        groups.push(group);
        let folded: Vec<String> = titles[at..at + length]
            .iter()
            .map(|t| itreg::text::fold(t))
            .collect();
        assert!(
            folded.is_sorted(),
            "group {group} is not in title order: {:?}",
            &titles[at..at + length]
        );
        at += length;
    }
    assert_eq!(at, count, "the runs cover every page");
    assert!(groups.is_sorted() && groups.len() >= 5, "{groups:?}");
}
