//! Union-find with path halving and union by size.

/// Disjoint sets over `0..n`.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let p = self.parent[x] as usize;
            self.parent[x] = self.parent[p];
            x = self.parent[x] as usize;
        }
        x
    }

    pub fn union(&mut self, a: usize, b: usize) {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        if self.size[ra] < self.size[rb] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb] = ra as u32;
        self.size[ra] += self.size[rb];
    }

    /// Sets with at least `min_size` members, each sorted, ordered by their smallest member.
    ///
    /// Only those sets get a list (a root's size is its set's): a list for every root took a
    /// thousand allocations per thousand articles, nearly all of them for singletons.
    pub fn components(&mut self, min_size: usize) -> Vec<Vec<usize>> {
        let n = self.parent.len();
        let min_size = min_size.max(1);
        // `at[root]`: the index in `out` of the root's set, numbered as its smallest member
        // (the first met) comes
        let mut at = vec![u32::MAX; n];
        let mut out: Vec<Vec<usize>> = Vec::new();
        for i in 0..n {
            let root = self.find(i);
            let size = self.size[root] as usize;
            if size < min_size {
                continue;
            }
            if at[root] == u32::MAX {
                at[root] = out.len() as u32;
                out.push(Vec::with_capacity(size));
            }
            out[at[root] as usize].push(i);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_transitively() {
        let mut uf = UnionFind::new(6);
        uf.union(0, 2);
        uf.union(2, 4);
        uf.union(1, 5);
        assert_eq!(uf.components(2), vec![vec![0, 2, 4], vec![1, 5]]);
        assert_eq!(uf.components(1).len(), 3);
    }

    /// The sets of a brute-force labelling, in the order of their smallest members, for any
    /// minimum size.
    #[test]
    fn components_are_those_of_a_labelling() {
        let mut x = 7u64;
        let mut next = |m: usize| {
            x = crate::sketch::mix64(x + 1);
            (x % m as u64) as usize
        };
        for n in [1usize, 2, 10, 60, 300] {
            let mut uf = UnionFind::new(n);
            let mut label: Vec<usize> = (0..n).collect();
            for _ in 0..n / 2 {
                let (a, b) = (next(n), next(n));
                uf.union(a, b);
                let (from, to) = (label[a], label[b]);
                label
                    .iter_mut()
                    .filter(|l| **l == from)
                    .for_each(|l| *l = to);
            }
            for min_size in 0..4 {
                let mut expected: Vec<Vec<usize>> = Vec::new();
                for i in 0..n {
                    if expected.iter().any(|c| label[c[0]] == label[i]) {
                        continue;
                    }
                    let set: Vec<usize> = (i..n).filter(|&j| label[j] == label[i]).collect();
                    if set.len() >= min_size.max(1) {
                        expected.push(set);
                    }
                }
                assert_eq!(uf.components(min_size), expected, "n {n}, min {min_size}");
            }
        }
    }
}
