//! Literal values: XSD well-formedness for `sh:datatype`, and the value ordering used by
//! `sh:minInclusive` & co. and `sh:lessThan` (SPARQL `<` semantics: incomparable → violation).

use oxigraph::model::Literal;
use oxsdatatypes::{
    Date, DateTime, Decimal, Double, Duration, GDay, GMonth, GMonthDay, GYear, GYearMonth, Time,
};
use std::cmp::Ordering;
use std::str::FromStr;

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Value range of `xsd:integer` and its derived types (`None` bound = unbounded).
pub(crate) fn integer_range(dt: &str) -> Option<(Option<i128>, Option<i128>)> {
    let local = dt.strip_prefix(XSD)?;
    Some(match local {
        "integer" => (None, None),
        "long" => (Some(i64::MIN as i128), Some(i64::MAX as i128)),
        "int" => (Some(i32::MIN as i128), Some(i32::MAX as i128)),
        "short" => (Some(i16::MIN as i128), Some(i16::MAX as i128)),
        "byte" => (Some(i8::MIN as i128), Some(i8::MAX as i128)),
        "unsignedLong" => (Some(0), Some(u64::MAX as i128)),
        "unsignedInt" => (Some(0), Some(u32::MAX as i128)),
        "unsignedShort" => (Some(0), Some(u16::MAX as i128)),
        "unsignedByte" => (Some(0), Some(u8::MAX as i128)),
        "nonNegativeInteger" => (Some(0), None),
        "positiveInteger" => (Some(1), None),
        "nonPositiveInteger" => (None, Some(0)),
        "negativeInteger" => (None, Some(-1)),
        _ => return None,
    })
}

fn parse_integer(lex: &str) -> Option<i128> {
    let digits = lex.strip_prefix(['+', '-']).unwrap_or(lex);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Beyond i128 the value is still a well-formed xsd:integer: saturate.
    Some(lex.parse::<i128>().unwrap_or(if lex.starts_with('-') {
        i128::MIN
    } else {
        i128::MAX
    }))
}

fn in_range(v: i128, (lo, hi): (Option<i128>, Option<i128>)) -> bool {
    lo.is_none_or(|lo| v >= lo) && hi.is_none_or(|hi| v <= hi)
}

/// Is `lex` a well-formed lexical form of the XSD datatype `dt`? Unknown datatypes: yes.
pub(crate) fn well_formed(lex: &str, dt: &str) -> bool {
    if let Some(range) = integer_range(dt) {
        return parse_integer(lex).is_some_and(|v| in_range(v, range));
    }
    let Some(local) = dt.strip_prefix(XSD) else {
        return true;
    };
    match local {
        "decimal" => Decimal::from_str(lex).is_ok(),
        "float" | "double" => Double::from_str(lex).is_ok(),
        "boolean" => matches!(lex, "true" | "false" | "1" | "0"),
        "dateTime" => DateTime::from_str(lex).is_ok(),
        "dateTimeStamp" => DateTime::from_str(lex).is_ok_and(|d| d.timezone_offset().is_some()),
        "date" => Date::from_str(lex).is_ok(),
        "time" => Time::from_str(lex).is_ok(),
        "gYear" => GYear::from_str(lex).is_ok(),
        "gYearMonth" => GYearMonth::from_str(lex).is_ok(),
        "gMonth" => GMonth::from_str(lex).is_ok(),
        "gMonthDay" => GMonthDay::from_str(lex).is_ok(),
        "gDay" => GDay::from_str(lex).is_ok(),
        "duration" | "dayTimeDuration" | "yearMonthDuration" => Duration::from_str(lex).is_ok(),
        _ => true,
    }
}

/// `sh:datatype` on one literal. With `normalised` (data read from the oxigraph store), an
/// `xsd:integer` literal is accepted for an integer-derived datatype when its value is in
/// that type's range, and an `xsd:dateTime` with a timezone for `xsd:dateTimeStamp`: the
/// store rewrote those datatypes on load, so the original cannot be told apart.
pub(crate) fn datatype_ok(lit: &Literal, dt: &str, normalised: bool) -> bool {
    let actual = lit.datatype().as_str();
    if actual == dt {
        return well_formed(lit.value(), dt);
    }
    if normalised {
        if actual == "http://www.w3.org/2001/XMLSchema#integer" && integer_range(dt).is_some() {
            return well_formed(lit.value(), dt);
        }
        if actual == "http://www.w3.org/2001/XMLSchema#dateTime" && dt.ends_with("#dateTimeStamp") {
            return well_formed(lit.value(), dt);
        }
    }
    false
}

enum Val {
    Dec(Decimal),
    Dbl(f64),
    DateTime(DateTime),
    Date(Date),
    Time(Time),
    GYear(GYear),
    GYearMonth(GYearMonth),
    Dur(Duration),
    Str(String),
    Bool(bool),
}

fn val(l: &Literal) -> Option<Val> {
    if l.language().is_some() {
        return None;
    }
    let dt = l.datatype().as_str();
    let lex = l.value();
    if integer_range(dt).is_some() || dt == "http://www.w3.org/2001/XMLSchema#decimal" {
        return Decimal::from_str(lex).ok().map(Val::Dec);
    }
    let local = dt.strip_prefix(XSD)?;
    Some(match local {
        "float" | "double" => Val::Dbl(Double::from_str(lex).ok()?.into()),
        "dateTime" | "dateTimeStamp" => Val::DateTime(DateTime::from_str(lex).ok()?),
        "date" => Val::Date(Date::from_str(lex).ok()?),
        "time" => Val::Time(Time::from_str(lex).ok()?),
        "gYear" => Val::GYear(GYear::from_str(lex).ok()?),
        "gYearMonth" => Val::GYearMonth(GYearMonth::from_str(lex).ok()?),
        "duration" | "dayTimeDuration" | "yearMonthDuration" => {
            Val::Dur(Duration::from_str(lex).ok()?)
        }
        "string" => Val::Str(lex.to_string()),
        "boolean" => Val::Bool(matches!(lex, "true" | "1")),
        _ => return None,
    })
}

/// SPARQL-style ordering of two literals; `None` when they are not comparable.
pub(crate) fn compare(a: &Literal, b: &Literal) -> Option<Ordering> {
    match (val(a)?, val(b)?) {
        (Val::Dec(x), Val::Dec(y)) => Some(x.cmp(&y)),
        (Val::Dec(x), Val::Dbl(y)) => f64::from(Double::from(x)).partial_cmp(&y),
        (Val::Dbl(x), Val::Dec(y)) => x.partial_cmp(&f64::from(Double::from(y))),
        (Val::Dbl(x), Val::Dbl(y)) => x.partial_cmp(&y),
        (Val::DateTime(x), Val::DateTime(y)) => x.partial_cmp(&y),
        (Val::Date(x), Val::Date(y)) => x.partial_cmp(&y),
        (Val::Time(x), Val::Time(y)) => x.partial_cmp(&y),
        (Val::GYear(x), Val::GYear(y)) => x.partial_cmp(&y),
        (Val::GYearMonth(x), Val::GYearMonth(y)) => x.partial_cmp(&y),
        (Val::Dur(x), Val::Dur(y)) => x.partial_cmp(&y),
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(&y)),
        (Val::Bool(x), Val::Bool(y)) => Some(x.cmp(&y)),
        _ => None,
    }
}

/// SPARQL `langMatches` (basic filtering, RFC 4647).
pub(crate) fn lang_matches(tag: &str, range: &str) -> bool {
    if range == "*" {
        return !tag.is_empty();
    }
    let tag = tag.to_ascii_lowercase();
    tag == range || tag.strip_prefix(range).is_some_and(|r| r.starts_with('-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    fn lit(v: &str, dt: &str) -> Literal {
        Literal::new_typed_literal(v, NamedNode::new_unchecked(format!("{XSD}{dt}")))
    }

    #[test]
    fn store_normalised_integers_accepted_only_in_range() {
        let x = lit("5", "integer");
        assert!(!datatype_ok(&x, &format!("{XSD}int"), false));
        assert!(datatype_ok(&x, &format!("{XSD}int"), true));
        assert!(datatype_ok(&x, &format!("{XSD}nonNegativeInteger"), true));
        assert!(!datatype_ok(
            &lit("-5", "integer"),
            &format!("{XSD}nonNegativeInteger"),
            true
        ));
        assert!(!datatype_ok(
            &lit("99999999999", "integer"),
            &format!("{XSD}int"),
            true
        ));
        assert!(!datatype_ok(
            &lit("abc", "integer"),
            &format!("{XSD}integer"),
            true
        ));
    }

    #[test]
    fn ordering() {
        assert_eq!(
            compare(&lit("2", "integer"), &lit("2.5", "decimal")),
            Some(Ordering::Less)
        );
        assert_eq!(
            compare(&lit("2020-01-01", "date"), &lit("2019-01-01", "date")),
            Some(Ordering::Greater)
        );
        assert_eq!(compare(&lit("a", "string"), &lit("1", "integer")), None);
    }
}
