//! A deterministic corpus of source-like lines with planted JWTs and Graph URLs, and its truth:
//! the same recipe as `bench/make_corpus.py` (not byte-identical: its own random numbers).
//! Used by `tests/corpus.rs` and `benches/scan.rs`; the test prefers the Python generator when it
//! is beside the clone.
#![allow(dead_code)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// A small, fast, seeded generator (xorshift64*), so corpora are the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

fn b64u(b: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(b)
}

pub fn make_jwt(rng: &mut Rng) -> String {
    let hdr = match rng.below(3) {
        0 => r#"{"alg":"HS256","typ":"JWT"}"#.to_owned(),
        1 => format!(r#"{{"alg":"RS256","typ":"JWT","kid":"k{}"}}"#, rng.below(1_000_000)),
        _ => format!(r#"{{"typ":"JWT","alg":"ES256","x5t":"{}"}}"#, b64u(&rng.bytes(20))),
    };
    let now = 1_700_000_000 + rng.below(10_000_000);
    let aud = *rng.pick(&["https://graph.microsoft.com", "api://demo", "00000003-0000-0000-c000-000000000000"]);
    let scp = *rng.pick(&["User.Read", "Mail.Read Files.ReadWrite", "openid profile"]);
    let payload = format!(
        r#"{{"aud":"{aud}","iss":"https://sts.example.invalid/{:08x}/","iat":{now},"exp":{},"sub":"{:016x}{:016x}","scp":"{scp}"}}"#,
        rng.below(1 << 32),
        now + 3600,
        rng.next(),
        rng.next()
    );
    let sig_len = *rng.pick(&[32usize, 64, 256]);
    let sig = b64u(&rng.bytes(sig_len));
    format!("{}.{}.{}", b64u(hdr.as_bytes()), b64u(payload.as_bytes()), sig)
}

pub fn make_graph(rng: &mut Rng) -> String {
    let res = match rng.below(5) {
        0 => "me/messages".to_owned(),
        1 => format!("users/{:016x}{:016x}/drive/root/children", rng.next(), rng.next()),
        2 => "me/events?$top=10".to_owned(),
        3 => format!("groups/{}/members", rng.below(1_000_000)),
        _ => "sites/root".to_owned(),
    };
    format!("https://graph.microsoft.com/{}/{res}", rng.pick(&["v1.0", "beta"]))
}

const WORDS: &[&str] = &[
    "let",
    "mut",
    "self",
    "fn",
    "impl",
    "pub",
    "struct",
    "return",
    "await",
    "async",
    "match",
    "const",
    "var",
    "function",
    "import",
    "from",
    "export",
    "default",
    "class",
    "interface",
    "type",
    "string",
    "number",
    "value",
    "result",
    "error",
    "config",
    "client",
    "server",
    "request",
    "response",
    "handler",
    "token",
    "buffer",
    "index",
    "offset",
    "length",
    "parse",
    "render",
    "update",
];

fn ident(rng: &mut Rng) -> String {
    let n = 1 + rng.below(3) as usize;
    (0..n).map(|_| *rng.pick(WORDS)).collect::<Vec<_>>().join("_")
}

fn filler(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => format!("    let {} = {}(&{})?;", ident(rng), ident(rng), ident(rng)),
        1 => format!("  const {} = await {}.{}({});", ident(rng), ident(rng), ident(rng), rng.below(1000)),
        2 => format!("    # {} {} {}", ident(rng), ident(rng), ident(rng)),
        3 => {
            let n = 4 + rng.below(21) as usize;
            format!("  \"{}\": \"{}\",", ident(rng), b64u(&rng.bytes(n)))
        }
        4 => format!(
            "2024-05-{:02}T12:{:02}:{:02}Z INFO {}: {}={}",
            1 + rng.below(28),
            rng.below(60),
            rng.below(60),
            ident(rng),
            ident(rng),
            rng.below(1_000_000)
        ),
        5 => format!("        if {}.{}() {{ return Err({}); }}", ident(rng), ident(rng), ident(rng)),
        6 => format!("import {{ {} }} from './{}';", ident(rng), ident(rng)),
        7 => format!("    sha = \"{:016x}{:016x}{:08x}\"", rng.next(), rng.next(), rng.below(1 << 32)),
        8 => String::new(),
        _ => format!("    {}({}, {});", ident(rng), ident(rng), ident(rng)),
    }
}

fn planted_jwt(rng: &mut Rng, jwt: &str) -> String {
    match rng.below(5) {
        0 => format!("Authorization: Bearer {jwt}"),
        1 => format!("    let token = \"{jwt}\";"),
        2 => format!("  \"access_token\": \"{jwt}\","),
        3 => format!("curl -H 'x-api: {jwt}' https://api.example.invalid/"),
        _ => format!("GET /callback?id_token={jwt}&state=abc"),
    }
}

/// A corpus and its truth (1-based line numbers of the planted tokens and URLs).
pub struct Corpus {
    pub text: String,
    pub jwt_lines: Vec<usize>,
    pub graph_lines: Vec<usize>,
}

/// About `size` bytes of lines averaging 45 bytes, with `n_jwt` tokens and `n_graph` URLs planted
/// on distinct random lines, like `make_corpus.py OUT size/MiB n_jwt n_graph seed`.
pub fn make(size: usize, n_jwt: usize, n_graph: usize, seed: u64) -> Corpus {
    let mut rng = Rng::new(seed);
    let est_lines = (size / 45).max(n_jwt + n_graph + 1);
    let mut plant = vec![0u8; est_lines];
    for (kind, n) in [(1u8, n_jwt), (2u8, n_graph)] {
        let mut left = n;
        while left > 0 {
            let l = rng.below(est_lines as u64) as usize;
            if plant[l] == 0 {
                plant[l] = kind;
                left -= 1;
            }
        }
    }
    let mut c = Corpus { text: String::with_capacity(size + 256), jwt_lines: Vec::new(), graph_lines: Vec::new() };
    let mut line = 0usize;
    while c.text.len() < size {
        let l = match plant.get(line).copied().unwrap_or(0) {
            1 => {
                c.jwt_lines.push(line + 1);
                let j = make_jwt(&mut rng);
                planted_jwt(&mut rng, &j)
            }
            2 => {
                c.graph_lines.push(line + 1);
                format!("    let url = \"{}\";", make_graph(&mut rng))
            }
            _ => filler(&mut rng),
        };
        c.text.push_str(&l);
        c.text.push('\n');
        line += 1;
    }
    c
}
