//! What surrounds a call: the file it is in (kind, language, comment syntax), the shell or
//! PowerShell command or `.http` request it belongs to (`docs/behaviour.md`, "Which token or grant
//! goes with which call", step 1), and suppression comments. The method is `method.rs`'s.

use std::sync::OnceLock;

use regex::Regex;

use crate::lines::LineSource;

/// The kind of file, which decides how requests and comments are read.
/// Languages whose SDK calls and cmdlets are recognised, from a file's extension (or, in the
/// language server, an untitled document's language id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    CSharp,
    Python,
    Js,
    Go,
    Java,
    PowerShell,
}

impl Lang {
    pub fn for_path(path: &str) -> Option<Lang> {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        Some(match ext.as_str() {
            "cs" | "csx" => Lang::CSharp,
            "py" | "pyi" => Lang::Python,
            "js" | "mjs" | "cjs" | "ts" | "mts" | "cts" | "jsx" | "tsx" => Lang::Js,
            "go" => Lang::Go,
            "java" => Lang::Java,
            "ps1" | "psm1" => Lang::PowerShell,
            _ => return None,
        })
    }

    pub(crate) fn line_comment(self) -> &'static str {
        match self {
            Lang::Python | Lang::PowerShell => "#",
            _ => "//",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// VS Code REST Client / JetBrains HTTP client files (`.http`, `.rest`).
    Http,
    /// Markdown: fenced blocks are code of their info string's language.
    Markdown,
    /// Jupyter notebooks: code cells are code of the notebook's language.
    Notebook,
    /// Shell scripts (curl commands).
    Shell,
    Other,
}

/// How a line comment is written in a file, for `claimcheck:ignore` quick fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentSyntax {
    Hash,
    Slashes,
    DashDash,
    Html,
    Semicolon,
    Rem,
    /// No comment syntax (JSON): no suppression fix is offered.
    None,
}

impl CommentSyntax {
    /// The text appended to a line to suppress `rules` on it.
    pub fn ignore_comment(self, rules: &str) -> Option<String> {
        let d = format!("claimcheck:ignore[{rules}]");
        Some(match self {
            CommentSyntax::Hash => format!(" # {d}"),
            CommentSyntax::Slashes => format!(" // {d}"),
            CommentSyntax::DashDash => format!(" -- {d}"),
            CommentSyntax::Html => format!(" <!-- {d} -->"),
            CommentSyntax::Semicolon => format!(" ; {d}"),
            CommentSyntax::Rem => format!(" & REM {d}"),
            CommentSyntax::None => return None,
        })
    }
}

/// What the analysis knows about a file besides its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileInfo {
    pub kind: FileKind,
    pub comment: CommentSyntax,
    /// The language whose Graph SDK calls are read, if any.
    pub lang: Option<Lang>,
}

impl FileInfo {
    /// From a file name or path (CLI) or a URI path (LSP).
    pub fn for_path(path: &str) -> FileInfo {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        let kind = match ext {
            "http" | "rest" => FileKind::Http,
            "md" | "markdown" | "mdx" => FileKind::Markdown,
            "ipynb" => FileKind::Notebook,
            "sh" | "bash" | "zsh" | "ksh" => FileKind::Shell,
            _ => FileKind::Other,
        };
        let comment = if name.starts_with(".env") || name == "dockerfile" || name == "makefile" {
            CommentSyntax::Hash
        } else {
            match ext {
                "py" | "sh" | "bash" | "zsh" | "ps1" | "psm1" | "psd1" | "yaml" | "yml" | "toml" | "env" | "rb"
                | "pl" | "r" | "http" | "rest" | "conf" | "cfg" | "tf" | "txt" | "properties" | "gitignore"
                | "dockerfile" | "mk" | "nix" | "ex" | "exs" | "jl" => CommentSyntax::Hash,
                "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" | "cs" | "go" | "java" | "kt" | "kts" | "rs" | "c"
                | "h" | "cc" | "cpp" | "hpp" | "swift" | "php" | "scala" | "dart" | "jsonc" | "groovy" | "gradle"
                | "fs" | "bicep" => CommentSyntax::Slashes,
                "sql" | "lua" | "hs" => CommentSyntax::DashDash,
                "md" | "markdown" | "html" | "htm" | "xml" | "vue" | "svelte" => CommentSyntax::Html,
                "ini" => CommentSyntax::Semicolon,
                "bat" | "cmd" => CommentSyntax::Rem,
                "json" => CommentSyntax::None,
                _ => CommentSyntax::Hash,
            }
        };
        FileInfo { kind, comment, lang: Lang::for_path(&name) }
    }
}

/// Whether a line holds nothing but a comment.
pub fn is_comment_only(line: &str) -> bool {
    let t = line.trim_start();
    ["#", "//", "--", ";", "/*", "*", "<!--", "'", "%"].iter().any(|m| t.starts_with(m))
        || t.as_bytes().get(..4).is_some_and(|b| b.eq_ignore_ascii_case(b"rem "))
}

/// A `claimcheck:ignore` directive on a line: `None` means every rule.
pub fn ignore_directive(line: &str) -> Option<Option<Vec<String>>> {
    let at = line.find("claimcheck:ignore")?;
    let rest = &line[at + "claimcheck:ignore".len()..];
    if let Some(list) = rest.strip_prefix('[') {
        let close = list.find(']')?;
        let rules = list[..close].split(',').map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()).collect();
        Some(Some(rules))
    } else {
        Some(None)
    }
}

/// Whether a finding of `rule` starting on `line` is suppressed.
pub fn is_suppressed(src: &dyn LineSource, line: usize, rule: &str) -> bool {
    let covers = |d: Option<Vec<String>>| d.is_none_or(|rules| rules.iter().any(|r| r == rule));
    if let Some(d) = ignore_directive(&src.line(line)) {
        if covers(d) {
            return true;
        }
    }
    if line > 0 {
        let prev = src.line(line - 1);
        if is_comment_only(&prev) {
            if let Some(d) = ignore_directive(&prev) {
                return covers(d);
            }
        }
    }
    false
}

fn ends_with_continuation(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with('\\') || t.ends_with('`') || t.ends_with('^')
}

/// The lines of the shell or PowerShell command that contains `line`, joined by continuations.
pub fn command_lines(src: &dyn LineSource, line: usize) -> (usize, usize) {
    let mut first = line;
    while first > 0 && line - first < 50 && ends_with_continuation(&src.line(first - 1)) {
        first -= 1;
    }
    let mut last = line;
    let n = src.line_count();
    while last + 1 < n && last - line < 50 && ends_with_continuation(&src.line(last)) {
        last += 1;
    }
    (first, last)
}

/// A command a URL sits in, when it is an HTTP client command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    Curl,
    PowerShell,
}

fn regexes() -> &'static Regexes {
    static R: OnceLock<Regexes> = OnceLock::new();
    R.get_or_init(|| Regexes {
        curl: Regex::new(r"(?:^|[\s;&|(`$])curl(?:\.exe)?\s").unwrap(),
        pwsh: Regex::new(r"(?i)\b(?:Invoke-RestMethod|Invoke-WebRequest|Invoke-MgGraphRequest|irm|iwr)\b").unwrap(),
        http_auth: Regex::new(r"(?i)^\s*Authorization\s*:\s*(.*)$").unwrap(),
        http_var: Regex::new(r"^\s*@([A-Za-z0-9_.\-]+)\s*=\s*(.*?)\s*$").unwrap(),
        var_ref: Regex::new(r"\{\{\s*([A-Za-z0-9_.\-$]+)\s*\}\}").unwrap(),
    })
}

struct Regexes {
    curl: Regex,
    pwsh: Regex,
    http_auth: Regex,
    http_var: Regex,
    var_ref: Regex,
}

pub fn command_kind(joined: &str) -> Option<CommandKind> {
    let r = regexes();
    if r.curl.is_match(joined) || joined.trim_start().starts_with("curl") {
        Some(CommandKind::Curl)
    } else if r.pwsh.is_match(joined) {
        Some(CommandKind::PowerShell)
    } else {
        None
    }
}

/// Joins command lines, dropping continuation characters.
pub fn join_command(src: &dyn LineSource, first: usize, last: usize) -> String {
    let mut s = String::new();
    for i in first..=last {
        let line = src.line(i);
        let t = line.trim_end();
        let t = if i < last { t.strip_suffix(['\\', '`', '^']).unwrap_or(t) } else { t };
        s.push_str(t);
        s.push(' ');
    }
    s
}

/// The `.http` request block (between `###` lines) that holds `line`.
pub fn http_block(src: &dyn LineSource, line: usize) -> (usize, usize) {
    let is_sep = |i: usize| src.line(i).trim_start().starts_with("###");
    let mut first = line;
    while first > 0 && !is_sep(first - 1) {
        first -= 1;
    }
    let mut last = line;
    while last + 1 < src.line_count() && !is_sep(last + 1) {
        last += 1;
    }
    (first, last)
}

/// The value of an `Authorization:` header line.
pub fn http_authorization(line: &str) -> Option<&str> {
    regexes().http_auth.captures(line).map(|c| c.get(1).map_or("", |m| m.as_str()))
}

/// `@name = value` in an `.http` file.
pub fn http_variable(line: &str) -> Option<(&str, &str)> {
    let c = regexes().http_var.captures(line)?;
    Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
}

/// The first `{{name}}` reference in a value.
pub fn variable_reference(value: &str) -> Option<&str> {
    regexes().var_ref.captures(value).and_then(|c| c.get(1)).map(|m| m.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::TextLines;

    #[test]
    fn continuation_lines_join_one_command() {
        let text = "echo hi\ncurl -s \\\n  -X POST \\\n  https://graph.microsoft.com/v1.0/security/x\necho done";
        let src = TextLines::new(text);
        assert_eq!(command_lines(&src, 3), (1, 3));
        let joined = join_command(&src, 1, 3);
        assert_eq!(command_kind(&joined), Some(CommandKind::Curl));
        let ps = "Invoke-RestMethod `\n  -Method Patch `\n  -Uri $u";
        let src = TextLines::new(ps);
        assert_eq!(command_lines(&src, 2), (0, 2));
        assert_eq!(command_kind(&join_command(&src, 0, 2)), Some(CommandKind::PowerShell));
    }

    #[test]
    fn suppression_directives() {
        let text = "x # claimcheck:ignore\ny // claimcheck:ignore[missing-role, hardcoded-token]\n# claimcheck:ignore[token-expired]\nz\nq = 1 # claimcheck:ignore\nw";
        let src = TextLines::new(text);
        assert!(is_suppressed(&src, 0, "missing-permission"));
        assert!(is_suppressed(&src, 1, "hardcoded-token"));
        assert!(!is_suppressed(&src, 1, "missing-permission"));
        assert!(is_suppressed(&src, 3, "token-expired"));
        assert!(!is_suppressed(&src, 3, "hardcoded-token"));
        // A directive after code covers its own line only.
        assert!(!is_suppressed(&src, 5, "hardcoded-token"));
    }

    #[test]
    fn comment_syntax_by_file() {
        let cases = [
            ("a.py", Some(" # claimcheck:ignore[r]")),
            ("a.ts", Some(" // claimcheck:ignore[r]")),
            ("README.md", Some(" <!-- claimcheck:ignore[r] -->")),
            ("q.sql", Some(" -- claimcheck:ignore[r]")),
            (".env.local", Some(" # claimcheck:ignore[r]")),
            ("x.json", None),
        ];
        for (path, want) in cases {
            assert_eq!(FileInfo::for_path(path).comment.ignore_comment("r").as_deref(), want, "{path}");
        }
    }

    #[test]
    fn http_headers_and_variables() {
        assert_eq!(http_authorization("Authorization: Bearer {{tok}}"), Some("Bearer {{tok}}"));
        assert_eq!(http_variable("@tok = {{other}}"), Some(("tok", "{{other}}")));
        assert_eq!(variable_reference("Bearer {{ tok }}"), Some("tok"));
    }
}
