//! Command-line habits every tool is expected to keep: output into a closed
//! pipe ends quietly, colour follows `--color`, `NO_COLOR` and
//! `CLICOLOR_FORCE`, and the message language follows `--lang`,
//! `ITREG_LANG` and `LANG`.
//!
//! Output goes through [`print`] (or the [`out!`](crate::out) and
//! [`outln!`](crate::outln) macros) rather than `print!`, which panics when
//! the reader has gone away (`itreg check | head -1`).

use crate::diagnostic::Lang;
use std::ffi::OsStr;
use std::io::Write;

/// Write `text` to standard output. When the reader has closed the pipe the
/// process ends at once with status 0: it has all it wanted.
pub fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        // Nothing sensible is left to say on a broken standard output.
        let _ = writeln!(std::io::stderr(), "itreg: {error}");
        std::process::exit(2);
    }
}

/// `print!` that ends quietly on a closed pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::term::print(&format!($($arg)*)) };
}

/// `println!` that ends quietly on a closed pipe.
#[macro_export]
macro_rules! outln {
    () => { $crate::term::print("\n") };
    ($($arg:tt)*) => { $crate::term::print(&(format!($($arg)*) + "\n")) };
}

/// One message in the language chosen for this run: `say!(lang, "vi…", "en…")`.
/// Both texts are format strings and may name variables in scope.
#[macro_export]
macro_rules! say {
    ($lang:expr, $vi:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::diagnostic::Lang::Vi => format!($vi),
            $crate::diagnostic::Lang::En => format!($en),
        }
    };
    ($lang:expr, $vi:literal, $en:literal, $($arg:tt)+) => {
        match $lang {
            $crate::diagnostic::Lang::Vi => format!($vi, $($arg)+),
            $crate::diagnostic::Lang::En => format!($en, $($arg)+),
        }
    };
}

/// An error said in one language: the CLI prints `error.say(lang)`, so a
/// run in English shows no Vietnamese and the other way round. `Display`
/// (for logs and `{error}`) gives both, Vietnamese first.
pub trait Localized {
    fn say(&self, lang: Lang) -> String;

    /// Both languages, `vi / en`, for `Display`.
    fn both(&self) -> String {
        let (vi, en) = (self.say(Lang::Vi), self.say(Lang::En));
        if vi == en { vi } else { format!("{vi} / {en}") }
    }
}

/// `Display` as [`Localized::both`], for error types whose messages are
/// written once, in [`Localized::say`].
#[macro_export]
macro_rules! display_both_languages {
    ($($ty:ty),+ $(,)?) => {$(
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::term::Localized::both(self))
            }
        }
    )+};
}

/// Print `itreg: <error>` on standard error in the run's language.
pub fn fail(lang: Lang, error: &dyn Localized) {
    eprintln!("itreg: {}", error.say(lang));
}

/// `--color`: `auto` colours a terminal unless the environment says otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether to colour output going to a terminal (`is_terminal`), reading
/// `NO_COLOR` and `CLICOLOR_FORCE` from the environment.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    color_from(
        choice,
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("CLICOLOR_FORCE").as_deref(),
        is_terminal,
    )
}

/// The rule behind [`use_color`]: an explicit `--color` wins; then a
/// non-empty `NO_COLOR` turns colour off (<https://no-color.org>: an empty
/// one does not); then `CLICOLOR_FORCE` other than empty or `0` turns it on
/// even into a pipe; else colour goes to terminals only.
pub fn color_from(
    choice: ColorChoice,
    no_color: Option<&OsStr>,
    clicolor_force: Option<&OsStr>,
    is_terminal: bool,
) -> bool {
    let set = |value: Option<&OsStr>| value.is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set(no_color) => false,
        ColorChoice::Auto if set(clicolor_force) && clicolor_force != Some(OsStr::new("0")) => true,
        ColorChoice::Auto => is_terminal,
    }
}

/// The message language: `--lang`, else `ITREG_LANG`, else `LANG`, else
/// Vietnamese.
pub fn lang(flag: Option<Lang>) -> Lang {
    lang_from(
        flag,
        std::env::var("ITREG_LANG").ok().as_deref(),
        std::env::var("LANG").ok().as_deref(),
    )
}

/// The rule behind [`lang`]. A variable names a language by its first two
/// letters (`en`, `en_US.UTF-8`, `vi_VN.UTF-8`); one naming neither
/// language (`C.UTF-8`, `fr_FR`) is passed over.
pub fn lang_from(flag: Option<Lang>, itreg_lang: Option<&str>, lang: Option<&str>) -> Lang {
    let parse = |value: &str| match value.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("vi") => Some(Lang::Vi),
        Some("en") => Some(Lang::En),
        _ => None,
    };
    flag.or_else(|| itreg_lang.and_then(parse))
        .or_else(|| lang.and_then(parse))
        .unwrap_or(Lang::Vi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_flag_then_no_color_then_clicolor_force_then_terminal() {
        let s = |v: &'static str| Some(OsStr::new(v));
        use ColorChoice::*;
        assert!(color_from(Always, s("1"), None, false));
        assert!(!color_from(Never, None, s("1"), true));
        assert!(!color_from(Auto, s("1"), s("1"), true));
        // An empty NO_COLOR is not set.
        assert!(color_from(Auto, s(""), None, true));
        assert!(color_from(Auto, s(""), s("1"), false));
        assert!(!color_from(Auto, None, s("0"), false));
        assert!(!color_from(Auto, None, s(""), false));
        assert!(color_from(Auto, None, None, true));
        assert!(!color_from(Auto, None, None, false));
    }

    #[test]
    fn language_follows_flag_then_itreg_lang_then_lang() {
        assert_eq!(
            lang_from(Some(Lang::Vi), Some("en"), Some("en_US")),
            Lang::Vi
        );
        assert_eq!(lang_from(None, Some("en"), Some("vi_VN.UTF-8")), Lang::En);
        assert_eq!(lang_from(None, Some("fr"), Some("en_GB.UTF-8")), Lang::En);
        assert_eq!(lang_from(None, None, Some("vi_VN.UTF-8")), Lang::Vi);
        assert_eq!(lang_from(None, None, Some("C.UTF-8")), Lang::Vi);
        assert_eq!(lang_from(None, None, None), Lang::Vi);
        assert_eq!(lang_from(None, Some("EN"), None), Lang::En);
    }
}
