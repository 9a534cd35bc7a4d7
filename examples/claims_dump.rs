//! Print the claims copydesk extracts from each argument (one sentence or short text each).
//!
//! ```text
//! cargo run --example claims_dump -- "النفط يرتفع" "oil fell 3% on Monday"
//! ```

use copydesk::text::Document;

fn main() {
    for text in std::env::args().skip(1) {
        let doc = Document::new(&text, None);
        for c in copydesk::claims::extract(&doc, None) {
            println!("{}", doc.sentence_norm(c.sentence));
            println!("  keys {} ctx {}", c.keys.len(), c.context_keys.len());
            for q in &c.quantities {
                println!(
                    "  quantity {} ({:?}) head {:?}",
                    q.describe(),
                    q.qualifier,
                    q.head
                );
            }
            for n in &c.negations {
                println!("  negation {:?}", &doc.norm.text[n.span.clone()]);
            }
            for h in &c.hedges {
                println!("  hedge {:?}", &doc.norm.text[h.span.clone()]);
            }
            for a in &c.attributions {
                println!(
                    "  attribution {:?} {:?}",
                    a.strength,
                    &doc.norm.text[a.verb.clone()]
                );
            }
            for e in &c.events {
                println!(
                    "  event {} {:+} negated {} irrealis {} {:?}",
                    e.class,
                    e.pole,
                    e.negated,
                    e.irrealis,
                    &doc.norm.text[e.span.clone()]
                );
            }
            for e in &c.entities {
                println!("  entity {} {}", e.class, e.id);
            }
            for d in &c.dates {
                println!("  date {}", d.describe());
            }
        }
    }
}
