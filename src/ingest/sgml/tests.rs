//! Tests of the SGML blocks, elements, references and bylines shared by the Reuters and TREC readers.

use std::io::Cursor;

use super::*;
use crate::ingest::test_readers::Truncated;

fn blocks(input: &str, cap: usize) -> Vec<String> {
    BlockReader::new(Cursor::new(input.as_bytes().to_vec()), "DOC", cap)
        .map(|block| match block {
            Block::Whole { line, bytes } => format!("{line}:whole:{}", String::from_utf8_lossy(&bytes)),
            Block::Unclosed { line, bytes } => {
                format!("{line}:unclosed:{}", String::from_utf8_lossy(&bytes))
            }
            Block::TooLarge { line, len, head } => format!("{line}:too large {len}:{}", head.len()),
            Block::LongLine { line, len } => format!("{line}:long line {len}"),
            Block::ReadError { line, error } => format!("{line}:error:{error}"),
            Block::NoBlocks => "no blocks".into(),
        })
        .collect()
}

#[test]
fn blocks_run_from_start_tag_to_end_tag() {
    let input = "junk before\n<DOC>\n<DOCNO> A-1 </DOCNO>\n</DOC>\nbetween\n<doc>two</doc>\n";
    assert_eq!(
        blocks(input, 1000),
        ["2:whole:<DOC>\n<DOCNO> A-1 </DOCNO>\n</DOC>", "6:whole:<doc>two</doc>"]
    );
}

#[test]
fn several_blocks_on_one_line_and_look_alike_tags() {
    let input = "<DOC><DOCNO>1</DOCNO></DOC><DOC>b</DOC> <DOCNO>stray</DOCNO>\n";
    assert_eq!(blocks(input, 1000), ["1:whole:<DOC><DOCNO>1</DOCNO></DOC>", "1:whole:<DOC>b</DOC>"]);
    assert_eq!(blocks("plain text\n<DOCNO>x</DOCNO>\n", 1000), ["no blocks"]);
    assert!(blocks("", 1000) == ["no blocks"]);
}

#[test]
fn a_block_cut_short_by_the_next_start_or_the_end_is_unclosed() {
    let input = "<DOC>\none\n<DOC>\ntwo\n</DOC>\n<DOC>\nthree";
    assert_eq!(
        blocks(input, 1000),
        ["1:unclosed:<DOC>\none\n", "3:whole:<DOC>\ntwo\n</DOC>", "6:unclosed:<DOC>\nthree\n"]
    );
}

#[test]
fn a_block_over_the_cap_is_skipped_with_its_head_kept() {
    let input = format!("<DOC>\n{}\n</DOC>\n<DOC>ok</DOC>\n", "x".repeat(50));
    assert_eq!(blocks(&input, 20), ["1:too large 63:6", "4:whole:<DOC>ok</DOC>"]);
    // A line longer than the cap inside a block, and one outside any block.
    let input = format!("<DOC>\n{}\n</DOC>\n{}\n<DOC>ok</DOC>", "y".repeat(30), "z".repeat(30));
    assert_eq!(blocks(&input, 20), ["1:too large 43:6", "4:long line 30", "5:whole:<DOC>ok</DOC>"]);
}

#[test]
fn a_read_error_ends_the_blocks() {
    let all: Vec<Block> = BlockReader::new(io::BufReader::new(Truncated::after(b"")), "DOC", 100).collect();
    assert!(matches!(all.as_slice(), [Block::ReadError { line: 1, .. }]));
    assert_eq!(
        read_error(&io::Error::new(io::ErrorKind::UnexpectedEof, "cut")),
        "compressed data ends early (truncated file)"
    );
}

#[test]
fn elements_nest_and_unclosed_ones_stop_at_their_parent() {
    let text = r#"<DOC><A KIND="x" n=2><D>one</D><D>two</D></A><B><D>three</D></B><C><T>open<U>u</U></C><T>next</T></DOC>"#;
    let sgml = Sgml::new(text);
    let a = sgml.first("a").unwrap();
    assert_eq!(attribute(a.attributes, "kind"), Some("x"));
    assert_eq!(attribute(a.attributes, "N"), Some("2"));
    assert_eq!(attribute(a.attributes, "missing"), None);
    let in_a: Vec<&str> = sgml.children(&a, "D").map(|d| d.content).collect();
    assert_eq!(in_a, ["one", "two"]);
    assert_eq!(sgml.elements("D").count(), 3);
    let t: Vec<(&str, bool)> = sgml.elements("T").map(|t| (t.content, t.closed)).collect();
    assert_eq!(t, [("open<U>u</U>", false), ("next", true)]);
    let doc = sgml.first("DOC").unwrap();
    assert!(doc.closed);
    assert_eq!(sgml.child(&doc, "B").map(|b| b.content), Some("<D>three</D>"));
    // Unclosed at the end of the block: runs to its end.
    let sgml = Sgml::new("<DOC><TEXT>body goes on");
    assert_eq!(sgml.first("TEXT").map(|t| (t.content, t.closed)), Some(("body goes on", false)));
}

#[test]
fn wire_controls_are_dropped_but_line_breaks_and_tabs_kept() {
    assert_eq!(drop_controls("a\u{2}b\u{7f}c\u{85}\r\td\ne"), "abc\td\ne");
}

#[test]
fn inline_and_multiline_text() {
    assert_eq!(
        inline_text("<P>\nFIRST LINE; \n</P>\n<P>SECOND &amp;\u{5} more</P>"),
        "FIRST LINE; SECOND & more"
    );
    assert_eq!(multiline_text("\n  \n   Indented start \nnext line\n\n"), "   Indented start\nnext line");
    assert_eq!(multiline_text("&#2;\n&#3;"), "");
}

#[test]
fn paragraphs_tables_and_skipped_elements() {
    let content = "\n<P>\n   First para\nwraps here. \n</P>\n<ANNOTATION>\n(NOTE)\n</ANNOTATION>\n<P>\n</P>\n\
            <P>Second.</P>\n<TABLE X=\"1\">\n<TABLEROW><CELLRULE> </CELLRULE><TABLECELL A=\"L\">\nFund \n</TABLECELL>\
            <TABLECELL>\n</TABLECELL><TABLECELL>12.5</TABLECELL></TABLEROW>\n</TABLE>\nloose tail\n";
    assert_eq!(
        container_text(content, &["ANNOTATION"]),
        "   First para\nwraps here.\n\nSecond.\n\nFund | 12.5\n\nloose tail"
    );
    assert_eq!(
        container_text("\n   Wrapped AP\ntext &amp; more\n   Next para.\n", &[]),
        "   Wrapped AP\ntext & more\n   Next para."
    );
    assert_eq!(container_text("<TABLEROW><TABLECELL>cut", &[]), "cut");
    assert_eq!(container_text("", &[]), "");
}

#[test]
fn bylines_name_people_only() {
    assert_eq!(byline_authors("By HILLEL ITALIE"), ["HILLEL ITALIE"]);
    assert_eq!(byline_authors("    by Ann Lee, Reuters"), ["Ann Lee"]);
    assert_eq!(byline_authors("By JO KIM and LEE PARK, TIMES STAFF WRITERS"), ["JO KIM", "LEE PARK"]);
    assert_eq!(byline_authors("By G.G. LaBELLE ^Associated Press Writer"), ["G.G. LaBELLE"]);
    assert_eq!(byline_authors("With AM-Storm, Bjt ^By MARY O'NEIL"), ["MARY O'NEIL"]);
    assert_eq!(byline_authors("Compiled by Ana de la Cruz, Times staff writer"), ["Ana de la Cruz"]);
    assert_eq!(byline_authors("BY TED d'ARCY"), ["TED d'ARCY"]);
    assert_eq!(byline_authors("By Bo Lind Reuters"), ["Bo Lind"]);
    for nobody in [
        "Associated Press Writer",
        "By The Associated Press",
        "From Times Wire Services",
        "By Reuters",
        "By from United Press International",
        "By the river, a wave of steel",
        "by fax at 555-0100.",
        "Compiled by Times editorial researcher Bo Li",
        "Thomas Holmes",
        "By",
    ] {
        assert!(byline_authors(nobody).is_empty(), "{nobody}");
    }
}
