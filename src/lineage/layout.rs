//! A layered (Sugiyama-style) layout for lineage pictures, left to right:
//! 1. cycles broken by reversing the back edges of a depth-first search;
//! 2. layers by longest path from the sources;
//! 3. edges longer than one layer split with dummy nodes;
//! 4. crossings reduced by barycentre sweeps (down then up), keeping the best order seen;
//! 5. coordinates: one column per layer, nodes stacked and centred in their column.

use std::collections::VecDeque;

pub(crate) struct Layout {
    /// Centre of each real node.
    pub pos: Vec<(f64, f64)>,
    /// One polyline per input edge, from source to target (dummy bends in between).
    pub paths: Vec<Vec<(f64, f64)>>,
    pub width: f64,
    pub height: f64,
    pub layers: usize,
    pub crossings: usize,
}

pub(crate) struct Geometry {
    pub node_w: f64,
    pub node_h: f64,
    pub col_gap: f64,
    pub row_gap: f64,
    pub margin_x: f64,
    pub margin_y: f64,
}

/// Depth-first search from every node; an edge to a node still on the stack is a back edge.
fn back_edges(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut adj = vec![Vec::new(); n];
    for (i, &(f, t)) in edges.iter().enumerate() {
        adj[f].push((t, i));
    }
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut back = vec![false; edges.len()];
    for s in 0..n {
        if state[s] != 0 {
            continue;
        }
        let mut stack = vec![(s, 0usize)];
        state[s] = 1;
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            if *k < adj[v].len() {
                let (w, e) = adj[v][*k];
                *k += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

fn crossings(
    order: &[Vec<usize>],
    pos: &[usize],
    links: &[(usize, usize)],
    layer: &[usize],
) -> usize {
    let mut total = 0;
    for l in 0..order.len().saturating_sub(1) {
        let mut es: Vec<(usize, usize)> = links
            .iter()
            .filter(|&&(a, _)| layer[a] == l)
            .map(|&(a, b)| (pos[a], pos[b]))
            .collect();
        es.sort_unstable();
        for i in 0..es.len() {
            for j in i + 1..es.len() {
                if es[i].0 < es[j].0 && es[i].1 > es[j].1 {
                    total += 1;
                }
            }
        }
    }
    total
}

pub(crate) fn layout(n: usize, edges: &[(usize, usize)], g: &Geometry) -> Layout {
    let back = back_edges(n, edges);
    // Oriented edges, self loops dropped.
    let dag: Vec<(usize, usize)> = edges
        .iter()
        .zip(&back)
        .filter(|((f, t), _)| f != t)
        .map(|(&(f, t), &b)| if b { (t, f) } else { (f, t) })
        .collect();
    // Longest-path layering (Kahn's order).
    let mut indeg = vec![0; n];
    let mut succ = vec![Vec::new(); n];
    for &(f, t) in &dag {
        indeg[t] += 1;
        succ[f].push(t);
    }
    let mut layer = vec![0usize; n];
    let mut q: VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = q.pop_front() {
        for &w in &succ[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                q.push_back(w);
            }
        }
    }
    // Dummy nodes for long edges: `chain[i]` is the vertex sequence of input edge i.
    let mut layer_of = layer.clone();
    let mut links: Vec<(usize, usize)> = Vec::new();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    for (i, &(f, t)) in edges.iter().enumerate() {
        if f == t {
            chains.push(vec![f]);
            continue;
        }
        let (a, b) = if back[i] { (t, f) } else { (f, t) };
        let mut chain = vec![a];
        let mut prev = a;
        for l in layer_of[a] + 1..layer_of[b] {
            let d = layer_of.len();
            layer_of.push(l);
            links.push((prev, d));
            chain.push(d);
            prev = d;
        }
        links.push((prev, b));
        chain.push(b);
        if back[i] {
            chain.reverse();
        }
        chains.push(chain);
    }
    let total = layer_of.len();
    let layers = layer_of.iter().max().map_or(0, |m| m + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for v in 0..total {
        order[layer_of[v]].push(v);
    }
    let mut up = vec![Vec::new(); total];
    let mut down = vec![Vec::new(); total];
    for &(a, b) in &links {
        down[a].push(b);
        up[b].push(a);
    }
    let mut pos = vec![0usize; total];
    let set_pos = |order: &Vec<Vec<usize>>, pos: &mut Vec<usize>| {
        for o in order {
            for (i, &v) in o.iter().enumerate() {
                pos[v] = i;
            }
        }
    };
    set_pos(&order, &mut pos);
    // Counting crossings is quadratic in a layer's edges: on very large pictures, sweep a
    // few times without counting and keep the last order.
    let big = links.len() > 4000;
    let mut best = order.clone();
    let mut best_x = if big {
        usize::MAX
    } else {
        crossings(&order, &pos, &links, &layer_of)
    };
    for sweep in 0..(if big { 4 } else { 24 }) {
        if best_x == 0 {
            break;
        }
        let downward = sweep % 2 == 0;
        let range: Vec<usize> = if downward {
            (1..layers).collect()
        } else {
            (0..layers.saturating_sub(1)).rev().collect()
        };
        for l in range {
            let nb = if downward { &up } else { &down };
            let mut keyed: Vec<(f64, usize, usize)> = order[l]
                .iter()
                .map(|&v| {
                    let ns = &nb[v];
                    let key = if ns.is_empty() {
                        pos[v] as f64
                    } else {
                        ns.iter().map(|&u| pos[u] as f64).sum::<f64>() / ns.len() as f64
                    };
                    (key, pos[v], v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            order[l] = keyed.into_iter().map(|k| k.2).collect();
            for (i, &v) in order[l].iter().enumerate() {
                pos[v] = i;
            }
        }
        let x = if big {
            0
        } else {
            crossings(&order, &pos, &links, &layer_of)
        };
        if big {
            best = order.clone();
            continue;
        }
        if x < best_x {
            best_x = x;
            best = order.clone();
        }
    }
    set_pos(&best, &mut pos);
    if big {
        best_x = crossings(&best, &pos, &links, &layer_of);
    }
    let tallest = best.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let row = g.node_h + g.row_gap;
    let height = g.margin_y * 2.0 + tallest as f64 * row - g.row_gap;
    let width = g.margin_x * 2.0 + layers.max(1) as f64 * (g.node_w + g.col_gap) - g.col_gap;
    let mut xy = vec![(0.0, 0.0); total];
    for o in &best {
        let offset = (tallest - o.len()) as f64 * row / 2.0;
        for (i, &v) in o.iter().enumerate() {
            let x = g.margin_x + layer_of[v] as f64 * (g.node_w + g.col_gap) + g.node_w / 2.0;
            let y = g.margin_y + offset + i as f64 * row + g.node_h / 2.0;
            xy[v] = (x, y);
        }
    }
    let paths = chains
        .iter()
        .map(|c| c.iter().map(|&v| xy[v]).collect())
        .collect();
    Layout {
        pos: xy[..n].to_vec(),
        paths,
        width,
        height,
        layers,
        crossings: best_x,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo() -> Geometry {
        Geometry {
            node_w: 100.0,
            node_h: 20.0,
            col_gap: 50.0,
            row_gap: 10.0,
            margin_x: 0.0,
            margin_y: 0.0,
        }
    }

    #[test]
    fn layers_follow_longest_paths_and_cycles_terminate() {
        // 0→1→2, 0→2 (long edge), 2→0 (cycle).
        let l = layout(3, &[(0, 1), (1, 2), (0, 2), (2, 0)], &geo());
        assert_eq!(l.layers, 3);
        assert!(l.pos[0].0 < l.pos[1].0 && l.pos[1].0 < l.pos[2].0);
        assert_eq!(l.paths[2].len(), 3, "the long edge bends through one dummy");
    }

    #[test]
    fn barycentre_removes_avoidable_crossings() {
        // Two independent chains given in crossing order: a0→b1, a1→b0.
        let l = layout(4, &[(0, 3), (1, 2)], &geo());
        assert_eq!(l.crossings, 0);
    }
}
