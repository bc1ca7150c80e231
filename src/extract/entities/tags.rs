//! The tagger's labels: BILOU (begin, inside, last, unit) for each entity kind, plus O, and
//! their conversion to and from entity spans and the IOB tags of CoNLL files.

use std::ops::Range;
use std::sync::LazyLock;

use crate::model::EntityKind;

/// O, then B, I, L, U for each kind in [`EntityKind::ALL`] order.
pub(super) const TAGS: usize = 1 + 4 * KINDS;
pub(super) const KINDS: usize = 4;
pub(super) const O: u8 = 0;

/// Where a token sits in an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Begin = 0,
    Inside = 1,
    Last = 2,
    Unit = 3,
}

pub(super) fn tag(kind: usize, part: Part) -> u8 {
    (1 + 4 * kind + part as usize) as u8
}

/// The kind index of a tag, `None` for O.
pub(super) fn kind_of(tag: u8) -> Option<usize> {
    (tag != O).then(|| (tag as usize - 1) / 4)
}

pub(super) fn part_of(tag: u8) -> Option<Part> {
    (tag != O).then(|| match (tag - 1) % 4 {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    })
}

/// True when the tag leaves an entity open (B or I): the next tag must continue it.
pub(super) fn is_open(tag: u8) -> bool {
    matches!(part_of(tag), Some(Part::Begin | Part::Inside))
}

/// The tag that ends an open entity at this word: B becomes U, I becomes L; others stay.
pub(super) fn close(tag: u8) -> u8 {
    match (part_of(tag), kind_of(tag)) {
        (Some(Part::Begin), Some(kind)) => self::tag(kind, Part::Unit),
        (Some(Part::Inside), Some(kind)) => self::tag(kind, Part::Last),
        _ => tag,
    }
}

/// Whether `next` may follow `prev` in a well-formed BILOU sequence; `last` says `next` is the
/// last token of its sentence.
#[inline]
pub(super) fn allowed(prev: u8, next: u8, last: bool) -> bool {
    ALLOWED[usize::from(last)][prev as usize][next as usize]
}

static ALLOWED: LazyLock<[[[bool; TAGS]; TAGS]; 2]> = LazyLock::new(|| {
    std::array::from_fn(|last| {
        std::array::from_fn(|p| std::array::from_fn(|n| follows(p as u8, n as u8, last == 1)))
    })
});

fn follows(prev: u8, next: u8, last: bool) -> bool {
    let part = part_of(next);
    let continues = matches!(part, Some(Part::Inside | Part::Last));
    let ok = if is_open(prev) { continues && kind_of(prev) == kind_of(next) } else { !continues };
    ok && !(last && is_open(next))
}

/// The kind names CoNLL files use, in [`EntityKind::ALL`] order.
pub const CONLL_KINDS: [&str; KINDS] = ["PER", "ORG", "LOC", "MISC"];

pub(super) fn kind_index(kind: EntityKind) -> usize {
    kind as usize
}

pub(super) fn entity_kind(index: usize) -> EntityKind {
    EntityKind::ALL[index]
}

/// BILOU tags for a sentence of `len` tokens with these (kind, span) entities.
pub(super) fn encode(len: usize, spans: &[(usize, Range<usize>)]) -> Vec<u8> {
    let mut tags = vec![O; len];
    for (kind, range) in spans {
        let (kind, range) = (*kind, range.clone());
        if range.len() == 1 {
            tags[range.start] = tag(kind, Part::Unit);
            continue;
        }
        for i in range.clone() {
            tags[i] = tag(kind, Part::Inside);
        }
        tags[range.start] = tag(kind, Part::Begin);
        tags[range.end - 1] = tag(kind, Part::Last);
    }
    tags
}

/// The (kind, span) entities of a well-formed BILOU sequence.
pub(super) fn decode(tags: &[u8]) -> Vec<(usize, Range<usize>)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &t) in tags.iter().enumerate() {
        match (part_of(t), kind_of(t)) {
            (Some(Part::Begin), _) => start = i,
            (Some(Part::Last), Some(kind)) => spans.push((kind, start..i + 1)),
            (Some(Part::Unit), Some(kind)) => spans.push((kind, i..i + 1)),
            _ => {}
        }
    }
    spans
}

/// IOB2 tags ("B-PER", "I-PER", "O") for BILOU tags.
pub(super) fn iob2(tag: u8) -> &'static str {
    const NAMES: [&str; TAGS] = [
        "O", "B-PER", "I-PER", "I-PER", "B-PER", "B-ORG", "I-ORG", "I-ORG", "B-ORG", "B-LOC", "I-LOC",
        "I-LOC", "B-LOC", "B-MISC", "I-MISC", "I-MISC", "B-MISC",
    ];
    NAMES[tag as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_round_trip_through_bilou() {
        let spans = vec![(0, 0..2), (2, 3..4), (1, 5..8)];
        let tags = encode(9, &spans);
        assert_eq!(tags, [1, 3, 0, 12, 0, 5, 6, 7, 0]);
        assert_eq!(decode(&tags), spans);
        let iob: Vec<&str> = tags.iter().map(|&t| iob2(t)).collect();
        assert_eq!(iob, ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "I-ORG", "I-ORG", "O"]);
    }

    #[test]
    fn only_well_formed_sequences_are_allowed() {
        let (b_per, i_per, l_per, u_org) =
            (tag(0, Part::Begin), tag(0, Part::Inside), tag(0, Part::Last), tag(1, Part::Unit));
        assert!(allowed(O, b_per, false) && allowed(b_per, i_per, false) && allowed(i_per, l_per, true));
        assert!(!allowed(O, i_per, false) && !allowed(b_per, O, false) && !allowed(b_per, u_org, false));
        assert!(!allowed(O, b_per, true), "an entity cannot open on the last token");
        assert!(!allowed(b_per, tag(1, Part::Last), false), "kinds must match");
    }
}
