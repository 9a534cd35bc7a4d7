//! Print the claims copydesk extracts from each argument (one sentence or short text each), each
//! argument after a line "#"; names with their role in the clause.
//!
//! ```text
//! cargo run --example claims_dump -- "النفط يرتفع" "oil fell 3% on Monday"
//! ```

use copydesk::text::Document;

fn main() {
    for text in std::env::args().skip(1) {
        let doc = Document::new(&text, None);
        println!("#");
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
                    "  attribution {:?} {:?} at {} source {:?}",
                    a.strength,
                    &doc.norm.text[a.verb.clone()],
                    a.verb.start,
                    a.source_span.clone().map(|r| &doc.norm.text[r])
                );
            }
            for e in &c.events {
                println!(
                    "  event {} {:+} negated {} irrealis {} {:?} at {}",
                    e.class,
                    e.pole,
                    e.negated,
                    e.irrealis,
                    &doc.norm.text[e.span.clone()],
                    e.span.start
                );
            }
            for e in &c.entities {
                println!(
                    "  entity {} {} {:?} at {} role {}",
                    e.class,
                    e.id,
                    &doc.norm.text[e.span.clone()],
                    e.span.start,
                    e.role.map_or("-", |r| r.name())
                );
            }
            for d in &c.dates {
                println!("  date {}", d.describe());
            }
        }
    }
}
