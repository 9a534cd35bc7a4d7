//! The HTML report in a real browser: headless Debian Chromium driven through chromedriver
//! (W3C WebDriver over HTTP on localhost, spoken with std's `TcpStream` and serde_json).
//!
//! Chromium is required: when it is missing the tests fail and say how to install it
//! (`.ci/run` does). Timeouts are generous and every wait polls, for slow shared machines.

use crate::html_report::{hostile_report, sample_report};
use crate::support::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM_CANDIDATES: [&str; 2] = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];
/// WebDriver's key for element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
const TIMEOUT: Duration = Duration::from_secs(60);

fn chromium() -> PathBuf {
    let found = CHROMIUM_CANDIDATES
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    match found {
        Some(p) if Path::new(CHROMEDRIVER).exists() => p,
        _ => {
            let why = "headless Chromium and chromedriver are needed for the browser tests \
                       (/usr/bin/chromium, /usr/bin/chromedriver)";
            if std::env::var_os("CI").is_some() {
                panic!("{why}: CI must install them; run `.ci/run`, which installs the Debian packages `chromium chromium-driver`");
            }
            panic!("{why}: run `.ci/run` (it installs them: apt-get install -y chromium chromium-driver), or install those Debian packages yourself");
        }
    }
}

/// Where browser artefacts (screenshots, the pages tested) are kept: `target/browser-artifacts`.
fn artifacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let dir = target.join("browser-artifacts");
    std::fs::create_dir_all(&dir).expect("artefact folder can be created");
    dir
}

/// One browser at a time: parallel Chromiums on a small shared machine make every test slow.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// A chromedriver process and one browser session; both end when this is dropped.
struct Browser {
    _turn: MutexGuard<'static, ()>,
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let binary = chromium();
        // A test that failed while holding the lock poisons it; the next one may still run.
        let turn = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free local port")
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut b = Browser {
            _turn: turn,
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let ready = poll(|| {
            http(b.port, "GET", "/status", None)
                .ok()
                .filter(|v| v["value"]["ready"] == json!(true))
        });
        assert!(ready.is_some(), "chromedriver did not become ready");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": {"pageLoad": 120_000, "script": 60_000},
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": binary.to_str().unwrap(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    "--disable-dev-shm-usage", "--hide-scrollbars",
                    "--window-size=1440,1000",
                    format!("--user-data-dir={}", b._profile.path().display()),
                ]
            }
        }}});
        let v = http(b.port, "POST", "/session", Some(&caps)).expect("new session");
        b.session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("cannot start Chromium: {v}"))
            .to_string();
        b
    }

    fn cmd(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let url = format!("/session/{}{path}", self.session);
        let v =
            http(self.port, method, &url, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        if v["value"]["error"].is_string() {
            panic!("{method} {path}: {}", v["value"]);
        }
        v["value"].clone()
    }

    fn open(&self, url: &str) {
        self.cmd("POST", "/url", Some(&json!({ "url": url })));
        let done =
            poll(|| (self.js("return document.readyState") == json!("complete")).then_some(()));
        assert!(done.is_some(), "page did not finish loading: {url}");
    }

    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(&json!({"script": script, "args": []})),
        )
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(&json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT_KEY]
            .as_str()
            .unwrap_or_else(|| panic!("no element for {css}: {v}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.cmd("POST", &format!("/element/{id}/click"), Some(&json!({})));
    }

    /// Browser console entries (console.*, uncaught exceptions, CSP and network errors) so far.
    fn logs(&self) -> Vec<Value> {
        match self.cmd("POST", "/se/log", Some(&json!({"type": "browser"}))) {
            Value::Array(a) => a,
            other => panic!("unexpected log answer: {other}"),
        }
    }

    fn errors(&self) -> Vec<String> {
        self.logs()
            .into_iter()
            .filter(|e| e["level"] == json!("SEVERE") || e["level"] == json!("WARNING"))
            .map(|e| e.to_string())
            .collect()
    }

    fn screenshot(&self, path: &Path) {
        let v = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(v.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Retry `f` until it gives a value or [`TIMEOUT`] passes.
fn poll<T>(mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if start.elapsed() > TIMEOUT {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// One HTTP/1.1 request to chromedriver on localhost; the answer's JSON body. The body is read
/// by its `Content-Length` (or chunks): chromedriver may keep the connection open.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let err = |e: std::io::Error| format!("{method} {path}: {e}");
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(err)?;
    s.set_read_timeout(Some(Duration::from_secs(180)))
        .map_err(err)?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).map_err(err)?;
    let mut r = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).map_err(err)? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line.to_ascii_lowercase());
    }
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let mut payload = Vec::new();
    if let Some(n) = length {
        payload.resize(n, 0);
        r.read_exact(&mut payload).map_err(err)?;
    } else if head.contains("transfer-encoding: chunked") {
        loop {
            let mut size = String::new();
            r.read_line(&mut size).map_err(err)?;
            let n = usize::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|e| format!("bad chunk size: {e}"))?;
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk).map_err(err)?;
            if n == 0 {
                break;
            }
            payload.extend_from_slice(&chunk[..n]);
        }
    } else {
        r.read_to_end(&mut payload).map_err(err)?;
    }
    serde_json::from_slice(&payload)
        .map_err(|e| format!("bad JSON from chromedriver ({e}): {head}"))
}

fn base64_decode(s: &str) -> Vec<u8> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.canonicalize().unwrap().display())
}

/// The raqqa report, written by the binary (`scan --html`) into `dir`.
fn raqqa_html(dir: &Path) -> PathBuf {
    let out = dir.join("raqqa.html");
    let o = run(&[
        "scan",
        raqqa().to_str().unwrap(),
        "--html",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    out
}

/// The hand-checked fixture report (real raqqa texts, with divergences) rendered by the library.
fn sample_html(dir: &Path) -> (PathBuf, copydesk::report::model::Report) {
    let report = sample_report();
    let out = dir.join("sample.html");
    std::fs::write(&out, copydesk::report::html::render(&report).unwrap()).unwrap();
    std::fs::copy(&out, artifacts().join("sample.html")).unwrap();
    (out, report)
}

#[test]
fn browser_raqqa_report_loads_without_console_errors_and_shows_all_five_articles() {
    let dir = tempfile::tempdir().unwrap();
    let page = raqqa_html(dir.path());
    let b = Browser::start();
    b.cmd(
        "POST",
        "/window/rect",
        Some(&json!({"width": 1440, "height": 1800})),
    );
    b.open(&file_url(&page));
    let errors = b.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let columns = b.js(
        "return Array.from(document.querySelectorAll('table.story thead th[data-article]'))\
         .map(th => th.getAttribute('data-article')).sort()",
    );
    let report = scan_raqqa_report();
    let mut ids: Vec<String> = report.articles.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    assert_eq!(ids.len(), 5);
    assert_eq!(columns, json!(ids), "story tables show every article once");
    // Arabic columns are laid out right to left.
    let dirs = b.js(
        "return Array.from(document.querySelectorAll('table.story tbody td[lang=ar]'))\
         .map(td => getComputedStyle(td).direction)",
    );
    let dirs = dirs.as_array().unwrap();
    assert!(
        !dirs.is_empty() && dirs.iter().all(|d| d == "rtl"),
        "{dirs:?}"
    );
    b.screenshot(&artifacts().join("raqqa.png"));
    std::fs::copy(&page, artifacts().join("raqqa.html")).unwrap();
}

#[test]
fn browser_filter_hides_divergences_that_do_not_match() {
    let dir = tempfile::tempdir().unwrap();
    let (page, report) = sample_html(dir.path());
    let b = Browser::start();
    b.cmd(
        "POST",
        "/window/rect",
        Some(&json!({"width": 1440, "height": 2400})),
    );
    b.open(&file_url(&page));
    b.screenshot(&artifacts().join("sample.png"));
    let visible = "return Array.from(document.querySelectorAll('article.div-card'))\
                   .filter(c => c.closest('[hidden]') === null && c.offsetParent !== null)\
                   .map(c => c.id).sort()";
    let all: Vec<String> = {
        let mut v: Vec<String> = report.divergences.iter().map(|d| d.id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(b.js(visible), json!(all), "every divergence shown at first");
    assert!(
        report
            .divergences
            .iter()
            .any(|d| d.severity.as_str() != "high"),
        "the fixture must have divergences the filter hides"
    );

    b.click("button[data-filter=severity][data-value=high]");
    let high: Vec<String> = all
        .iter()
        .filter(|id| {
            report
                .divergences
                .iter()
                .any(|d| &d.id == *id && d.severity.as_str() == "high")
        })
        .cloned()
        .collect();
    assert!(!high.is_empty());
    assert_eq!(b.js(visible), json!(high), "severity filter");
    let rows = b.js(
        "return Array.from(document.querySelectorAll('table.index tbody tr'))\
                     .filter(r => !r.hidden).length",
    );
    assert_eq!(rows, json!(high.len()), "the index follows the filter");

    // Filters combine: high AND outlet Al-Khaleej (no high divergence cites it) -> none.
    b.click("button[data-filter=outlet][data-value='Al-Khaleej']");
    assert_eq!(b.js(visible), json!([]), "severity and outlet combine");
    assert_eq!(
        b.js("return document.getElementById('no-match').hidden"),
        json!(false)
    );
    b.click("#reset-filters");
    assert_eq!(b.js(visible), json!(all), "reset shows everything again");

    b.click("button[data-filter=kind][data-value=attribution]");
    let attribution: Vec<String> = report
        .divergences
        .iter()
        .filter(|d| d.kind.as_str() == "attribution")
        .map(|d| d.id.clone())
        .collect();
    assert_eq!(b.js(visible), json!(attribution), "kind filter");
    let errors = b.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn browser_anchor_link_scrolls_to_its_divergence_and_keys_move_between_them() {
    let dir = tempfile::tempdir().unwrap();
    let (page, report) = sample_html(dir.path());
    // The last divergence sits far down the page.
    let target = &report.divergences.last().unwrap().id;
    assert!(target.starts_with("d-"));
    let b = Browser::start();
    b.cmd(
        "POST",
        "/window/rect",
        Some(&json!({"width": 1440, "height": 1400})),
    );
    b.open(&format!("{}#{target}", file_url(&page)));
    let in_view = format!(
        "const el = document.getElementById('{target}'); const r = el.getBoundingClientRect();\
         return r.top >= 0 && r.top < window.innerHeight && window.scrollY > 0"
    );
    assert!(
        poll(|| (b.js(&in_view) == json!(true)).then_some(())).is_some(),
        "#{target} is in the viewport after loading the link"
    );

    // Keyboard: from the top, j goes to the first divergence, j again to the second, k back.
    b.js("window.scrollTo(0, 0); return null");
    let current = "const c = document.querySelector('article.div-card.current'); \
                   return c ? c.id : null";
    let order =
        b.js("return Array.from(document.querySelectorAll('article.div-card')).map(c => c.id)");
    let order = order.as_array().unwrap().clone();
    assert!(order.len() >= 2);
    let press = |key: &str| {
        b.cmd(
            "POST",
            "/actions",
            Some(&json!({"actions": [{"type": "key", "id": "kb", "actions": [
                {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}
            ]}]})),
        );
    };
    press("j");
    assert_eq!(b.js(current), order[0]);
    b.screenshot(&artifacts().join("sample-first-divergence.png"));
    press("j");
    assert_eq!(b.js(current), order[1]);
    let second_visible = format!(
        "const r = document.getElementById({}).getBoundingClientRect(); \
         return r.bottom > 0 && r.top < window.innerHeight",
        order[1]
    );
    assert_eq!(b.js(&second_visible), json!(true), "j scrolls to the card");
    press("k");
    assert_eq!(b.js(current), order[0]);
    let errors = b.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn browser_hostile_articles_run_no_script_and_show_text_literally() {
    let dir = tempfile::tempdir().unwrap();
    let (page, payloads, report) = hostile_html(dir.path());
    // What the binary wrote itself (articles only) and the library rendering with a hostile
    // divergence and skipped input added.
    let in_articles: Vec<String> = payloads
        .iter()
        .filter(|p| {
            report.articles.iter().any(|a| {
                a.text.contains(p.as_str())
                    || [&a.outlet, &a.title, &a.url]
                        .iter()
                        .any(|f| f.as_deref() == Some(p.as_str()))
            })
        })
        .cloned()
        .collect();
    assert!(in_articles.len() >= 5, "{in_articles:?}");
    let b = Browser::start();
    for (page, expected) in [
        (dir.path().join("hostile-scan.html"), &in_articles),
        (page, &payloads),
    ] {
        b.open(&file_url(&page));
        // Give any injected handler (onerror of a broken image, etc.) time to fire.
        std::thread::sleep(Duration::from_millis(1500));
        let name = page.display();
        assert_eq!(
            b.js("return window.__pwned === undefined"),
            json!(true),
            "an injected script ran in {name}"
        );
        assert_eq!(
            b.js("return document.title.indexOf('PWNED') < 0"),
            json!(true),
            "an injected script changed the title of {name}"
        );
        assert_eq!(
            b.js("return document.querySelectorAll('img, svg, iframe, object, embed').length"),
            json!(0),
            "injected markup became elements in {name}"
        );
        assert_eq!(
            b.js("return document.querySelectorAll('script').length"),
            json!(2),
            "only the page's own two script elements exist in {name}"
        );
        assert_eq!(
            b.js("return Array.from(document.querySelectorAll('a[href]'))\
                  .filter(a => !/^(https?:|#)/i.test(a.getAttribute('href')))\
                  .map(a => a.getAttribute('href'))"),
            json!([]),
            "a non-http link was made clickable in {name}"
        );
        let body = b.js("return document.body.innerText");
        let body = body.as_str().unwrap();
        for p in expected.iter() {
            assert!(
                body.contains(p.as_str()),
                "shown literally in {name}: {p}\n---\n{body}"
            );
        }
        let errors = b.errors();
        assert!(errors.is_empty(), "console errors in {name}: {errors:#?}");
    }
    // The page's own script still works on hostile data: the data island parsed, filters run.
    b.click("button[data-filter=severity][data-value=high]");
    // the real detectors may add findings of their own to the injected one
    let high = report
        .divergences
        .iter()
        .filter(|d| d.severity == copydesk::report::model::Severity::High)
        .count();
    assert_eq!(
        b.js("return document.getElementById('filter-status').textContent"),
        json!(format!(
            "{high} of {} divergences",
            report.divergences.len()
        ))
    );
}

/// A report of hostile articles: the batch file `tests/fixtures/html/hostile.jsonl` scanned by
/// the binary (which also writes `hostile-scan.html`), plus the same payloads in every text field
/// of a divergence, rendered to `hostile.html` by the library.
fn hostile_html(dir: &Path) -> (PathBuf, Vec<String>, copydesk::report::model::Report) {
    let (report, payloads) = hostile_report(dir);
    let out = dir.join("hostile.html");
    std::fs::write(&out, copydesk::report::html::render(&report).unwrap()).unwrap();
    std::fs::copy(&out, artifacts().join("hostile.html")).unwrap();
    (out, payloads, report)
}

#[test]
fn browser_console_capture_sees_script_errors() {
    // Guards the other tests: if log capture silently broke, "no console errors" would pass.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><title>t</title><script>console.error('seen'); missing();</script>",
    )
    .unwrap();
    let b = Browser::start();
    b.open(&file_url(&page));
    let errors = b.errors().join("\n");
    assert!(
        errors.contains("seen") && errors.contains("missing"),
        "{errors}"
    );
}

#[test]
fn browser_print_layout_hides_controls_and_fits_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let (page, _) = sample_html(dir.path());
    let b = Browser::start();
    b.cmd(
        "POST",
        "/window/rect",
        Some(&json!({"width": 1000, "height": 1200})),
    );
    b.open(&file_url(&page));
    b.cmd(
        "POST",
        "/goog/cdp/execute",
        Some(&json!({"cmd": "Emulation.setEmulatedMedia", "params": {"media": "print"}})),
    );
    assert_eq!(
        b.js("return matchMedia('print').matches"),
        json!(true),
        "print media is emulated"
    );
    assert_eq!(
        b.js("return ['.filters', 'header.top nav', '.permalink']\
              .map(s => getComputedStyle(document.querySelector(s)).display)"),
        json!(["none", "none", "none"]),
        "screen controls are not printed"
    );
    assert_eq!(
        b.js("return document.documentElement.scrollWidth <= window.innerWidth + 1"),
        json!(true),
        "the side-by-side table fits the printed page width"
    );
    let pdf = b.cmd("POST", "/print", Some(&json!({"orientation": "landscape"})));
    let pdf = base64_decode(pdf.as_str().unwrap());
    assert!(pdf.starts_with(b"%PDF"), "printing produces a PDF");
    std::fs::write(artifacts().join("sample.pdf"), pdf).unwrap();
    let errors = b.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}
