//! The size model on the seeds: the article's single-stage image weighs
//! hundreds of MB, the fixed multi-stage one a few.

use docklens::{
    model::{self, BaseSize, ItemKind, KnowledgeBaseFacts, ModelOptions, StageRole},
    syntax,
};

fn report(text: &str) -> docklens::model::SizeReport {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    model::estimate_size(text, &parse, &model)
}

fn seed(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/seed/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

#[test]
fn t1_ships_the_go_sdk() {
    let report = report(&seed("t1"));
    let shipped = report.final_size().expect("one stage ships");
    assert_eq!(shipped.role, StageRole::Ships);
    let disk = shipped
        .disk
        .expect("golang:alpine is in the knowledge base");
    assert!(disk.best() > 200.0, "hundreds of MB on disk, got {disk:?}");
    assert!(matches!(shipped.base, BaseSize::Known { entry, .. } if entry.id == "golang-alpine"));
    // `ADD . .` copies an unknown amount and `go build` leaves caches.
    assert!(disk.partial);
}

#[test]
fn t4_ships_alpine_and_not_the_builder() {
    let report = report(&seed("t4"));
    let shipped = report.final_size().expect("a stage ships");
    let disk = shipped.disk.expect("alpine is known");
    assert!(disk.best() < 20.0, "a few MB on disk, got {disk:?}");
    assert_eq!(report.stages[0].role, StageRole::Builder);
    let builder = report.stages[0].disk.expect("golang:alpine is known");
    assert!(builder.best() > 200.0);
}

#[test]
fn packages_lists_and_duplicates_are_itemised() {
    let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y build-essential curl\nCOPY app /app\nRUN chmod +x /app/run\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends git\n";
    let report = report(text);
    let stage = &report.stages[0];
    let kinds: Vec<(ItemKind, String)> = stage
        .layers
        .iter()
        .flat_map(|it| &it.items)
        .map(|it| (it.kind, it.what.clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (
                ItemKind::PackageIndex,
                "apt package lists left in /var/lib/apt/lists".into()
            ),
            (
                ItemKind::Package,
                "build-essential (apt, with recommends)".into()
            ),
            (ItemKind::Package, "curl (apt, with recommends)".into()),
            (ItemKind::Copy, "`app` from the build context".into()),
            (
                ItemKind::Duplicate,
                "`/app/run` stored again by chmod (added by the COPY on line 3)".into()
            ),
            (ItemKind::Package, "git (apt)".into()),
        ]
    );
    let disk = stage.disk.expect("debian slim is known");
    assert!(disk.low > 74.0 + 402.0 * 0.8, "{disk:?}");
}
