use super::*;

#[test]
fn same_seed_same_corpus_and_exact_count() {
    let cfg = SynthConfig::new(300, LangMix::Mixed, 42);
    let (a, ga) = Corpus::generate(&cfg);
    let (b, gb) = Corpus::generate(&cfg);
    assert_eq!(a.len(), 300);
    assert_eq!(a, b);
    assert_eq!(ga, gb);
    let (c, _) = Corpus::generate(&SynthConfig::new(300, LangMix::Mixed, 43));
    assert_ne!(a, c);
}

#[test]
fn ids_are_unique_and_gold_refers_to_them() {
    let (arts, gold) = Corpus::generate(&SynthConfig::new(2000, LangMix::En, 1));
    let ids: std::collections::HashSet<&str> = arts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), arts.len());
    assert!(gold.reprint_clusters().count() > 50);
    for c in &gold.clusters {
        assert!(c.articles.len() >= 2);
        for id in &c.articles {
            assert!(ids.contains(id.as_str()));
        }
    }
    let in_clusters: usize = gold.reprint_clusters().map(|c| c.articles.len()).sum();
    let share = in_clusters as f64 / arts.len() as f64;
    assert!(
        (0.35..0.75).contains(&share),
        "share in reprint clusters {share}"
    );
}

#[test]
fn planted_spans_point_at_the_changed_text() {
    let (arts, gold) = Corpus::generate(&SynthConfig::new(1500, LangMix::Mixed, 7));
    let by_id: std::collections::HashMap<&str, &Article> =
        arts.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut numbers = 0;
    for p in &gold.planted {
        if let (Some(s), Some(t)) = (p.article_span, &p.article_text) {
            assert_eq!(&by_id[p.article.as_str()].text[s[0]..s[1]], t);
        }
        if let (Some(s), Some(t)) = (p.wire_span, &p.wire_text) {
            assert_eq!(&by_id[p.wire.as_str()].text[s[0]..s[1]], t);
        }
        if p.detail == "number_changed" {
            numbers += 1;
            assert_ne!(p.wire_text, p.article_text);
        }
        if p.detail == "credit_removed" {
            let w = p.wire_text.as_deref().unwrap_or("");
            assert!(w.starts_with('(') && w.ends_with(')'), "{w}");
        }
    }
    assert!(numbers > 10);
}

#[test]
fn reprints_are_partial_and_sentences_have_news_lengths() {
    let (arts, gold) = Corpus::generate(&SynthConfig::new(3000, LangMix::Mixed, 3));
    let reprints: Vec<&GoldMember> = gold
        .reprint_clusters()
        .flat_map(|c| &c.members)
        .filter(|m| m.role == Role::Reprint)
        .collect();
    let partial = reprints
        .iter()
        .filter(|m| (0.3..0.9).contains(&m.containment))
        .count();
    assert!(
        partial * 2 > reprints.len(),
        "{partial} of {} partial",
        reprints.len()
    );
    for lang in ["en", "ar"] {
        let (mut words, mut sents) = (0usize, 0usize);
        for a in arts.iter().filter(|a| a.lang.as_deref() == Some(lang)) {
            words += a.text.split_whitespace().count();
            sents += a.text.matches(". ").count() + a.text.matches(".\n").count() + 1;
        }
        let mean = words as f64 / sents as f64;
        let want = if lang == "en" { 15.0..26.0 } else { 24.0..40.0 };
        assert!(want.contains(&mean), "{lang} mean sentence length {mean}");
    }
}

#[test]
fn planted_pairs_separate_reprints_from_the_rest() {
    let pairs = planted_pairs(5, 400, LangMix::Ar);
    let pos: Vec<_> = pairs.iter().filter(|p| p.is_reprint).collect();
    let neg: Vec<_> = pairs.iter().filter(|p| !p.is_reprint).collect();
    assert!(pos.len() > 50 && neg.len() >= pos.len());
    let mean_c = |v: &[&PlantedPair]| v.iter().map(|p| p.containment).sum::<f64>() / v.len() as f64;
    assert!(mean_c(&pos) > 0.5, "{}", mean_c(&pos));
    assert!(mean_c(&neg) < 0.1, "{}", mean_c(&neg));
}

#[test]
fn dates_are_iso() {
    assert_eq!(iso_date(0), "2017-01-01");
    assert_eq!(iso_date(59), "2017-03-01");
    assert_eq!(iso_date(365), "2018-01-01");
}

#[test]
fn writes_shards_gold_and_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = SynthConfig::new(250, LangMix::Mixed, 9);
    let s = write_corpus(&cfg, dir.path(), OutputFormat::Jsonl, 100).unwrap();
    assert_eq!(s.articles, 250);
    assert_eq!(s.files, 3);
    let lines: usize = (0..3)
        .map(|i| {
            std::fs::read_to_string(
                dir.path()
                    .join("articles")
                    .join(format!("articles-{i:05}.jsonl")),
            )
            .unwrap()
            .lines()
            .count()
        })
        .sum();
    assert_eq!(lines, 250);
    let gold = std::fs::read_to_string(dir.path().join("gold.jsonl")).unwrap();
    let first: GoldCluster = serde_json::from_str(gold.lines().next().unwrap()).unwrap();
    assert!(first.articles.len() >= 2);
    assert!(dir.path().join("manifest.json").exists());
}

#[test]
fn streaming_clusters_equal_batch_clusters_and_find_the_planted_reprints() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = SynthConfig::new(400, LangMix::Mixed, 21);
    write_corpus(&cfg, dir.path(), OutputFormat::Jsonl, 150).unwrap();
    let paths = vec![dir.path().join("articles")];
    let opts = crate::corpus::ReadOptions::default();
    let run = crate::Config::default();
    let streamed = crate::reprint_clusters_streaming(&paths, &opts, &run);
    let batch = crate::corpus::read_batch(&paths, &opts);
    let batched = crate::reprint_clusters_only(batch, &run);
    assert_eq!(streamed, batched);
    assert_eq!(streamed.articles, 400);
    // every gold reprint cluster is found inside one predicted cluster
    let (_, gold) = Corpus::generate(&cfg);
    let found = gold
        .reprint_clusters()
        .filter(|g| {
            streamed
                .reprint_clusters
                .iter()
                .any(|c| g.articles.iter().all(|a| c.articles.contains(a)))
        })
        .count();
    let total = gold.reprint_clusters().count();
    assert!(
        found * 10 >= total * 9,
        "{found} of {total} gold clusters found whole"
    );
}
