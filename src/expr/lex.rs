//! Lexing: expression text → tokens (numbers, identifiers, symbols) with byte offsets.

use super::ExprError;

/// A token.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Num(f64),
    Ident(String),
    Sym(&'static str),
}

/// Splits an expression into tokens with their byte offsets. Numbers are parsed here (and must be
/// finite); `&&`, `||` and `!` are read as `and`, `or` and `not`.
pub(super) fn lex(s: &str) -> Result<Vec<(usize, Tok)>, ExprError> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit())
        {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit() || bytes[i] == b'.' || bytes[i] == b'_')
            {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                let save = i;
                i += 1;
                if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
                    i += 1;
                }
                if i < bytes.len() && bytes[i].is_ascii_digit() {
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                } else {
                    i = save;
                }
            }
            let text: String = s[start..i].chars().filter(|&c| c != '_').collect();
            let v: f64 = text.parse().map_err(|_| ExprError {
                offset: start,
                message: format!("`{}` is not a number", &s[start..i]),
                hint: Some("write numbers like 12, 0.5 or 1e-3".into()),
            })?;
            if !v.is_finite() {
                return Err(ExprError {
                    offset: start,
                    message: format!("`{}` is too large to be a finite number", &s[start..i]),
                    hint: Some("numbers must be finite (at most about 1.8e308)".into()),
                });
            }
            out.push((start, Tok::Num(v)));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push((start, Tok::Ident(s[start..i].to_string())));
        } else {
            let two = s.get(i..i + 2).unwrap_or("");
            let (sym, width): (&'static str, usize) = match two {
                "<=" => ("<=", 2),
                ">=" => (">=", 2),
                "==" => ("==", 2),
                "!=" => ("!=", 2),
                "&&" => ("and", 2),
                "||" => ("or", 2),
                _ => (
                    match c {
                        '+' => "+",
                        '-' => "-",
                        '*' => "*",
                        '/' => "/",
                        '<' => "<",
                        '>' => ">",
                        '(' => "(",
                        ')' => ")",
                        ',' => ",",
                        '!' => "not",
                        _ => {
                            return Err(ExprError {
                                offset: i,
                                message: format!(
                                    "unexpected character `{}`",
                                    s[i..].chars().next().unwrap_or(c)
                                ),
                                hint: Some(
                                    "expressions use numbers, ids, + - * /, comparisons, and/or/not and functions"
                                        .into(),
                                ),
                            });
                        }
                    },
                    1,
                ),
            };
            out.push((i, Tok::Sym(sym)));
            i += width;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_underscores_and_exponents_and_must_be_finite() {
        let t = lex("1_000 + 2.5e-1").unwrap();
        assert_eq!(t[0], (0, Tok::Num(1000.0)));
        assert_eq!(t[2], (8, Tok::Num(0.25)));
        let e = lex("2 * 1e999").unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("too large"), "{}", e.message);
    }

    #[test]
    fn c_style_operators_are_words_and_stray_characters_are_located() {
        let t = lex("!a && b || c").unwrap();
        assert_eq!(t[0].1, Tok::Sym("not"));
        assert_eq!(t[2].1, Tok::Sym("and"));
        assert_eq!(t[4].1, Tok::Sym("or"));
        let e = lex("1 $ 2").unwrap_err();
        assert_eq!(e.offset, 2);
        assert_eq!(e.message, "unexpected character `$`");
    }
}
