//! Criterion benches for the hot loops (placeholder replaced by the benchmark work).
use criterion::{Criterion, criterion_group, criterion_main};

fn fold(c: &mut Criterion) {
    let text = "Russian President Vladimir Putin met North Korean leader Kim Jong Un. ".repeat(200);
    let mut folded = comention::fold::FoldedText::default();
    c.bench_function("fold 14 KB", |b| {
        b.iter(|| folded.fold_into(&text, comention::fold::Case::Fold))
    });
}

criterion_group!(benches, fold);
criterion_main!(benches);
