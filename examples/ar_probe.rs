fn main() {
    let mut texts = Vec::new();
    for e in std::fs::read_dir("data/raqqa").unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "txt") { texts.push(std::fs::read_to_string(e.path()).unwrap()); }
    }
    let big: Vec<String> = (0..40).flat_map(|_| texts.clone()).collect();
    let h = copydesk::sketch::MinHasher::new(128);
    let mut n = 0;
    for t in &big { let d = copydesk::text::Document::new(t, None); n += copydesk::sketch::ArticleSketch::of(&d, &h, 3).shingles.len(); }
    println!("{n} {}", big.iter().map(|t| t.len()).sum::<usize>());
}
