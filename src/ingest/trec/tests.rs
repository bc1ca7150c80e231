//! Tests of the TREC reader, on documents written in the tests.

use std::collections::BTreeMap;
use std::io::Cursor;

use super::*;

fn origin() -> Origin {
    Origin {
        display: "in/AP900101".into(),
        stored_path: Some("/abs/in/AP900101".into()),
        stem: "ap900101".into(),
    }
}

fn read(input: &[u8]) -> Vec<Result<RawArticle, Problem>> {
    records(Box::new(Cursor::new(input.to_vec())), origin()).collect()
}

fn one(input: &str) -> RawArticle {
    let all = read(input.as_bytes());
    assert_eq!(all.len(), 1);
    all[0].clone().unwrap()
}

fn labels(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect()
}

/// An invented AP-style document: notes among the HEADs, two BYLINEs, wrapped TEXT.
const AP_DOC: &str = "<DOC>
<DOCNO> AP900102-0042 </DOCNO>
<FILEID>AP-NR-01-02-90 0101EST</FILEID>
<FIRST>r a AM-Harbor-Ferry 01-02 0321</FIRST>
<SECOND>AM-Harbor-Ferry,0330</SECOND>
<HEAD>$Adv07</HEAD>
<HEAD>Eds: SUBS 3rd graf to fix spelling</HEAD>
<HEAD>Ferry Service Resumes
After Storm</HEAD>
<HEAD>With AM-Storm-Damage, Bjt</HEAD>
<BYLINE>By MARY O'NEIL and JOHN-PAUL DOE</BYLINE>
<BYLINE>Associated Press Writer</BYLINE>
<DATELINE>PORTLAND, Maine (AP) </DATELINE>
<TEXT>
   The harbor ferry ran again Tuesday
after a three-day halt, officials said.
   ``We are glad,'' said a rider &amp; commuter.
</TEXT>
<NOTE>MORE</NOTE>
</DOC>
";

#[test]
fn an_ap_document() {
    let raw = one(AP_DOC);
    assert_eq!(raw.id.as_deref(), Some("AP900102-0042"));
    assert_eq!(raw.path.as_deref(), Some("/abs/in/AP900101"));
    assert_eq!(raw.line, Some(1));
    assert_eq!(raw.title.as_deref(), Some("Ferry Service Resumes After Storm"));
    assert_eq!(
        raw.text,
        "   The harbor ferry ran again Tuesday\nafter a three-day halt, officials said.\n   ``We are glad,'' said a rider & commuter."
    );
    assert_eq!(raw.source.as_deref(), Some("AP"));
    assert_eq!(raw.date.as_deref(), Some("1990-01-02"));
    assert_eq!(raw.authors, ["MARY O'NEIL", "JOHN-PAUL DOE"]);
    assert_eq!(raw.labels, labels(&[("dateline", &["PORTLAND, Maine (AP)"])]));
    assert!(raw.notes.is_empty());
}

#[test]
fn ap_roundups_and_unk_lines() {
    let input = "<DOC>\n<DOCNO> AP900103-0007 </DOCNO>\n<UNK>Eds: Adds byline</UNK>\n\
            <UNK>Lighthouse Keeper Retires ^By ANA RUIZ ^Associated Press Writer</UNK>\n\
            <DATELINE>BATH, Maine (AP) </DATELINE>\n<TEXT>\n   First item.\n</TEXT>\n\
            <DATELINE>BANGOR, Maine (AP) </DATELINE>\n<TEXT>\n   Second item.\n</TEXT>\n</DOC>\n";
    let raw = one(input);
    assert_eq!(raw.title.as_deref(), Some("Lighthouse Keeper Retires"));
    assert_eq!(raw.authors, ["ANA RUIZ"]);
    assert_eq!(raw.text, "   First item.\n\n   Second item.");
    assert_eq!(raw.labels["dateline"], ["BATH, Maine (AP)", "BANGOR, Maine (AP)"]);
}

#[test]
fn notes_alone_give_no_title() {
    let input = "<DOC><DOCNO>AP900104-0001</DOCNO><HEAD>$Adv15</HEAD><HEAD>For Release Sunday, Jan. 15</HEAD>\
            <HEAD>Associated Press Writer</HEAD><HEAD>URGENT</HEAD><HEAD>Precede NEWARK</HEAD><TEXT>Body.</TEXT></DOC>";
    let raw = one(input);
    assert_eq!(raw.title, None);
    assert_eq!(raw.text, "Body.");
}

/// An invented NYT-style document: DATE_TIME, HEADER codes, loose byline, P paragraphs.
const NYT_DOC: &str = "<DOC>
<DOCNO> NYT19990315.0123 </DOCNO>
<DOCTYPE> NEWS STORY </DOCTYPE>
<DATE_TIME> 1999-03-15 10:42 </DATE_TIME>
<HEADER>
A1234 &Cx1f; taf-z
u a &Cx13;  &Cx11;  BC-CITY-PARKS-NYT &LR;      03-15 0400
</HEADER>
<BODY>
<SLUG> BC-CITY-PARKS-NYT </SLUG>
<HEADLINE>
CITY OPENS THREE NEW PARKS,
WITH MORE PLANNED
</HEADLINE>
  (ab) 
 By LENA PARK and OMAR ALI   
 c.1999 N.Y. Times News Service   
<TEXT>
<P>
   NEW YORK _ The city opened three parks on Monday, &QL;
officials said.
</P>
<ANNOTATION>
   (STORY CAN END HERE. OPTIONAL MATERIAL FOLLOWS)
</ANNOTATION>
<P>
   &HT; More are planned for AT&AMP;T land.
</P>
</TEXT>
</BODY>
<TRAILER>
NYT-03-15-99 1042EST &QL; 
</TRAILER>
</DOC>
";

#[test]
fn headlines_and_bylines_loose_in_the_nyt_body() {
    let doc = |headline: &str, loose: &str| {
        format!(
            "<DOC>\n<DOCNO> NYT19990316.0001 </DOCNO>\n<BODY>\n<SLUG> BC-X-COX </SLUG>\n<HEADLINE>\n{headline}\n</HEADLINE>\n{loose}\n<TEXT>\n<P>\nText.\n</P>\n</TEXT>\n</BODY>\n</DOC>\n"
        )
    };
    let raw = one(&doc(
        "&HT;   ",
        " &HT;    Harbor seals return\n &HT;    to the bay\n &HT;    By Ida Moss\n &HT;    c. 1999 Cox News Service",
    ));
    assert_eq!(
        (raw.title.as_deref(), raw.authors.as_slice()),
        (Some("Harbor seals return to the bay"), &["Ida Moss".to_string()][..])
    );
    let raw = one(&doc(".", "(For use by clients)\nCity budget passes\nc.1999 Tri-City Herald"));
    assert_eq!((raw.title.as_deref(), raw.authors.len()), (Some("City budget passes"), 0));
    let raw = one(&doc("&HT; BC-SEALS-REVIEW-NYT SEALS ARE BACK", "  (ab)\n By NED ROSS"));
    assert_eq!(
        (raw.title.as_deref(), raw.authors.as_slice()),
        (Some("SEALS ARE BACK"), &["NED ROSS".to_string()][..])
    );
    let raw = one(&doc("EDITORS:", "No byline here,\njust notes\nin three lines"));
    assert_eq!(raw.title, None);
}

#[test]
fn an_nyt_document() {
    let raw = one(NYT_DOC);
    assert_eq!(raw.id.as_deref(), Some("NYT19990315.0123"));
    assert_eq!(raw.title.as_deref(), Some("CITY OPENS THREE NEW PARKS, WITH MORE PLANNED"));
    assert_eq!(
        raw.text,
        "   NEW YORK _ The city opened three parks on Monday,\nofficials said.\n\n   \t More are planned for AT&T land."
    );
    assert_eq!(raw.source.as_deref(), Some("NYT"));
    assert_eq!(raw.date.as_deref(), Some("1999-03-15 10:42"));
    assert_eq!(raw.authors, ["LENA PARK", "OMAR ALI"]);
    assert_eq!(raw.labels, labels(&[("type", &["NEWS STORY"])]));
}

/// An invented LA Times-style document: every element wrapped in P.
const LA_DOC: &str = "<DOC>
<DOCNO> LA031591-0077 </DOCNO>
<DOCID> 100200 </DOCID>
<DATE>
<P>
March 15, 1991, Friday, Valley Edition 
</P>
</DATE>
<SECTION>
<P>
Metro; Part B; Page 3; Column 1 
</P>
</SECTION>
<LENGTH>
<P>
88 words 
</P>
</LENGTH>
<HEADLINE>
<P>
VALLEY IN BRIEF; 
</P>
<P>
LIBRARY HOURS EXTENDED 
</P>
</HEADLINE>
<BYLINE>
<P>
By ROSA DIAZ, TIMES STAFF WRITER 
</P>
</BYLINE>
<DATELINE>
<P>
VAN NUYS 
</P>
</DATELINE>
<TEXT>
<P>
The library will stay open later, starting 
next week. 
</P>
<P>
</P>
<P>
Hours run to 9 p.m. 
</P>
</TEXT>
<GRAPHIC>
<P>
Photo, the library. 
</P>
</GRAPHIC>
<TYPE>
<P>
Brief 
</P>
</TYPE>
<SUBJECT>
<P>
LIBRARIES; HOURS 
</P>
</SUBJECT>
</DOC>
";

#[test]
fn an_la_times_document() {
    let raw = one(LA_DOC);
    assert_eq!(raw.id.as_deref(), Some("LA031591-0077"));
    assert_eq!(raw.title.as_deref(), Some("VALLEY IN BRIEF; LIBRARY HOURS EXTENDED"));
    assert_eq!(raw.text, "The library will stay open later, starting\nnext week.\n\nHours run to 9 p.m.");
    assert_eq!(raw.source.as_deref(), Some("LA Times"));
    assert_eq!(raw.date.as_deref(), Some("March 15, 1991"));
    assert_eq!(raw.authors, ["ROSA DIAZ"]);
    assert_eq!(
        raw.labels,
        labels(&[
            ("dateline", &["VAN NUYS"]),
            ("edition", &["Valley Edition"]),
            ("section", &["Metro; Part B; Page 3; Column 1"]),
            ("subject", &["LIBRARIES", "HOURS"]),
            ("type", &["Brief"]),
        ])
    );
}

#[test]
fn a_photo_item_without_text_reads_its_caption() {
    let input = "<DOC>\n<DOCNO> LA031591-0078 </DOCNO>\n<GRAPHIC>\n<P>\nPhoto, Ducks on the pond. \n</P>\n</GRAPHIC>\n</DOC>\n";
    let raw = one(input);
    assert_eq!((raw.title, raw.text.as_str()), (None, "Photo, Ducks on the pond."));
    assert_eq!(raw.date.as_deref(), Some("1991-03-15"));
}

#[test]
fn bad_documents_are_skipped_and_the_rest_read() {
    let good = "<DOC>\n<DOCNO> AP900105-0001 </DOCNO>\n<TEXT>\nFine.\n</TEXT>\n</DOC>\n";
    let unclosed = "<DOC>\n<DOCNO> AP900105-0002 </DOCNO>\n<TEXT>\nCut off.\n";
    let no_docno = "<DOC>\n<HEAD>Nameless</HEAD>\n<TEXT>Text.</TEXT>\n</DOC>\n";
    let empty = "<DOC><DOCNO>AP900105-0004</DOCNO><FILEID>x</FILEID></DOC>\n";
    let truncated = "<DOC>\n<DOCNO> AP900105-0005 </DOCNO>\n<TEXT>\nThe file ends in the mid";
    let input = format!("{good}{unclosed}{good}{no_docno}{empty}{truncated}");
    let all = read(input.as_bytes());
    let shown: Vec<String> = all
        .iter()
        .map(|r| match r {
            Ok(raw) => format!("ok {} line {}", raw.id.as_deref().unwrap_or("-"), raw.line.unwrap_or(0)),
            Err(problem) => problem.to_string(),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "ok AP900105-0001 line 1",
            "in/AP900101:7: DOCNO=AP900105-0002: no closing </DOC> tag",
            "ok AP900105-0001 line 11",
            "in/AP900101:17: document has no DOCNO (skipped)",
            "ok AP900105-0004 line 21",
            "in/AP900101:22: DOCNO=AP900105-0005: no closing </DOC> tag",
        ]
    );
    assert_eq!(
        all[4].clone().unwrap().notes,
        ["DOCNO=AP900105-0004: document has neither headline nor text"]
    );
}

#[test]
fn a_file_without_documents_and_a_read_error() {
    let all = read(b"<DOCNO>loose</DOCNO>\n");
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].clone().unwrap_err().to_string(),
        "in/AP900101: no <DOC> documents found (not TREC SGML?)"
    );
    // A stream that fails after one whole document: the document, then one problem, then the end.
    struct FailsLater(Cursor<Vec<u8>>);
    impl std::io::Read for FailsLater {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "cut")),
                n => Ok(n),
            }
        }
    }
    let input = b"<DOC><DOCNO>AP900107-0001</DOCNO><TEXT>One.</TEXT></DOC>\n<DOC><DOCNO>AP900107-0002</DOCNO>\n<TEXT>Tw".to_vec();
    let reader = std::io::BufReader::new(FailsLater(Cursor::new(input)));
    let all: Vec<_> = records(Box::new(reader), origin()).collect();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].clone().unwrap().text, "One.");
    assert_eq!(
        all[1].clone().unwrap_err().to_string(),
        "in/AP900101:3: compressed data ends early (truncated file)"
    );
}

#[test]
fn a_document_over_the_cap_is_a_problem() {
    let big =
        format!("<DOC>\n<DOCNO> AP900106-0001 </DOCNO>\n<TEXT>\n{}\n</TEXT>\n</DOC>\n", "word ".repeat(60));
    let small = "<DOC>\n<DOCNO> AP900106-0002 </DOCNO>\n<TEXT>\nSmall.\n</TEXT>\n</DOC>\n";
    let input = format!("{big}{small}");
    let all: Vec<_> = records_with_cap(Box::new(Cursor::new(input.into_bytes())), origin(), 100).collect();
    let problem = all[0].clone().unwrap_err();
    assert_eq!(
        problem.to_string(),
        "in/AP900101:1: DOCNO=AP900106-0001: document of 359 bytes is larger than 100 bytes (skipped)"
    );
    assert_eq!(all[1].clone().unwrap().text, "Small.");
}

#[test]
fn windows_1252_bytes_and_references() {
    let mut input =
        b"<DOC><DOCNO>LA010190-0001</DOCNO><HEADLINE><P>CAF\xc9 &amp; \x93BAR\x94</P></HEADLINE>".to_vec();
    input.extend_from_slice(b"<TEXT><P>Men&#250; price &lt;$5&gt;.\x00</P></TEXT></DOC>");
    let raw = read(&input)[0].clone().unwrap();
    assert_eq!(raw.title.as_deref(), Some("CAFÉ & \u{201c}BAR\u{201d}"));
    assert_eq!(raw.text, "Menú price <$5>.");
    // UTF-8 stays UTF-8.
    let raw = one("<DOC><DOCNO>XIE19990101.0001</DOCNO><TEXT>Zürich café.</TEXT></DOC>");
    assert_eq!((raw.text.as_str(), raw.source.as_deref()), ("Zürich café.", Some("Xinhua")));
}

#[test]
fn docno_prefixes_give_source_and_date() {
    let cases = [
        ("AP890101-0001", Some("AP"), Some("1989-01-01")),
        ("LA042990-0001", Some("LA Times"), Some("1990-04-29")),
        ("NYT19980601.0001", Some("NYT"), Some("1998-06-01")),
        ("APW20000105.0010", Some("AP"), Some("2000-01-05")),
        ("WSJ870320-0001", Some("WSJ"), Some("1987-03-20")),
        ("FT911-3", Some("FT"), None),
        ("FBIS3-10", Some("FBIS"), None),
        ("AP891301-0001", Some("AP"), None),
        ("doc-17", None, None),
    ];
    for (docno, source, date) in cases {
        assert_eq!((source_of(docno), docno_date(docno).as_deref()), (source, date), "{docno}");
    }
}
