use super::*;
use crate::text::Lang;

/// Original text of the raqqa demo article whose file name starts with `prefix`.
pub(super) fn load_raqqa(name: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/raqqa");
    let path = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap();
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn dump_raqqa() {
    let names = ["000", "001", "002", "003", "004"];
    let texts: Vec<String> = names.iter().map(|n| load_raqqa(n)).collect();
    let docs: Vec<Document> = texts
        .iter()
        .map(|t| Document::new(t, Some(Lang::Ar)))
        .collect();
    for (x, y) in [(0, 1), (0, 2), (1, 2), (0, 3), (0, 4), (3, 4)] {
        let al = align_pair(names[x], &docs[x], names[y], &docs[y]);
        println!(
            "==== {} vs {}: {} x {} sentences",
            names[x],
            names[y],
            docs[x].sentences.len(),
            docs[y].sentences.len()
        );
        for l in &al.links {
            println!(
                "{:?} {:?} {} {:.3} moved={}",
                l.a_sentences, l.b_sentences, l.kind, l.similarity, l.moved
            );
            for &i in &l.a_sentences {
                let r = docs[x].sentences[i].original.clone();
                println!(
                    "   A{i}: {}",
                    &texts[x][r].chars().take(110).collect::<String>()
                );
            }
            for &j in &l.b_sentences {
                let r = docs[y].sentences[j].original.clone();
                println!(
                    "   B{j}: {}",
                    &texts[y][r].chars().take(110).collect::<String>()
                );
            }
        }
        println!("unaligned a {:?} b {:?}", al.unaligned_a, al.unaligned_b);
    }
}

#[test]
fn dump_near_misses() {
    let names = ["000", "001", "002", "003", "004"];
    let texts: Vec<String> = names.iter().map(|n| load_raqqa(n)).collect();
    let docs: Vec<Document> = texts.iter().map(|t| Document::new(t, Some(Lang::Ar))).collect();
    for (x, y) in [(0, 1), (0, 2), (1, 2), (0, 3), (0, 4), (3, 4), (1,4), (2,4)] {
        let s = PairScorer::new(&docs[x], &docs[y]);
        let al = align_pair(names[x], &docs[x], names[y], &docs[y]);
        println!("==== {} vs {}", names[x], names[y]);
        for i in 0..docs[x].sentences.len() {
            for j in 0..docs[y].sentences.len() {
                let ov = s.overlap(i, j);
                let sim = ov.dice();
                let linked = al.links.iter().any(|l| l.a_sentences.contains(&i) && l.b_sentences.contains(&j));
                if sim >= 0.12 && !linked {
                    println!("  miss? {i} {j} sim={sim:.3} ca={:.2} cb={:.2} keys={}", ov.containment_a(), ov.containment_b(), ov.matched_keys);
                    let r = docs[x].sentences[i].original.clone(); println!("   A{i}: {}", &texts[x][r].chars().take(150).collect::<String>());
                    let r = docs[y].sentences[j].original.clone(); println!("   B{j}: {}", &texts[y][r].chars().take(150).collect::<String>());
                }
            }
        }
    }
}
