//! The one order for ids and names that people read: digit runs compare as
//! numbers, so `4.5` comes before `4.10` and `P2` before `P10`. Every list of
//! ids that is sorted (diagnostics, `explain`, `list`, `status`, `diff`,
//! exports) sorts with [`natural_cmp`].

use std::cmp::Ordering;

/// Compare strings with their digit runs as numbers, letters without regard
/// to case: `4.5` < `4.10`, `Dev 2` < `dev 10`. A total order: strings that
/// compare equal that way (`a01` and `a1`, `A` and `a`) are ordered by their
/// bytes.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    loose(a, b).then_with(|| a.cmp(b))
}

fn loose(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n1 = digits(&mut x);
                let n2 = digits(&mut y);
                let (t1, t2) = (n1.trim_start_matches('0'), n2.trim_start_matches('0'));
                let o = t1.len().cmp(&t2.len()).then(t1.cmp(t2));
                if o != Ordering::Equal {
                    return o;
                }
            }
            (Some(c), Some(d)) => {
                let o = c.to_lowercase().cmp(d.to_lowercase());
                if o != Ordering::Equal {
                    return o;
                }
                x.next();
                y.next();
            }
        }
    }
}

/// The run of ASCII digits at the front of `it`, taken from it.
fn digits(it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut n = String::new();
    while let Some(c) = it.peek().copied().filter(char::is_ascii_digit) {
        n.push(c);
        it.next();
    }
    n
}

/// Sort ids (or any strings) in [`natural_cmp`] order.
pub fn sort<S: AsRef<str>>(v: &mut [S]) {
    v.sort_by(|a, b| natural_cmp(a.as_ref(), b.as_ref()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_compare_as_numbers() {
        let mut v = vec![
            "4.10", "4.5", "10.1", "4.9", "2", "4.11", "gate-10", "gate-2",
        ];
        sort(&mut v);
        assert_eq!(
            v,
            [
                "2", "4.5", "4.9", "4.10", "4.11", "10.1", "gate-2", "gate-10"
            ]
        );
    }

    #[test]
    fn a_total_order() {
        // Equal as numbers and letters, still ordered (and consistently).
        assert_eq!(natural_cmp("a01", "a1"), "a01".cmp("a1"));
        assert_eq!(natural_cmp("A", "a"), Ordering::Less);
        assert_eq!(natural_cmp("a", "A"), Ordering::Greater);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
        assert_eq!(natural_cmp("P2", "p10"), Ordering::Less);
        // Long digit runs do not overflow.
        assert_eq!(
            natural_cmp("t99999999999999999999999", "t100000000000000000000000"),
            Ordering::Less
        );
    }
}
